import { randomBytes } from "node:crypto"
import { DishId, RestaurantId } from "@ardine/domain"
import { DbLive, makeMalwareScannerTest, PhotorealTasksRepo } from "@ardine/infra"
import { PgClient } from "@effect/sql-pg"
import { ConfigProvider, Effect, Fiber, Layer, Logger, LogLevel, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import "@ardine/test-support/provided-context"
import { validateGlb } from "../src/builder/validate.js"
import { WorkerAppConfigLive } from "../src/config.js"
import { ModelGeneratorLive } from "../src/photoreal/layers.js"
import { BuilderGeneratorLive, type GeneratedModel, ModelGenerator } from "../src/photoreal/ModelGenerator.js"
import { noProviderNote } from "../src/photoreal/notes.js"
import { expectDishModel } from "./support/dishModelChecks.js"
import { type MeshyDouble, type MeshyScenario, startMeshyDouble } from "./support/meshyDouble.js"
import { makeProviderGlb, packGlb } from "./support/providerGlbs.js"
import { makePlatePhoto, testGeometry } from "./support/workerTest.js"

// The photoreal path end to end inside the worker: the real Meshy client talks to the loopback double
// through MESHY_BASE_URL, tasks are recorded in the real database, and every outcome is either a model
// meeting every budget or the built model with the owner's note.

/** What the scanner double flags: a material of that name in a provider's model. */
const FLAGGED = "flagged-by-the-scanner"

let double: MeshyDouble
let photo: Uint8Array

const runtimeWith = (overrides: Record<string, string> = {}) => {
  const settings = {
    DATABASE_URL: inject("databaseUrl"),
    DATABASE_MAX_CONNECTIONS: "4",
    MODEL_PROVIDER: "meshy",
    MESHY_API_KEY: double.apiKey,
    MESHY_BASE_URL: double.baseUrl,
    PHOTOREAL_POLL_INTERVAL_MS: "40",
    PHOTOREAL_RETRY_BASE_MS: "20",
    PHOTOREAL_TASK_TIMEOUT_MS: "4000",
    ...overrides,
  }
  return ManagedRuntime.make(
    Layer.mergeAll(
      ModelGeneratorLive,
      PhotorealTasksRepo.Default,
      makeMalwareScannerTest({ infectedIf: (bytes) => Buffer.from(bytes).includes(FLAGGED) }),
    ).pipe(
      Layer.provideMerge(DbLive),
      Layer.provide(WorkerAppConfigLive),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))),
      Layer.provide(Logger.minimumLogLevel(LogLevel.None)),
    ),
  )
}

let runtime: ReturnType<typeof runtimeWith>
let restaurantId: RestaurantId
let dishId: DishId
let version = 0

const seedDish = Effect.gen(function* () {
  const sql = yield* PgClient.PgClient
  const tag = randomBytes(5).toString("hex")
  const [user] = yield* sql<{ id: string }>`INSERT INTO users ${sql.insert({
    email: `owner-${tag}@photoreal.test`,
    name: "Photoreal Owner",
    passwordHash: "not-a-real-hash",
  })} RETURNING id`
  const [restaurant] = yield* sql<{ id: string }>`INSERT INTO restaurants ${sql.insert({
    ownerId: user?.id ?? "",
    slug: `photoreal-${tag}`,
    name: "Photoreal Bistro",
    currency: "EUR",
    taxRateBps: 1000,
    tableCount: 5,
  })} RETURNING id`
  const [dish] = yield* sql<{ id: string }>`INSERT INTO dishes ${sql.insert({
    restaurantId: restaurant?.id ?? "",
    name: "Roast",
    category: "Mains",
    priceMinor: 1450,
    geometry: sql.json(testGeometry),
  })} RETURNING id`
  return { restaurantId: RestaurantId.make(restaurant?.id ?? ""), dishId: DishId.make(dish?.id ?? "") }
})

/** One generation of a new version of the dish (so a new remote task), with the progress it reported. */
const generate = async (scenario: MeshyScenario, on = runtime, basedOn = ++version) => {
  double.setScenario(scenario)
  const progress: number[] = []
  const model = await on.runPromise(
    Effect.flatMap(ModelGenerator, (generator) =>
      generator.generate({
        dishId,
        restaurantId,
        basedOn,
        geometry: testGeometry,
        photo,
        kind: "photoreal",
        onProgress: (percent) => Effect.sync(() => progress.push(percent)),
      }),
    ),
  )
  return { model, progress }
}

