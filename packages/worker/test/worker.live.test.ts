// The model worker in this process against real Postgres, Redis, clamd (port 3399) and Ceph S3:
//   bash scripts/services/clamd.sh && bash scripts/services/s3.sh
import type { DishProgressEvent, ModelJobPayload } from "@ardine/domain"
import {
  BlobStorage,
  BlobStorageLive,
  ModelQueue,
  makeMalwareScannerTest,
  modelJobOptions,
  restaurantChannel,
  StorageUnavailable,
} from "@ardine/infra"
import { expect, layer } from "@effect/vitest"
import { Context, Effect, Layer, Option } from "effect"
import { validateGlb } from "../src/builder/index.js"
import { HealthServer } from "../src/health.js"
import { modelKeyFor, posterKeyFor } from "../src/keys.js"
import { processModelJob } from "../src/processor.js"
import { reconcileOnce } from "../src/reconciler.js"
import { readUsdz } from "./support/usdzReader.js"
import {
  currentBlobs,
  Fixtures,
  fileSettings,
  rawQueue,
  recordingTracer,
  startWorker,
  subscribe,
  testGeometry,
  waitUntil,
} from "./support/workerTest.js"

const settings = fileSettings()

const USDZ_KEY = /^restaurants\/[\da-f-]{36}\/dishes\/[\da-f-]{36}\/model-v(\d+)-[\da-f]{16}\.usdz$/
const MODEL_KEY = /^restaurants\/[\da-f-]{36}\/dishes\/[\da-f-]{36}\/model-v(\d+)-[\da-f]{16}\.glb$/

const enqueue = (context: Context.Context<ModelQueue>, payload: ModelJobPayload) =>
  Effect.flatMap(ModelQueue, (queue) => queue.enqueue(payload)).pipe(Effect.provide(context), Effect.orDie)

