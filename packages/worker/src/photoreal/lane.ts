import type { DishId } from "@ardine/domain"
import { modelJobOptions, openRedis, queuePrefix, RedisConfig } from "@ardine/infra"
import { Queue } from "bullmq"
import { Context, Effect, Layer } from "effect"
import { JobRetryable } from "../errors.js"

/**
 * Photoreal jobs wait minutes on the provider's network, so they have a queue (and a concurrency) of their
 * own: the `model-generation` job of a photoreal dish only hands its payload over, and builder jobs never
 * queue behind a provider. The photoreal queue has no rate limiter: its jobs spend network time, not CPU.
 */
export const PHOTOREAL_QUEUE = "model-generation-photoreal"
export type Lane = "builder" | "photoreal"

export const photorealJobId = (dishId: DishId) => `photoreal-${dishId}`

export class PhotorealLane extends Context.Tag("@ardine/worker/PhotorealLane")<
  PhotorealLane,
  { readonly handOff: (dishId: DishId, payload: unknown) => Effect.Effect<void, JobRetryable> }
>() {}

export const PhotorealLaneLive = Layer.scoped(
  PhotorealLane,
  Effect.gen(function* () {
    const app = yield* RedisConfig
    const connection = yield* openRedis(app.redisUrl, "queueProducer")
    const queue = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const q = new Queue(PHOTOREAL_QUEUE, { connection, prefix: queuePrefix(app.redisKeyPrefix) })
        q.on("error", () => {})
        return q
      }),
      (q) => Effect.promise(() => q.close().catch(() => undefined)),
    )
    const handOff = Effect.fn("PhotorealLane.handOff")(function* (dishId: DishId, payload: unknown) {
      const jobId = photorealJobId(dishId)
      yield* Effect.tryPromise({
        try: async () => {
          // A kept failed job would make BullMQ ignore the add; a waiting or active one is the same work.
          const existing = await queue.getJob(jobId)
          if (existing !== undefined && (await existing.isFailed())) await existing.remove()
          await queue.add("build-model", payload, { ...modelJobOptions, jobId })
        },
        catch: (e) => new JobRetryable({ reason: "the job queue was unavailable", detail: String(e) }),
      })
    })
    return { handOff }
  }),
)
