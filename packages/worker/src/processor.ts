import { ModelJobPayload } from "@ardine/domain"
import { AppMetrics, TraceContext } from "@ardine/infra"
import { Duration, Effect, Metric, Option, Ref, Schema } from "effect"
import { WorkerConfig } from "./config.js"
import { JobRetryable, OwnerReason } from "./errors.js"
import { onFailure, onSuperseded, outageOverdue, rejectMalformed } from "./job/failure-policy.js"
import { generate } from "./job/generate.js"
import type { JobContext, ModelJob } from "./job/model-job.js"
import { PhotorealConfig } from "./photoreal/config.js"

export type { JobOutcome, ModelJob } from "./job/model-job.js"

/**
 * One attempt of a model job: decode -> load the dish -> generating -> fetch photo (20) -> build (60) ->
 * validate (75) -> scan (85) -> store (95) -> ready (100) -> delete the replaced model. Fails with
 * `JobRejected` (never retry), `JobRetryable` (BullMQ retries; on the last attempt the dish is `failed`) or
 * `DependencyDown` (the consumer delays the job without spending an attempt).
 */
export const processModelJob = (job: ModelJob) =>
  Schema.decodeUnknown(ModelJobPayload)(job.data).pipe(
    Effect.catchTag("ParseError", (error) => rejectMalformed(job, error)),
    Effect.flatMap((payload) =>
      Effect.gen(function* () {
        const settings = yield* WorkerConfig
        const photoreal = yield* PhotorealConfig
        // A photoreal model waits on the provider (up to PHOTOREAL_TASK_TIMEOUT_MS) besides the usual steps.
        const timeout = Option.isSome(photoreal.provider)
          ? Duration.sum(settings.jobTimeout, photoreal.taskTimeout)
          : settings.jobTimeout
        const ctx: JobContext = {
          job,
          payload,
          dishId: payload.dishId,
          restaurantId: payload.restaurantId,
          uploads: yield* Ref.make<ReadonlyArray<string>>([]),
        }
        return yield* generate(ctx).pipe(
          // The histogram is in seconds (OpenTelemetry's unit for durations).
          Metric.trackDuration(
            Metric.mapInput(AppMetrics.jobDuration, (d: Duration.Duration) => Duration.toSeconds(d)),
          ),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => new JobRetryable({ reason: OwnerReason.timedOut, detail: "job timeout" }),
          }),
          Effect.catchAllDefect((defect) =>
            Effect.fail(new JobRetryable({ reason: OwnerReason.unexpected, detail: String(defect) })),
          ),
          Effect.catchTag("Superseded", (s) => onSuperseded(ctx, s.why)),
          Effect.catchTag("DependencyDown", (down) => outageOverdue(job, settings, down)),
          Effect.tapError((failure) => onFailure(ctx, failure)),
          Effect.annotateLogs({ dishId: payload.dishId, jobId: job.id, attempt: job.attemptsMade + 1 }),
          Effect.withSpan("worker.job", {
            attributes: { dishId: payload.dishId, jobId: job.id, attempt: job.attemptsMade + 1 },
          }),
          TraceContext.continueTrace(payload.traceparent),
        )
      }),
    ),
  )