layer(Fixtures.layer(settings), { excludeTestServices: true })("model worker", (it) => {
  it.scoped(
    "a job goes pending -> generating -> ready; the stored GLB downloads and passes the validator",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { tracer, spans } = yield* recordingTracer
        const { context, prefix } = yield* startWorker(settings, { tracer })
        const events = (yield* subscribe(restaurantChannel(prefix, dish.restaurantId))) as Array<DishProgressEvent>
        expect((yield* fx.dish(dish.dishId)).modelStatus).toBe("pending")

        const started = performance.now()
        const traceId = "ab".repeat(16)
        yield* enqueue(context, { ...dish.payload, traceparent: `00-${traceId}-${"cd".repeat(8)}-01` })
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready")
        const latencyMs = Math.round(performance.now() - started)
        console.info(`[worker] enqueue -> ready: ${latencyMs} ms`)

        expect(row).toMatchObject({ modelProgress: 100, modelVersion: 1, failureReason: null })
        const modelKey = row.modelKey ?? ""
        expect(modelKey).toMatch(MODEL_KEY)
        expect(modelKey.startsWith(`restaurants/${dish.restaurantId}/dishes/${dish.dishId}/`)).toBe(true)

        const { bytes } = yield* fx.download(modelKey)
        const report = yield* Effect.promise(() => validateGlb(bytes))
        expect(report.numErrors).toBe(0)
        expect(report.triangles).toBeGreaterThan(100)
        expect(yield* fx.head(modelKey)).toMatchObject({
          contentType: "model/gltf-binary",
          cacheControl: "public, max-age=31536000, immutable",
        })
        expect(yield* fx.modelKeys(dish)).toEqual(currentBlobs(row))
        expect((yield* fx.head(posterKeyFor(modelKey) ?? "")).contentType).toBe("image/webp")

        // The USDZ beside it: same version, its own content hash, and what an independent reader sees in it
        // matches the GLB (meshes, vertices, triangles, the photo).
        const usdzKey = row.usdzKey ?? ""
        expect(usdzKey).toMatch(USDZ_KEY)
        expect(usdzKey.startsWith(`restaurants/${dish.restaurantId}/dishes/${dish.dishId}/model-v1-`)).toBe(true)
        expect(yield* fx.head(usdzKey)).toMatchObject({
          contentType: "model/vnd.usdz+zip",
          cacheControl: "public, max-age=31536000, immutable",
        })
        const usdzBytes = (yield* fx.download(usdzKey)).bytes
        const usdz = yield* Effect.promise(() => readUsdz(usdzBytes))
        expect(usdz.points).toBe(report.vertices)
        expect(usdz.meshes.reduce((n, m) => n + m.triangles, 0)).toBe(report.triangles)
        expect(usdz.meshes.some((m) => m.texture !== null)).toBe(true)

        // Live progress, at the real step boundaries, ending ready.
        yield* waitUntil(
          Effect.sync(() => events.length),
          (n) => n >= 7,
          "2 seconds",
        )
        expect(events.map((e) => `${e.status}:${e.progress}`)).toEqual([
          "generating:5",
          "generating:20",
          "generating:60",
          "generating:75",
          "generating:85",
          "generating:95",
          "ready:100",
        ])
        expect(events.every((e) => e.type === "dish.progress" && e.dishId === dish.dishId)).toBe(true)

        // One trace with the producer: the job span's parent is the span in the payload's traceparent.
        const job = spans.find((s) => s.name === "worker.job")
        expect(job?.traceId).toBe(traceId)
        expect(
          job?.parent.pipe(
            Option.map((p) => p.spanId),
            Option.getOrNull,
          ),
        ).toBe("cd".repeat(8))
        for (const step of [
          "worker.load",
          "worker.fetch",
          "worker.build",
          "worker.validate",
          "worker.scan",
          "worker.store",
          "worker.ready",
        ]) {
          const span = spans.find((s) => s.name === step)
          expect(span?.traceId, step).toBe(traceId)
          expect(span?.attributes.get("dishId"), step).toBe(dish.dishId)
        }

        // Probes: live and ready (Redis, database, consumer).
        const { port } = Context.get(context, HealthServer)
        const live = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/health/live`))
        expect(live.status).toBe(200)
        const ready = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/health/ready`))
        expect(yield* Effect.promise(() => ready.json())).toEqual({
          status: "ok",
          checks: { redis: "ok", database: "ok", worker: "ok" },
        })
      }),
    30_000,
  )

  it.scoped(
    "the scanner flags the model: the dish fails at once with a readable reason and nothing is stored",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context, env } = yield* startWorker(settings, {
          scanner: makeMalwareScannerTest({ infectedIf: () => true }),
        })
        const queue = yield* rawQueue(env)
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "failed")
        expect(row).toMatchObject({
          modelProgress: 0,
          modelKey: null,
          failureReason: "the generated model was flagged by the malware scanner",
        })
        expect(yield* fx.modelKeys(dish)).toEqual([])
        // Kept for inspection, not retried (the dish is marked just before BullMQ moves the job).
        const stateOf = Effect.promise(() =>
          queue.getJob(`model-${dish.dishId}`).then((j) => j?.getState() ?? "missing"),
        )
        yield* waitUntil(stateOf, (s) => s === "failed")
        const job = yield* Effect.promise(() => queue.getJob(`model-${dish.dishId}`))
        expect(job?.attemptsMade).toBe(1)
        expect(job?.failedReason).toContain("flagged by the malware scanner")
      }),
    30_000,
  )

  /** The real store, but model uploads fail while `down(n)` says so (n counts model-bucket uploads from 1). */
  const storageDownWhile = (down: (modelUploads: number) => boolean) => {
    const counter = { modelUploads: 0 }
    const layer = Layer.effect(
      BlobStorage,
      Effect.map(BlobStorage, (inner) =>
        BlobStorage.of({
          ...inner,
          upload: (bucket, key, body, options) => {
            if (bucket === "models" && down(++counter.modelUploads)) {
              return Effect.fail(new StorageUnavailable({ operation: "upload", reason: "test: storage is down" }))
            }
            return inner.upload(bucket, key, body, options)
          },
        }),
      ),
    ).pipe(Layer.provide(BlobStorageLive))
    return { layer, counter }
  }
  // Short waits between tries, so an outage "longer than the job's 3 attempts" fits in a test.
  const quickOutageRetries = { WORKER_OUTAGE_RETRY_MAX_MS: "200" }

  it.scoped(
    "storage down for longer than a job's attempts: the job waits without spending them and the dish ends ready",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        // Four runs in a row meet the outage (a run tries the poster first); the fifth stores all three blobs.
        const flaky = storageDownWhile((n) => n <= 4)
        const { context, env, prefix } = yield* startWorker(settings, { storage: flaky.layer, env: quickOutageRetries })
        const queue = yield* rawQueue(env)
        const events = (yield* subscribe(restaurantChannel(prefix, dish.restaurantId))) as Array<DishProgressEvent>
        const attemptsSeen: Array<number> = []
        const waitsSeen: Array<string> = []
        const jobId = `model-${dish.dishId}`
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(
          Effect.zipRight(
            Effect.promise(async () => {
              const job = await queue.getJob(jobId)
              if (job !== undefined) attemptsSeen.push(job.attemptsMade)
            }),
            Effect.tap(fx.dish(dish.dishId), (r) => {
              if (r.modelWaitingFor !== null && r.modelWaitingSince !== null) waitsSeen.push(r.modelWaitingFor)
            }),
          ),
          (r) => r.modelStatus === "ready" || r.modelStatus === "failed",
        )
        expect(row).toMatchObject({ modelStatus: "ready", modelProgress: 100, modelVersion: 1, failureReason: null })
        // While it waited the owner could see why, told once by an event; ready, the note is gone.
        expect(new Set(waitsSeen)).toEqual(new Set(["storage"]))
        expect(events.filter((e) => e.waitingFor !== undefined)).toEqual([
          expect.objectContaining({ status: "generating", waitingFor: "storage" }),
        ])
        expect(row).toMatchObject({ modelWaitingFor: null, modelWaitingSince: null })
        expect(flaky.counter.modelUploads).toBe(7)
        // Five runs, none of them spent an attempt (three would have failed the dish), and it never failed.
        expect(events.filter((e) => e.status === "generating" && e.progress === 5)).toHaveLength(5)
        expect(events.some((e) => e.status === "failed")).toBe(false)
        expect(attemptsSeen.length).toBeGreaterThan(0)
        expect(attemptsSeen.every((n) => n === 0)).toBe(true)
        expect(yield* fx.modelKeys(dish)).toEqual(currentBlobs(row))
      }),
    30_000,
  )

  it.scoped(
    "storage down for longer than WORKER_OUTAGE_MAX_WAIT_MS: the dish fails with a readable reason",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const flaky = storageDownWhile(() => true)
        const { context, env } = yield* startWorker(settings, {
          storage: flaky.layer,
          env: { ...quickOutageRetries, WORKER_OUTAGE_MAX_WAIT_MS: "3000" },
        })
        const queue = yield* rawQueue(env)
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "failed")
        expect(row).toMatchObject({
          modelProgress: 0,
          modelKey: null,
          failureReason: "the file storage was unavailable",
          modelWaitingFor: null,
          modelWaitingSince: null,
        })
        expect(flaky.counter.modelUploads).toBeGreaterThan(3)
        // Failed for good (the dish is marked just before BullMQ moves the job), after its first attempt.
        const job = yield* waitUntil(
          Effect.promise(() => queue.getJob(`model-${dish.dishId}`)),
          (j) => j?.failedReason !== undefined,
        )
        expect(job?.attemptsMade).toBe(1)
        expect(job?.failedReason).toContain("still down after waiting")
        expect(yield* fx.modelKeys(dish)).toEqual([])
      }),
    30_000,
  )

  it.scoped(
    "a malformed payload fails without retry; one naming a real dish fails that dish",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { env } = yield* startWorker(settings)
        const queue = yield* rawQueue(env)
        yield* Effect.promise(() =>
          queue.add("build-model", { dishId: "not-a-uuid" }, { ...modelJobOptions, jobId: "model-garbage" }),
        )
        yield* Effect.promise(() =>
          queue.add(
            "build-model",
            { ...dish.payload, geometry: { vessel: { kind: "spaceship" }, components: [] } },
            { ...modelJobOptions, jobId: `model-${dish.dishId}` },
          ),
        )
        const stateOf = (id: string) =>
          Effect.promise(() => queue.getJob(id).then((job) => job?.getState() ?? "missing"))
        yield* waitUntil(stateOf("model-garbage"), (s) => s === "failed")
        yield* waitUntil(stateOf(`model-${dish.dishId}`), (s) => s === "failed")
        for (const id of ["model-garbage", `model-${dish.dishId}`]) {
          const job = yield* Effect.promise(() => queue.getJob(id))
          expect(job?.attemptsMade).toBe(1)
          expect(job?.failedReason).toContain("the model request was invalid")
        }
        expect(yield* fx.dish(dish.dishId)).toMatchObject({
          modelStatus: "failed",
          modelProgress: 0,
          failureReason: "the model request was invalid; regenerate the model",
        })
      }),
    30_000,
  )

  it.scoped(
    "the reconciler re-enqueues a pending dish whose job went missing",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        // Inserted an hour ago, and no job was ever added (the API crashed between insert and enqueue).
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant, { updatedAgo: "1 hour" })
        const { context } = yield* startWorker(settings, {
          env: { RECONCILE_STALE_AFTER_MS: String(30 * 60_000), RECONCILE_INTERVAL_MS: "60000" },
        })
        // The pass on start picked it up; the worker builds it.
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready")
        expect(row).toMatchObject({ modelProgress: 100, modelVersion: 1 })
        // Once ready, a pass leaves it alone.
        const report = yield* reconcileOnce.pipe(Effect.provide(context), Effect.orDie)
        expect(report.enqueued).toBe(0)
      }),
    30_000,
  )

  it.scoped(
    "a re-run deletes what an earlier run of the same job uploaded but never made current",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context } = yield* startWorker(settings)
        // An earlier run built other bytes (the shape was edited since), announced and uploaded them, then died.
        const storage = Context.get(context, BlobStorage)
        const stray = modelKeyFor(dish.restaurantId, dish.dishId, 1, "0".repeat(64))
        const strayPoster = posterKeyFor(stray) ?? ""
        for (const key of [stray, strayPoster]) {
          yield* Effect.orDie(storage.upload("models", key, new Uint8Array([1, 2, 3]), { contentType: "x/test" }))
        }
        const recorded: Array<string> = []
        const outcome = yield* processModelJob({
          id: "rerun",
          lane: "builder",
          data: dish.payload,
          attemptsMade: 0,
          maxAttempts: 3,
          outageSince: null,
          uploadedEarlier: [stray, strayPoster],
          recordUploads: (keys) => Effect.sync(() => void recorded.push(...keys)),
        }).pipe(Effect.provide(context), Effect.orDie)
        expect(outcome.result).toBe("ready")
        const row = yield* fx.dish(dish.dishId)
        const modelKey = row.modelKey ?? ""
        expect(recorded).toEqual([modelKey, posterKeyFor(modelKey), row.usdzKey])
        expect(yield* fx.modelKeys(dish)).toEqual(currentBlobs(row))
      }),
    30_000,
  )

  it.scoped(
    "regenerating after a completed job stores a new version and deletes the previous blob",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context, prefix } = yield* startWorker(settings)
        const events = (yield* subscribe(restaurantChannel(prefix, dish.restaurantId))) as Array<DishProgressEvent>
        const runsFinished = Effect.sync(() => events.filter((e) => e.status === "ready").length)
        yield* enqueue(context, dish.payload)
        const first = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready")
        const firstKey = first.modelKey ?? ""

        // The owner corrects the shape; the API enqueues again for the same dish.
        const edited = {
          ...testGeometry,
          vessel: { kind: "bowl", diameterCm: 18, heightCm: 7, color: "#2f4f6f", roughness: 0.4 },
        } as const
        yield* fx.setGeometry(dish.dishId, edited)
        yield* enqueue(context, { ...dish.payload, geometry: edited })
        const second = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready" && r.modelVersion === 2)
        const secondKey = second.modelKey ?? ""
        expect(secondKey).toMatch(MODEL_KEY)
        expect(secondKey).not.toBe(firstKey)
        // The previous version goes right after the database points at the new one.
        expect(second.usdzKey).not.toBe(first.usdzKey)
        const current = currentBlobs(second)
        yield* waitUntil(fx.modelKeys(dish), (keys) => keys.join() === current.join(), "5 seconds")

        // Regenerating with nothing changed builds the same bytes: the current model stays, no new version.
        // The job must really have run to the end (a third "ready" event), not merely have left the queue.
        yield* waitUntil(runsFinished, (n) => n === 2, "5 seconds")
        yield* enqueue(context, { ...dish.payload, geometry: edited })
        yield* waitUntil(runsFinished, (n) => n === 3)
        expect(events.filter((e) => e.status === "generating" && e.progress === 95)).toHaveLength(3)
        yield* waitUntil(
          Effect.flatMap(ModelQueue, (queue) => queue.state(dish.dishId)).pipe(Effect.provide(context), Effect.orDie),
          (s) => s === "missing",
        )
        expect(yield* fx.dish(dish.dishId)).toMatchObject({
          modelStatus: "ready",
          modelVersion: 2,
          modelKey: secondKey,
        })
        expect(yield* fx.modelKeys(dish)).toEqual(current)
      }),
    30_000,
  )

  it.scoped(
    "the USDZ is scanned like the GLB: flagged, nothing is stored and the dish fails",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        // Flags zip archives only: the GLB passes, its USDZ does not.
        const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b
        const { context } = yield* startWorker(settings, { scanner: makeMalwareScannerTest({ infectedIf: isZip }) })
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "failed")
        expect(row).toMatchObject({ modelKey: null, usdzKey: null })
        expect(yield* fx.modelKeys(dish)).toEqual([])
      }),
    30_000,
  )

  it.scoped(
    "a ready dish stored without a USDZ gets one from its GLB on the next reconciler pass",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context } = yield* startWorker(settings)
        yield* enqueue(context, dish.payload)
        const built = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready")
        // As if it had been made ready before the worker wrote USDZ files.
        yield* fx.forgetUsdz(dish.dishId)
        expect(yield* fx.modelKeys(dish)).toEqual([built.modelKey, posterKeyFor(built.modelKey ?? "")].sort())

        const report = yield* reconcileOnce.pipe(Effect.provide(context), Effect.orDie)
        expect(report.usdzBackfilled).toBe(1)
        const row = yield* fx.dish(dish.dishId)
        // The dish never left ready and kept its model; the USDZ sits beside it, versioned like it.
        expect(row).toMatchObject({ modelStatus: "ready", modelKey: built.modelKey, modelVersion: 1 })
        const usdzKey = row.usdzKey ?? ""
        expect(usdzKey).toMatch(USDZ_KEY)
        expect(usdzKey.startsWith(`restaurants/${dish.restaurantId}/dishes/${dish.dishId}/model-v1-`)).toBe(true)
        expect(yield* fx.modelKeys(dish)).toEqual(currentBlobs(row))
        expect((yield* fx.head(usdzKey)).contentType).toBe("model/vnd.usdz+zip")

        const glbBytes = (yield* fx.download(row.modelKey ?? "")).bytes
        const glb = yield* Effect.promise(() => validateGlb(glbBytes))
        const usdzBytes = (yield* fx.download(usdzKey)).bytes
        const usdz = yield* Effect.promise(() => readUsdz(usdzBytes))
        expect(usdz.points).toBe(glb.vertices)
        expect(usdz.meshes.reduce((n, m) => n + m.triangles, 0)).toBe(glb.triangles)

        // Done once: the next pass has nothing to do.
        expect((yield* reconcileOnce.pipe(Effect.provide(context), Effect.orDie)).usdzBackfilled).toBe(0)
      }),
    30_000,
  )

  it.scoped(
    "the backfill fails closed: a USDZ the scanner flags is not stored",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const { context } = yield* startWorker(settings)
        yield* enqueue(context, dish.payload)
        const built = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready")
        yield* fx.forgetUsdz(dish.dishId)

        const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b
        const { context: flagging } = yield* startWorker(settings, {
          scanner: makeMalwareScannerTest({ infectedIf: isZip }),
        })
        const report = yield* reconcileOnce.pipe(Effect.provide(flagging), Effect.orDie)
        expect(report.usdzBackfilled).toBe(0)
        expect(yield* fx.dish(dish.dishId)).toMatchObject({
          modelStatus: "ready",
          modelKey: built.modelKey,
          usdzKey: null,
        })
        expect(yield* fx.modelKeys(dish)).toEqual([built.modelKey, posterKeyFor(built.modelKey ?? "")].sort())
      }),
    30_000,
  )
})
