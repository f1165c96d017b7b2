import { randomBytes, randomUUID } from "node:crypto"
import { DishId, modelJobId, PHOTOREAL_MODEL_QUEUE, RestaurantId } from "@ardine/domain"
import { Queue, UnrecoverableError, Worker } from "bullmq"
import { ConfigProvider, Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { AppConfigLive } from "../src/AppConfig.js"
import {
  ModelQueue,
  ModelQueueLive,
  type ModelQueueMemoryJobs,
  makeModelQueueMemory,
  queuePrefix,
} from "../src/ModelQueue.js"
import { modelQueueContract } from "./ModelQueue.contract.js"

// Against the real Redis: BullMQ's jobId deduplication and its "an existing id is silently ignored" rule.
const prefix = `test:${randomBytes(5).toString("hex")}:`
const config = ConfigProvider.fromMap(
  new Map([
    ["DATABASE_URL", "postgres://unused"],
    ["SESSION_SECRET", "x".repeat(40)],
    ["REDIS_KEY_PREFIX", prefix],
  ]),
)
const layer = ModelQueueLive.pipe(Layer.provide(AppConfigLive), Layer.provide(Layer.setConfigProvider(config)))
const run = <A, E>(effect: Effect.Effect<A, E, ModelQueue>) =>
  Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))

const raw = new Queue("model-generation", {
  connection: { host: "127.0.0.1", port: 6379 },
  prefix: queuePrefix(prefix),
})
const rawPhotoreal = new Queue(PHOTOREAL_MODEL_QUEUE, {
  connection: { host: "127.0.0.1", port: 6379 },
  prefix: queuePrefix(prefix),
})
afterAll(async () => {
  for (const queue of [raw, rawPhotoreal]) {
    await queue.obliterate({ force: true })
    await queue.close()
  }
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

/** Plays a worker whose run fails for good, until the dish's job is failed. */
const failJob = async (dishId: DishId) => {
  const failing = new Worker(
    "model-generation",
    async () => {
      throw new UnrecoverableError("boom")
    },
    { connection: { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null }, prefix: queuePrefix(prefix) },
  )
  try {
    for (let i = 0; i < 100 && (await run(Effect.flatMap(ModelQueue, (q) => q.state(dishId)))) !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 50))
    }
  } finally {
    await failing.close()
  }
}

modelQueueContract("BullMQ on Redis", () => ({
  run,
  payloadOf: async (dishId) => (await raw.getJob(modelJobId(dishId)))?.data,
  failJob,
}))

modelQueueContract("ModelQueueMemory", () => {
  const jobs: ModelQueueMemoryJobs = new Map()
  const memory = makeModelQueueMemory(jobs)
  return {
    run: (effect) => Effect.runPromise(Effect.provide(effect, memory)),
    payloadOf: async (dishId) => jobs.get(modelJobId(dishId))?.payload,
    failJob: async (dishId) => {
      const job = jobs.get(modelJobId(dishId))
      if (job !== undefined) job.state = "failed"
    },
  }
})

describe("ModelQueue", () => {
  it("adds each job with the agreed options", async () => {
    const job = payload()
    await run(ModelQueue.pipe(Effect.flatMap((q) => q.enqueue(job))))
    const stored = await raw.getJob(modelJobId(job.dishId))
    expect(stored?.data).toEqual(job)
    expect(stored?.opts).toMatchObject({ attempts: 3, backoff: { type: "exponential", delay: 1000 } })
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
            ModelQueueLive.pipe(Layer.provide(AppConfigLive), Layer.provide(Layer.setConfigProvider(down))),
          ),
        ),
      ),
    )
    expect(result._tag).toBe("Left")
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
