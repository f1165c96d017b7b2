import {
  type DishId,
  MODEL_QUEUE,
  type ModelJobPayload,
  type ModelLane,
  modelJobIdOn,
  PHOTOREAL_MODEL_QUEUE,
} from "@ardine/domain"
import { Context, Effect, Layer, Schema, Scope } from "effect"
import { RedisConfig } from "./AppConfig.js"
import { openRedis } from "./Redis.js"
import { queueCallRetry } from "./RetryPolicies.js"

export class QueueUnavailable extends Schema.TaggedError<QueueUnavailable>()("QueueUnavailable", {
  reason: Schema.String,
}) {}

export type JobState = "waiting" | "active" | "delayed" | "completed" | "failed" | "missing"

const lanes: ReadonlyArray<ModelLane> = ["builder", "photoreal"]

// A dish has at most one job per lane; its state is the liveliest of them (a photoreal dish's builder job is
// long gone while its photoreal job still waits on the provider).
const liveliness: ReadonlyArray<JobState> = ["active", "waiting", "delayed", "failed", "completed", "missing"]
const liveliest = (states: ReadonlyArray<JobState>): JobState => liveliness.find((s) => states.includes(s)) ?? "missing"

/** What every model job gets: three tries, 1 s exponential backoff, completed jobs trimmed, failed ones kept. */
export const modelJobOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: false,
} as const

// Under REDIS_KEY_PREFIX like every other key, so deployments and test runs sharing a Redis never see each other's jobs.
export const queuePrefix = (redisKeyPrefix: string): string => `${redisKeyPrefix}bull`

export class ModelQueue extends Context.Tag("@ardine/ModelQueue")<
  ModelQueue,
  {
    /**
     * Adds the dish's job on the lane's queue (the builder's unless said); an existing finished job for the
     * dish there is replaced, a pending one kept.
     */
    readonly enqueue: (payload: ModelJobPayload, lane?: ModelLane) => Effect.Effect<void, QueueUnavailable>
    /** The liveliest state of the dish's jobs on both lanes. */
    readonly state: (dishId: DishId) => Effect.Effect<JobState, QueueUnavailable>
    /** Removes the dish's jobs on both lanes. */
    readonly remove: (dishId: DishId) => Effect.Effect<void, QueueUnavailable>
    readonly ping: Effect.Effect<void, QueueUnavailable>
    /** Jobs waiting or delayed (for the queue-depth gauge). */
    readonly depth: Effect.Effect<number, QueueUnavailable>
  }
>() {}

