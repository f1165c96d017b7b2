import { MODEL_QUEUE, type ModelLane, PHOTOREAL_MODEL_QUEUE } from "@ardine/domain"
import { openRedis, queuePrefix, RedisConfig } from "@ardine/infra"
import { DelayedError, type Job, UnrecoverableError, WaitingError, Worker } from "bullmq"
import { Cause, Context, Duration, Effect, Exit, Layer, Option, Runtime, Schema } from "effect"
import { WorkerConfig, type WorkerSettings } from "./config.js"
import { JobRetryable } from "./errors.js"
import { PhotorealConfig } from "./photoreal/config.js"
import { type JobOutcome, type ModelJob, processModelJob } from "./processor.js"

/** The running BullMQ consumer of `model-generation`. */
export class ModelConsumer extends Context.Tag("@ardine/worker/ModelConsumer")<
  ModelConsumer,
  {
    /** False once shutdown began or before the worker connected. */
    readonly isRunning: Effect.Effect<boolean>
  }
>() {}

type ProcessorEnv = Effect.Effect.Context<ReturnType<typeof processModelJob>>

// What a job carries from one run to the next, in its BullMQ progress: the keys a run is about to upload (so
// whoever runs the job next can clean them up) and, while services it needs are down, how long it has waited.
const Journal = Schema.Struct({
  uploads: Schema.Array(Schema.String),
  outage: Schema.optional(Schema.Struct({ since: Schema.Number, waits: Schema.Int })),
})
type Journal = typeof Journal.Type

const journalOf = (job: Job<unknown, JobOutcome>): Journal =>
  Option.getOrElse(Schema.decodeUnknownOption(Journal)(job.progress), () => ({ uploads: [] }))

const toModelJob = (job: Job<unknown, JobOutcome>, lane: ModelLane): ModelJob => {
  const earlier = journalOf(job)
  let recorded: ReadonlyArray<string> = earlier.uploads
  return {
    id: job.id ?? "unknown",
    lane,
    data: job.data,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    outageSince: earlier.outage?.since ?? null,
    uploadedEarlier: earlier.uploads,
    recordUploads: (keys) =>
      Effect.suspend(() => {
        const next = [...new Set([...recorded, ...keys])]
        return Effect.tryPromise({
          try: () => job.updateProgress({ ...journalOf(job), uploads: next }),
          catch: (e) => new JobRetryable({ reason: "the job queue was unavailable", detail: String(e) }),
        }).pipe(
          Effect.tap(() => {
            recorded = next
          }),
        )
      }),
  }
}

/** Between tries while a service is down: 1 s, 2 s, 4 s ... capped at WORKER_OUTAGE_RETRY_MAX_MS. */
export const outageDelayMs = (settings: WorkerSettings, waitsSoFar: number) =>
  Math.min(Duration.toMillis(settings.outageRetryMax), 1000 * 2 ** Math.min(waitsSoFar, 30))

/**
 * Puts the job back as delayed without spending an attempt (BullMQ: moveToDelayed + DelayedError), noting in
 * its journal when the outage began. If Redis refuses that too, the attempt fails the ordinary way.
 */
const postpone = async (job: Job<unknown, JobOutcome>, token: string, settings: WorkerSettings) => {
  const journal = journalOf(job)
  const waits = journal.outage?.waits ?? 0
  const now = Date.now()
  await job.updateProgress({ ...journal, outage: { since: journal.outage?.since ?? now, waits: waits + 1 } })
  await job.moveToDelayed(now + outageDelayMs(settings, waits), token)
  throw new DelayedError()
}

const quietly = (f: () => Promise<unknown>, within: Duration.DurationInput) =>
  // Interruptible even inside a finalizer, so the timeout can really cut the wait short.
  Effect.tryPromise(f).pipe(Effect.ignore, Effect.interruptible, Effect.timeout(within), Effect.option)

/**
 * One BullMQ Worker: `model-generation` (concurrency WORKER_CONCURRENCY, limiter WORKER_JOBS_PER_MINUTE per
 * minute, global for the queue) or `model-generation-photoreal` (PHOTOREAL_CONCURRENCY, no limiter: its jobs
 * wait on the network). Each job runs the Effect processor in this layer's runtime. Release: stop taking
 * jobs and wait for the active ones up to WORKER_SHUTDOWN_TIMEOUT_MS; past that, interrupt them and hand
 * them back to the queue (no attempt spent), then close the connection.
 */
