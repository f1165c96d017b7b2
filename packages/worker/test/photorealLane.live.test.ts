// The worker with the photoreal path on, against real Postgres, Redis, clamd and S3 and the Meshy double:
//   bash scripts/services/clamd.sh && bash scripts/services/s3.sh
import type { ModelJobPayload, ModelLane } from "@ardine/domain"
import { ModelQueue } from "@ardine/infra"
import { expect, layer } from "@effect/vitest"
import { type Context, Effect } from "effect"
import { expectDishModel } from "./support/dishModelChecks.js"
import { type MeshyDouble, startMeshyDouble } from "./support/meshyDouble.js"
import { makeProviderGlb } from "./support/providerGlbs.js"
import { Fixtures, fileSettings, startWorker, testGeometry, waitUntil } from "./support/workerTest.js"

const settings = fileSettings()

const enqueue = (context: Context.Context<ModelQueue>, payload: ModelJobPayload, lane: ModelLane = "builder") =>
  Effect.flatMap(ModelQueue, (queue) => queue.enqueue(payload, lane)).pipe(Effect.provide(context), Effect.orDie)

const withDouble = Effect.acquireRelease(
  Effect.promise(() => startMeshyDouble()),
  (double) => Effect.promise(() => double.close()),
)

const photorealEnv = (double: MeshyDouble) => ({
  MODEL_PROVIDER: "meshy",
  MESHY_API_KEY: double.apiKey,
  MESHY_BASE_URL: double.baseUrl,
  PHOTOREAL_POLL_INTERVAL_MS: "200",
  WORKER_SHUTDOWN_TIMEOUT_MS: "1000",
})

layer(Fixtures.layer(settings), { excludeTestServices: true })("photoreal worker", (it) => {
  it.scoped(
    "a photoreal dish ends with a real-size provider model meeting every budget",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const double = yield* withDouble
        double.setScenario({ result: yield* Effect.promise(() => makeProviderGlb({ size: 30, offset: [4, 9, -2] })) })
        const { context } = yield* startWorker(settings, { env: photorealEnv(double) })
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        yield* fx.setModelKind(dish.dishId, "photoreal")
        // On the builder's queue (as the reconciler re-queues it): the job hands itself to the photoreal one.
        yield* enqueue(context, dish.payload)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready", "60 seconds")
        expect(double.created()).toBe(1)
        const { bytes } = yield* fx.download(row.modelKey ?? "")
        yield* Effect.promise(() => expectDishModel(bytes, testGeometry))
        expect(row.usdzKey).not.toBeNull()
      }),
    90_000,
  )

  it.scoped(
    "20 provider tasks waiting on the network do not delay a built dish",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const double = yield* withDouble
        // Slow enough that all 20 are still running when the built dish is done.
        double.setScenario({ result: yield* Effect.promise(() => makeProviderGlb()), runMs: 120_000 })
        // Default worker settings: the builder queue's limiter (WORKER_JOBS_PER_MINUTE) must not pace them.
        const { context } = yield* startWorker(settings, { env: photorealEnv(double) })
        const restaurant = yield* fx.seedRestaurant
        const slow = yield* Effect.forEach(Array.from({ length: 20 }), () => fx.seedDish(restaurant))
        for (const dish of slow) {
          yield* fx.setModelKind(dish.dishId, "photoreal")
          // As the API queues a photoreal dish's job.
          yield* enqueue(context, dish.payload, "photoreal")
        }
        yield* waitUntil(
          Effect.sync(() => double.created()),
          (n) => n === 20,
          "60 seconds",
        )

        const built = yield* fx.seedDish(restaurant)
        const started = performance.now()
        yield* enqueue(context, built.payload)
        yield* waitUntil(fx.dish(built.dishId), (r) => r.modelStatus === "ready", "30 seconds")
        const latencyMs = Math.round(performance.now() - started)
        console.info(`[photoreal] built dish ready in ${latencyMs} ms beside 20 waiting provider tasks`)
        expect(latencyMs).toBeLessThan(10_000)
        const states = yield* Effect.forEach(slow, (dish) => fx.dish(dish.dishId))
        expect(states.every((s) => s.modelStatus === "generating")).toBe(true)
      }),
    150_000,
  )
})