export const ModelQueueLive = Layer.scoped(
  ModelQueue,
  Effect.gen(function* () {
    const config = yield* RedisConfig
    const connection = yield* openRedis(config.redisUrl, "queueProducer")
    // BullMQ (about 7 MiB of memory) is imported on the first job operation, not at start-up: most API
    // replicas serve menus and orders and never enqueue. The queue still closes with this layer.
    const layerScope = yield* Effect.scope
    const open = (name: string) =>
      Effect.cached(
        Effect.promise(() => import("bullmq")).pipe(
          Effect.flatMap(({ Queue }) =>
            Effect.acquireRelease(
              Effect.sync(() => {
                const queue = new Queue(name, { connection, prefix: queuePrefix(config.redisKeyPrefix) })
                queue.on("error", () => {})
                return queue
              }),
              (queue) => Effect.promise(() => queue.close().catch(() => undefined)),
            ),
          ),
          Scope.extend(layerScope),
        ),
      )
    const queues = { builder: yield* open(MODEL_QUEUE), photoreal: yield* open(PHOTOREAL_MODEL_QUEUE) }

    const call = <A>(operation: string, f: () => Promise<A>) =>
      Effect.tryPromise({
        try: f,
        catch: (cause) => new QueueUnavailable({ reason: `${operation}: ${String(cause)}` }),
      }).pipe(
        Effect.timeout("3 seconds"),
        Effect.catchTag("TimeoutException", () =>
          Effect.fail(new QueueUnavailable({ reason: `${operation}: timed out` })),
        ),
        Effect.retry(queueCallRetry),
      )

    const stateOn = Effect.fn("ModelQueue.stateOn")(function* (lane: ModelLane, dishId: DishId) {
      const queue = yield* queues[lane]
      const job = yield* call("getJob", () => queue.getJob(modelJobIdOn(lane, dishId)))
      if (job === undefined) return "missing" as const
      const s = yield* call("getState", () => job.getState())
      return (["waiting", "active", "delayed", "completed", "failed"].includes(s) ? s : "waiting") as JobState
    })

    return {
      enqueue: Effect.fn("ModelQueue.enqueue")(function* (payload: ModelJobPayload, lane: ModelLane = "builder") {
        yield* Effect.annotateCurrentSpan({ dishId: payload.dishId, lane })
        const jobId = modelJobIdOn(lane, payload.dishId)
        // BullMQ silently ignores an add whose jobId exists: a kept failed job must go first.
        const current = yield* stateOn(lane, payload.dishId)
        const queue = yield* queues[lane]
        if (current === "completed" || current === "failed") {
          yield* call("remove", () => queue.remove(jobId))
        }
        yield* call("add", () => queue.add("build-model", payload, { ...modelJobOptions, jobId }))
      }),
      state: Effect.fn("ModelQueue.state")((dishId: DishId) =>
        Effect.map(
          Effect.forEach(lanes, (lane) => stateOn(lane, dishId)),
          liveliest,
        ),
      ),
      remove: Effect.fn("ModelQueue.remove")((dishId: DishId) =>
        Effect.forEach(lanes, (lane) =>
          Effect.flatMap(queues[lane], (queue) => call("remove", () => queue.remove(modelJobIdOn(lane, dishId)))),
        ).pipe(Effect.asVoid),
      ),
      ping: call("ping", () => connection.ping()).pipe(Effect.asVoid, Effect.withSpan("ModelQueue.ping")),
      depth: Effect.forEach(lanes, (lane) =>
        Effect.flatMap(queues[lane], (queue) =>
          call("depth", () => queue.getJobCounts("waiting", "delayed", "prioritized")),
        ),
      ).pipe(
        Effect.map((perLane) => perLane.flatMap((counts) => Object.values(counts)).reduce((sum, n) => sum + n, 0)),
        Effect.withSpan("ModelQueue.depth"),
      ),
    }
  }),
)

/** The jobs of a memory queue (makeModelQueueMemory) by job id, with the state a worker would have moved each to. */
export type ModelQueueMemoryJobs = Map<string, { readonly payload: ModelJobPayload; state: JobState }>

/**
 * In-process queue with the same rules as BullMQ's: one job per dish, an enqueue while the dish's job is
 * pending keeps that job, a finished (completed or failed) one is replaced. Nothing consumes it: a test moves
 * a job's state through `jobs` to play the worker.
 */
export const makeModelQueueMemory = (jobs: ModelQueueMemoryJobs = new Map()): Layer.Layer<ModelQueue> =>
  Layer.succeed(ModelQueue, {
    enqueue: (payload, lane = "builder") =>
      Effect.sync(() => {
        const id = modelJobIdOn(lane, payload.dishId)
        const current = jobs.get(id)?.state
        if (current === undefined || current === "completed" || current === "failed") {
          jobs.set(id, { payload, state: "waiting" })
        }
      }),
    state: (dishId) =>
      Effect.sync(() => liveliest(lanes.map((lane) => jobs.get(modelJobIdOn(lane, dishId))?.state ?? "missing"))),
    remove: (dishId) =>
      Effect.sync(() => {
        for (const lane of lanes) jobs.delete(modelJobIdOn(lane, dishId))
      }),
    ping: Effect.void,
    depth: Effect.sync(
      () => [...jobs.values()].filter((job) => job.state === "waiting" || job.state === "delayed").length,
    ),
  })
