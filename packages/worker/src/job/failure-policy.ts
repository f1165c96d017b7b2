import { DishId } from "@ardine/domain"
import { AppMetrics, Events, ModelStatusRepo } from "@ardine/infra"
import { Clock, Duration, Effect, Metric, Option, ParseResult, Schema } from "effect"
import type { WorkerSettings } from "../config.js"
import { type DependencyDown, type JobFailure, JobRejected, JobRetryable, OwnerReason } from "../errors.js"
import { dbLoad, dbWrite } from "./database.js"
import type { JobContext, JobOutcome, ModelJob } from "./model-job.js"
import { cleanupUploads, noKeys } from "./store.js"

// What a job's failure means for the dish: superseded, waiting for a service, retried, or failed for good.

/** Another run got there first (or the dish is gone): keep what is current, drop what this job uploaded. */
export const onSuperseded = (ctx: JobContext, why: string) =>
  Effect.gen(function* () {
    const repo = yield* ModelStatusRepo
    yield* Effect.logInfo("job superseded; leaving the dish as it is").pipe(Effect.annotateLogs({ why }))
    const current = yield* Effect.option(dbLoad(repo.load(ctx.dishId)))
    // Unsure what is current (database down): keep the blobs rather than risk deleting a live model.
    if (Option.isSome(current)) {
      yield* cleanupUploads(
        ctx,
        Option.getOrElse(current.value, () => noKeys),
      )
    }
    // The owner asked for a new model while this one was being built (their enqueue was ignored, since
    // this job held the id): run again, on the dish as it is now.
    if (Option.isSome(current) && Option.exists(current.value, (s) => s.modelStatus === "pending")) {
      return yield* new JobRetryable({ reason: OwnerReason.changedMeanwhile, detail: why })
    }
    return { result: "skipped", why } satisfies JobOutcome
  })

/**
 * Tells the owner the model waits for a service that is down, and since when (the job's first wait), so a
 * stalled progress bar has a reason. With the database down there is nowhere to write it: the log says it.
 */
const noteWaiting = (ctx: JobContext, down: DependencyDown) =>
  Effect.gen(function* () {
    if (down.service === "database") return
    const repo = yield* ModelStatusRepo
    const events = yield* Events
    const since = new Date(ctx.job.outageSince ?? (yield* Clock.currentTimeMillis))
    const noted = yield* dbWrite(repo.markWaiting(ctx.dishId, down.service, since)).pipe(
      Effect.catchAll((e) =>
        Effect.as(
          Effect.logWarning("could not note the wait on the dish").pipe(Effect.annotateLogs({ error: e.detail })),
          Option.none(),
        ),
      ),
    )
    // Once per outage: later waits of the same job change nothing the owner sees.
    if (Option.isSome(noted) && ctx.job.outageSince === null)
      yield* events.publishRestaurant(ctx.restaurantId, {
        type: "dish.progress",
        restaurantId: ctx.restaurantId,
        dishId: ctx.dishId,
        status: noted.value.modelStatus,
        progress: noted.value.modelProgress,
        waitingFor: down.service,
      })
  })

/** Rejected, or retryable on its last attempt: the dish is `failed` with a reason the owner can read. */
export const onFailure = (ctx: JobContext, failure: JobFailure) =>
  Effect.gen(function* () {
    if (failure._tag === "DependencyDown") {
      yield* Effect.logWarning("a service the model job needs is down; the job waits and runs again").pipe(
        Effect.annotateLogs({ reason: failure.reason, detail: failure.detail }),
      )
      return yield* noteWaiting(ctx, failure)
    }
    const final = failure._tag === "JobRejected" || ctx.job.attemptsMade + 1 >= ctx.job.maxAttempts
    const log = Effect.annotateLogs({ reason: failure.reason, detail: failure.detail, final })
    yield* Metric.increment(Metric.tagged(AppMetrics.jobsFailed, "final", String(final)))
    if (!final) {
      yield* Effect.logWarning("model job attempt failed; it will be retried").pipe(log)
      return
    }
    yield* Effect.logError("model job failed").pipe(log)
    const repo = yield* ModelStatusRepo
    const events = yield* Events
    const marked = yield* dbWrite(repo.markFailed(ctx.dishId, failure.reason)).pipe(
      Effect.catchAll((e) =>
        Effect.as(
          Effect.logError("could not mark the dish failed").pipe(Effect.annotateLogs({ error: e.detail })),
          false,
        ),
      ),
    )
    if (marked)
      yield* events.publishRestaurant(ctx.restaurantId, {
        type: "dish.progress",
        restaurantId: ctx.restaurantId,
        dishId: ctx.dishId,
        status: "failed",
        progress: 0,
      })
    const current = yield* Effect.option(dbLoad(repo.load(ctx.dishId)))
    if (Option.isSome(current)) {
      yield* cleanupUploads(
        ctx,
        Option.getOrElse(current.value, () => noKeys),
      )
    }
  })

/** Waited on outages for WORKER_OUTAGE_MAX_WAIT_MS already: give up, so the owner hears about it. */
export const outageOverdue = (
  job: ModelJob,
  settings: WorkerSettings,
  down: DependencyDown,
): Effect.Effect<never, DependencyDown | JobRejected> =>
  Effect.flatMap(
    Clock.currentTimeMillis,
    (now): Effect.Effect<never, DependencyDown | JobRejected> =>
      job.outageSince !== null && now - job.outageSince >= Duration.toMillis(settings.outageMaxWait)
        ? Effect.fail(new JobRejected({ reason: down.reason, detail: `still down after waiting: ${down.detail}` }))
        : Effect.fail(down),
  )

/** A payload that does not decode is never retried; if it names a dish, that dish is failed. */
export const rejectMalformed = (job: ModelJob, error: ParseResult.ParseError) =>
  Effect.gen(function* () {
    const detail = ParseResult.TreeFormatter.formatErrorSync(error).slice(0, 1000)
    yield* Effect.logError("malformed model job").pipe(Effect.annotateLogs({ jobId: job.id, detail }))
    const named = Schema.decodeUnknownOption(Schema.Struct({ dishId: DishId }))(job.data)
    if (Option.isSome(named)) {
      const repo = yield* ModelStatusRepo
      yield* dbWrite(repo.markFailed(named.value.dishId, OwnerReason.malformedJob)).pipe(Effect.ignore)
    }
    return yield* new JobRejected({ reason: OwnerReason.malformedJob, detail })
  })
