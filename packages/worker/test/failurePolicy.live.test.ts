// The worker's rarely taken failure paths, through the real consumer (BullMQ, Postgres, S3) with a scanner
// double and a builder whose output or timing a test controls:
//   bash scripts/services/s3.sh
import { createHash } from "node:crypto"
import type { DishGeometry } from "@ardine/domain"
import { DishesRepo, ModelQueue, makeMalwareScannerTest, StorageUrlsLive } from "@ardine/infra"
import { expect, layer } from "@effect/vitest"
import { type Context, Effect, Layer } from "effect"
import { vi } from "vitest"
import type * as Builder from "../src/builder/index.js"
import { OwnerReason } from "../src/errors.js"
import { contentHash, hashOfModelKey } from "../src/keys.js"
import { Fixtures, fileSettings, rawQueue, startWorker, testGeometry, waitUntil } from "./support/workerTest.js"

/** Every build the worker asks for, and what a test does to it before the worker gets it back. */
const builds = vi.hoisted(() => ({
  /** The shape each build was asked for, in order, as it started. */
  geometries: [] as Array<unknown>,
  /** The sha256 of each finished build's GLB. */
  glbHashes: [] as Array<string>,
  before: null as null | ((call: number) => Promise<void> | undefined),
  alter: null as null | ((glb: Uint8Array) => void),
}))

vi.mock("../src/builder/index.js", async (importOriginal) => {
  const real = await importOriginal<typeof Builder>()
  const buildDishModel: typeof real.buildDishModel = async (geometry, photo, options) => {
    const call = builds.geometries.push(geometry) - 1
    await builds.before?.(call)
    const model = await real.buildDishModel(geometry, photo, options)
    builds.alter?.(model.glb)
    builds.glbHashes[call] = createHash("sha256").update(model.glb).digest("hex")
    return model
  }
  return { ...real, buildDishModel }
})

const settings = fileSettings()
const cleanScanner = { scanner: makeMalwareScannerTest({ infectedIf: () => false }) }

const enqueue = (context: Context.Context<ModelQueue>, payload: Parameters<ModelQueue["Type"]["enqueue"]>[0]) =>
  Effect.flatMap(ModelQueue, (queue) => queue.enqueue(payload)).pipe(Effect.provide(context), Effect.orDie)

/** Flips the sign/exponent byte of the first float in the binary chunk: the mesh no longer matches its bounds. */
const corrupt = (glb: Uint8Array) => {
  const binData = 20 + new DataView(glb.buffer, glb.byteOffset).getUint32(12, true) + 8
  glb[binData + 3] = (glb[binData + 3] ?? 0) ^ 0x40
}

const reset = Effect.sync(() => {
  builds.geometries.length = 0
  builds.glbHashes.length = 0
  builds.before = null
  builds.alter = null
})

layer(Fixtures.layer(settings), { excludeTestServices: true })("model worker failure policy", (it) => {
  it.scoped(
    "a builder emitting an invalid GLB: the dish fails with the validator's reason and nothing is stored",
    () =>
      Effect.gen(function* () {
        yield* reset
        builds.alter = corrupt
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context, env } = yield* startWorker(settings, cleanScanner)
        const queue = yield* rawQueue(env)
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "failed")
        expect(row).toMatchObject({
          modelProgress: 0,
          modelKey: null,
          usdzKey: null,
          failureReason: OwnerReason.validationFailed,
        })
        expect(yield* fx.modelKeys(dish)).toEqual([])
        // Deterministic, so not retried: one build, and the job says which check failed.
        const job = yield* waitUntil(
          Effect.promise(() => queue.getJob(`model-${dish.dishId}`)),
          (j) => j?.failedReason !== undefined,
        )
        expect(job?.attemptsMade).toBe(1)
        expect(job?.failedReason).toContain("ACCESSOR_MAX_MISMATCH")
        expect(builds.geometries).toHaveLength(1)
      }),
    30_000,
  )

  it.scoped(
    "a job timing out on every attempt ends failed after exactly its configured attempts",
    () =>
      Effect.gen(function* () {
        yield* reset
        // A build that never finishes: only the job timeout can end the attempt.
        builds.before = () => new Promise<void>(() => {})
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context, env } = yield* startWorker(settings, {
          ...cleanScanner,
          env: { WORKER_JOB_TIMEOUT_MS: "1000" },
        })
        const queue = yield* rawQueue(env)
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "failed")
        expect(row).toMatchObject({ modelProgress: 0, modelKey: null, failureReason: OwnerReason.timedOut })
        const job = yield* waitUntil(
          Effect.promise(() => queue.getJob(`model-${dish.dishId}`)),
          (j) => j?.finishedOn !== undefined,
        )
        expect(yield* Effect.promise(() => job?.getState() ?? Promise.resolve("missing"))).toBe("failed")
        expect(job?.opts.attempts).toBe(3)
        expect(job?.attemptsMade).toBe(3)
        expect(builds.geometries).toHaveLength(3)
        expect(yield* fx.modelKeys(dish)).toEqual([])
      }),
    30_000,
  )

  it.scoped(
    "a shape changed while the model was being built is rebuilt from the new shape",
    () =>
      Effect.gen(function* () {
        yield* reset
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context } = yield* startWorker(settings, cleanScanner)
        const edited: DishGeometry = {
          ...testGeometry,
          vessel: { kind: "bowl", diameterCm: 18, heightCm: 7, color: "#2f4f6f", roughness: 0.4 },
        }
        // The owner saves a corrected shape (as the API does) while the first build is under way.
        builds.before = (call) =>
          call === 0
            ? Effect.runPromise(
                Effect.flatMap(DishesRepo, (repo) => repo.requestModel(dish.restaurantId, dish.dishId, edited)).pipe(
                  Effect.provide(DishesRepo.Default.pipe(Layer.provide(StorageUrlsLive))),
                  Effect.provide(context),
                  Effect.orDie,
                  Effect.asVoid,
                ),
              )
            : undefined
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready")
        expect(builds.geometries).toEqual([testGeometry, edited])
        // What is stored is the second build, of the new shape, as the version after the edit.
        expect(hashOfModelKey(row.modelKey ?? "")).toBe(contentHash(builds.glbHashes[1] ?? ""))
        expect(row).toMatchObject({ modelVersion: 2, failureReason: null })
      }),
    30_000,
  )
})