const startConsumer = (lane: ModelLane) =>
  Effect.gen(function* () {
    const app = yield* RedisConfig
    const settings = yield* WorkerConfig
    const photoreal = yield* PhotorealConfig
    const runtime = yield* Effect.runtime<ProcessorEnv>()
    const runFork = Runtime.runFork(runtime)
    const runPromiseExit = Runtime.runPromiseExit(runtime)
    const name = lane === "builder" ? "model worker" : "photoreal model worker"

    const processor = async (
      job: Job<unknown, JobOutcome>,
      token?: string,
      signal?: AbortSignal,
    ): Promise<JobOutcome> => {
      const exit = await runPromiseExit(processModelJob(toModelJob(job, lane)), signal === undefined ? {} : { signal })
      if (Exit.isSuccess(exit)) return exit.value
      if (Cause.isInterruptedOnly(exit.cause)) {
        // Cancelled at shutdown: back to the queue without spending an attempt.
        if (token !== undefined) await job.moveToWait(token).catch(() => 0)
        throw new WaitingError()
      }
      const failure = Cause.failureOption(exit.cause)
      if (Option.isSome(failure) && failure.value._tag === "DependencyDown" && token !== undefined) {
        return postpone(job, token, settings)
      }
      if (Option.isSome(failure) && failure.value._tag === "JobRejected") {
        throw new UnrecoverableError(failure.value.message)
      }
      throw new Error(Option.isSome(failure) ? failure.value.message : Cause.pretty(exit.cause))
    }

    const connection = yield* openRedis(app.redisUrl, "queueWorker")

    const worker = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new Worker<unknown, JobOutcome>(lane === "builder" ? MODEL_QUEUE : PHOTOREAL_MODEL_QUEUE, processor, {
            connection,
            prefix: queuePrefix(app.redisKeyPrefix),
            ...(lane === "builder"
              ? { concurrency: settings.concurrency, limiter: { max: settings.jobsPerMinute, duration: 60_000 } }
              : { concurrency: photoreal.concurrency }),
            lockDuration: Duration.toMillis(settings.lockDuration),
            stalledInterval: Duration.toMillis(settings.stalledInterval),
          }),
      ),
      (w) =>
        Effect.gen(function* () {
          yield* Effect.logInfo(`${name} stopping: taking no new jobs, waiting for active ones`)
          const closed = yield* quietly(() => w.close(), settings.shutdownTimeout)
          if (Option.isNone(closed)) {
            // The builder lane's wording is the one operators already know.
            yield* Effect.logWarning(
              `active ${lane === "builder" ? "model" : "photoreal model"} jobs did not finish in time; handing them back to the queue`,
            )
            w.cancelAllJobs("worker shutting down")
            yield* quietly(() => w.close(), "5 seconds")
          }
          yield* Effect.logInfo(`${name} stopped`)
        }),
    )

    worker.on("error", (error) => {
      runFork(Effect.logWarning(`${name} error`).pipe(Effect.annotateLogs({ error: error.message })))
    })
    worker.on("stalled", (jobId) => {
      runFork(
        Effect.logWarning("model job stalled (its worker died); it runs again").pipe(Effect.annotateLogs({ jobId })),
      )
    })
    worker.on("failed", (job, error) => {
      runFork(
        Effect.logInfo("model job attempt failed").pipe(
          Effect.annotateLogs({ jobId: job?.id ?? "?", attemptsMade: job?.attemptsMade ?? 0, error: error.message }),
        ),
      )
    })

    // Start even if Redis is down (the readiness probe says so); BullMQ keeps reconnecting.
    const ready = yield* quietly(() => worker.waitUntilReady(), "5 seconds")
    yield* Option.isSome(ready)
      ? Effect.logInfo(`${name} started`).pipe(Effect.annotateLogs({ concurrency: worker.opts.concurrency ?? 1 }))
      : Effect.logWarning(`${name} started, but Redis is not reachable yet`)

    return Effect.sync(() => worker.isRunning() && !worker.closing)
  })

/** Both consumers: builder jobs never wait behind photoreal ones. */
export const ModelConsumerLive = Layer.scoped(
  ModelConsumer,
  Effect.gen(function* () {
    const running = yield* Effect.all([startConsumer("builder"), startConsumer("photoreal")])
    return {
      isRunning: Effect.map(Effect.all(running), (states) => states.every(Boolean)),
    }
  }),
)
