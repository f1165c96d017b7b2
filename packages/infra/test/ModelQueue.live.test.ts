import { randomBytes, randomUUID } from "node:crypto"
import { DishId, modelJobId, RestaurantId } from "@ardine/domain"
import { Queue, UnrecoverableError, Worker } from "bullmq"
import { ConfigProvider, Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { AppConfig } from "../src/AppConfig.js"
import { ModelQueue, queuePrefix } from "../src/ModelQueue.js"

// Against the real Redis: BullMQ's jobId deduplication and its "an existing id is silently ignored" rule.
const prefix = `test:${randomBytes(5).toString("hex")}:`
const config = ConfigProvider.fromMap(
  new Map([
    ["DATABASE_URL", "postgres://unused"],
    ["SESSION_SECRET", "x".repeat(40)],
    ["REDIS_KEY_PREFIX", prefix],
  ]),
)
const layer = ModelQueue.layer.pipe(Layer.provide(AppConfig.layer), Layer.provide(Layer.setConfigProvider(config)))
const run = <A, E>(effect: Effect.Effect<A, E, ModelQueue>) =>
  Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))

const raw = new Queue("model-generation", {
  connection: { host: "127.0.0.1", port: 6379 },
  prefix: queuePrefix(prefix),
})
afterAll(async () => {
  await raw.obliterate({ force: true })
  await raw.close()
})

const payload = () => ({
  dishId: DishId.make(randomUUID()),
  restaurantId: RestaurantId.make(randomUUID()),
  imageKey: "restaurants/r/dishes/d/photo.jpg",
  geometry: {
    vessel: { kind: "plate" as const, diameterCm: 27, heightCm: 2, color: "#ffffff", roughness: 0.3 },
    components: [],
  },
})

describe("ModelQueue", () => {
  it("adds one job per dish with the agreed options, and a second enqueue of a waiting job is a no-op", async () => {
    const job = payload()
    await run(
      Effect.zipRight(
        ModelQueue.pipe(Effect.flatMap((q) => q.enqueue(job))),
        ModelQueue.pipe(Effect.flatMap((q) => q.enqueue(job))),
      ),
    )
    const stored = await raw.getJob(modelJobId(job.dishId))
    expect(stored?.data).toEqual(job)
    expect(stored?.opts).toMatchObject({ attempts: 3, backoff: { type: "exponential", delay: 1000 } })
    expect(await raw.getJobCounts("waiting")).toMatchObject({ waiting: 1 })
    expect(await run(Effect.flatMap(ModelQueue, (q) => q.state(job.dishId)))).toBe("waiting")
    await run(Effect.flatMap(ModelQueue, (q) => q.remove(job.dishId)))
    expect(await run(Effect.flatMap(ModelQueue, (q) => q.state(job.dishId)))).toBe("missing")
  })

  it("re-enqueues a dish whose earlier job failed (and is kept for inspection)", async () => {
    await raw.obliterate({ force: true })
    const job = payload()
    await run(Effect.flatMap(ModelQueue, (q) => q.enqueue(job)))
    const failing = new Worker(
      "model-generation",
      async () => {
        throw new UnrecoverableError("boom")
      },
      { connection: { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null }, prefix: queuePrefix(prefix) },
    )
    try {
      for (
        let i = 0;
        i < 100 && (await run(Effect.flatMap(ModelQueue, (q) => q.state(job.dishId)))) !== "failed";
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50))
      }
      expect(await run(Effect.flatMap(ModelQueue, (q) => q.state(job.dishId)))).toBe("failed")
    } finally {
      await failing.close()
    }
    await run(Effect.flatMap(ModelQueue, (q) => q.enqueue(job)))
    expect(await run(Effect.flatMap(ModelQueue, (q) => q.state(job.dishId)))).toBe("waiting")
  })

  it("fails fast with QueueUnavailable when Redis is down", async () => {
    const down = ConfigProvider.fromMap(
      new Map([
        ["DATABASE_URL", "postgres://unused"],
        ["SESSION_SECRET", "x".repeat(40)],
        ["REDIS_URL", "redis://127.0.0.1:1"],
      ]),
    )
    const started = Date.now()
    const result = await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(ModelQueue, (q) => Effect.either(q.enqueue(payload()))).pipe(
          Effect.provide(
            ModelQueue.layer.pipe(Layer.provide(AppConfig.layer), Layer.provide(Layer.setConfigProvider(down))),
          ),
        ),
      ),
    )
    expect(result._tag).toBe("Left")
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