const expectBuiltWithNote = (model: GeneratedModel, note: string) => {
  expect(model.source).toBe("built")
  expect(model.note).toBe(`photoreal model failed: ${note} — showing the built model`)
}

beforeAll(async () => {
  double = await startMeshyDouble()
  photo = await Effect.runPromise(makePlatePhoto())
  runtime = runtimeWith()
  ;({ restaurantId, dishId } = await runtime.runPromise(seedDish))
}, 60_000)

afterAll(async () => {
  await runtime?.dispose()
  await double?.close()
})

describe("photoreal models from the provider double", () => {
  it("turns a model at the wrong scale and off-centre into a real-size dish model, sending the photo inline", async () => {
    const { model, progress } = await generate({
      result: await makeProviderGlb({ size: 40, offset: [100, 20, -60] }),
      runMs: 400,
    })
    expect(model.source).toBe("photoreal")
    expect(model.note).toBeNull()
    await expectDishModel(model.glb, testGeometry)
    expect(model.usdz.byteLength).toBeGreaterThan(0)
    expect(double.lastImageUrl()).toBe(`data:image/jpeg;base64,${Buffer.from(photo).toString("base64")}`)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  })

  it("brings 400k triangles and a 4096 px PNG from the provider inside the phone budgets", async () => {
    const result = await makeProviderGlb({ cells: 448, textureSide: 4096 })
    expect((await validateGlb(result)).triangles).toBeGreaterThan(400_000)
    const { model } = await generate({ result })
    expect(model.source).toBe("photoreal")
    await expectDishModel(model.glb, testGeometry)
  }, 120_000)

  it("decodes a Draco-compressed result", async () => {
    const { model } = await generate({ result: await makeProviderGlb({ draco: true }) })
    expect(model.source).toBe("photoreal")
    await expectDishModel(model.glb, testGeometry)
  })

  it("falls back with a note for a KTX2-only texture and for a file that is not a GLB", async () => {
    expectBuiltWithNote(
      (await generate({ result: await makeProviderGlb({ texture: "ktx2-only" }) })).model,
      "the provider's model did not pass Ardine's checks",
    )
    expectBuiltWithNote(
      (await generate({ result: new TextEncoder().encode("<html>502 Bad Gateway</html>") })).model,
      "the provider's model did not pass Ardine's checks",
    )
  })

  it("falls back when the scanner flags the provider's model", async () => {
    const { model } = await generate({ result: await makeProviderGlb({ materialName: FLAGGED }) })
    expectBuiltWithNote(model, "the provider's model did not pass Ardine's checks")
  })

  it("refuses a 60 MB file while downloading it, with or without a declared length", async () => {
    const huge = packGlb(
      { asset: { version: "2.0" }, buffers: [{ byteLength: 60 * 1024 * 1024 }] },
      new Uint8Array(60 * 1024 * 1024),
    )
    expectBuiltWithNote((await generate({ result: huge })).model, "the provider's file was too large")
    expectBuiltWithNote((await generate({ result: huge, hideLength: true })).model, "the provider's file was too large")
  })

  it("falls back when the task FAILS, and does not pay again for the same dish version", async () => {
    const { model } = await generate({ taskError: "Could not detect an object in the image" })
    expectBuiltWithNote(model, "the provider could not make a model from this photo")
    const before = double.created()
    const again = await generate({ result: await makeProviderGlb() }, runtime, version)
    expectBuiltWithNote(again.model, "the provider could not make a model from this photo")
    expect(double.created()).toBe(before)
  })

  it("does not retry 402 (out of credits), and the refused task does not count", async () => {
    const used = await runtime.runPromise(Effect.flatMap(PhotorealTasksRepo, (r) => r.countThisMonth(restaurantId)))
    const attempts = double.createAttempts()
    const { model } = await generate({ createFailures: [402] })
    expectBuiltWithNote(model, "out of credits")
    expect(double.createAttempts()).toBe(attempts + 1)
    expect(await runtime.runPromise(Effect.flatMap(PhotorealTasksRepo, (r) => r.countThisMonth(restaurantId)))).toBe(
      used,
    )
  })

  it("does not retry 401 (a key the provider refuses): the built model, and the owner is told", async () => {
    const attempts = double.createAttempts()
    const { model } = await generate({ createFailures: [401] })
    expectBuiltWithNote(model, "the provider refused Ardine's API key")
    expect(double.createAttempts()).toBe(attempts + 1)
  })

  it("retries 429 and 5xx, then falls back when the provider stays down", async () => {
    const attempts = double.createAttempts()
    const recovered = await generate({ createFailures: [429, 503], result: await makeProviderGlb() })
    expect(recovered.model.source).toBe("photoreal")
    expect(double.createAttempts()).toBe(attempts + 3)
    const down = await generate({ createFailures: [500, 500, 500, 500, 500, 500] })
    expectBuiltWithNote(down.model, "the provider was unavailable")
    expect(double.createAttempts()).toBe(attempts + 3 + 5)
  })

  it("gives up on a task still running past the timeout", async () => {
    const { model } = await generate({ result: await makeProviderGlb(), runMs: 60_000 })
    expectBuiltWithNote(model, "the provider took too long")
  }, 20_000)

  it("follows the same remote task after an interruption (a worker restart) instead of paying again", async () => {
    const basedOn = ++version
    double.setScenario({ result: await makeProviderGlb(), runMs: 1_500 })
    const before = double.created()
    const first = runtime.runFork(
      Effect.flatMap(ModelGenerator, (generator) =>
        generator.generate({
          dishId,
          restaurantId,
          basedOn,
          geometry: testGeometry,
          photo,
          kind: "photoreal",
          onProgress: () => Effect.void,
        }),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    await Effect.runPromise(Fiber.interrupt(first))
    expect(double.created()).toBe(before + 1)
    const { model } = await generate({}, runtime, basedOn)
    expect(model.source).toBe("photoreal")
    expect(double.created()).toBe(before + 1)
  })

  it("stops at the monthly cap: the built model, and the owner is told", async () => {
    const used = await runtime.runPromise(Effect.flatMap(PhotorealTasksRepo, (r) => r.countThisMonth(restaurantId)))
    const capped = runtimeWith({ PHOTOREAL_MONTHLY_CAP: String(used + 1) })
    try {
      expect((await generate({ result: await makeProviderGlb() }, capped)).model.source).toBe("photoreal")
      const before = double.createAttempts()
      const { model } = await generate({ result: await makeProviderGlb() }, capped)
      expect(model.source).toBe("built")
      expect(model.note).toBe(
        `photoreal model skipped: this month's ${used + 1} photoreal models are used — showing the built model`,
      )
      expect(double.createAttempts()).toBe(before)
    } finally {
      await capped.dispose()
    }
  })

  it("builds without calling the provider when the owner chose the built model", async () => {
    const before = double.createAttempts()
    const model = await runtime.runPromise(
      Effect.flatMap(ModelGenerator, (generator) =>
        generator.generate({
          dishId,
          restaurantId,
          basedOn: ++version,
          geometry: testGeometry,
          photo,
          kind: "built",
          onProgress: () => Effect.void,
        }),
      ),
    )
    expect(model.source).toBe("built")
    expect(model.note).toBeNull()
    expect(double.createAttempts()).toBe(before)
  })

  it("without a provider (MODEL_PROVIDER unset) builds, and tells an owner who chose photoreal why", async () => {
    const withoutProvider = (kind: "built" | "photoreal") =>
      Effect.runPromise(
        Effect.flatMap(ModelGenerator, (generator) =>
          generator.generate({
            dishId,
            restaurantId,
            basedOn: ++version,
            geometry: testGeometry,
            photo,
            kind,
            onProgress: () => Effect.void,
          }),
        ).pipe(Effect.provide(BuilderGeneratorLive), Effect.provide(makeMalwareScannerTest())),
      )
    const before = double.createAttempts()
    expect(await withoutProvider("photoreal")).toMatchObject({ source: "built", note: noProviderNote })
    expect(await withoutProvider("built")).toMatchObject({ source: "built", note: null })
    expect(double.createAttempts()).toBe(before)
  })
})
