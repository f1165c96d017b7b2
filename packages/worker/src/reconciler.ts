import type { ModelJobPayload } from "@ardine/domain"
import { AppMetrics, ModelQueue, ModelStatusRepo, reconcileSchedule, type StaleDish, TraceContext } from "@ardine/infra"
import { Effect, Layer, Metric, Option } from "effect"
import { WorkerConfig } from "./config.js"
import { OwnerReason } from "./errors.js"
import { backfillUsdz } from "./usdz-backfill.js"

export type ReconcileAction = "live" | "enqueued" | "stuck" | "failed" | "gone"

export interface ReconcileReport {
  readonly checked: number
  readonly enqueued: number
  readonly stuck: number
  readonly failed: number
  /** Ready dishes that got the USDZ they were stored without. */
  readonly usdzBackfilled: number
}

const reconcileDish = (dish: StaleDish) =>
  Effect.gen(function* () {
    const queue = yield* ModelQueue
    const repo = yield* ModelStatusRepo
    const state = yield* queue.state(dish.id)
    if (state === "waiting" || state === "delayed") return "live" as ReconcileAction

    // Active but the dish has not moved for the whole stale window: its worker hangs or died with the lock.
    // A job still locked by a live worker cannot be removed (BullMQ refuses), so the enqueue below is then a
    // no-op and the stalled-job check or the job timeout settles it; an unlocked one is replaced.
    if (state === "active") {
      yield* Effect.logWarning("model job stuck: active but the dish has not progressed").pipe(
        Effect.annotateLogs({ dishId: dish.id, status: dish.modelStatus, since: dish.updatedAt.toISOString() }),
      )
      yield* queue.remove(dish.id)
    }

    // Missing, or finished while the dish still waits: the row is the source of truth for a new job.
    const loaded = yield* repo
      .load(dish.id)
      .pipe(Effect.catchTag("ParseError", () => Effect.succeed("invalid" as const)))
    if (loaded === "invalid") {
      yield* repo.markFailed(dish.id, OwnerReason.badGeometry)
      return "failed" as ReconcileAction
    }
    if (Option.isNone(loaded)) return "gone" as ReconcileAction
    const row = loaded.value
    // The job may have finished between the two reads.
    if (row.modelStatus !== "pending" && row.modelStatus !== "generating") return "live" as ReconcileAction
    if (row.imageKey === null || row.geometry === null) {
      yield* repo.markFailed(dish.id, row.imageKey === null ? OwnerReason.noPhoto : OwnerReason.badGeometry)
      return "failed" as ReconcileAction
    }
    const payload: ModelJobPayload = {
      dishId: row.id,
      restaurantId: row.restaurantId,
      imageKey: row.imageKey,
      geometry: row.geometry,
      ...(yield* TraceContext.currentTraceFields),
    }
    yield* queue.enqueue(payload)
    yield* Effect.logInfo("re-enqueued a model job that had gone missing").pipe(
      Effect.annotateLogs({ dishId: dish.id, status: dish.modelStatus, jobState: state }),
    )
    return (state === "active" ? "stuck" : "enqueued") as ReconcileAction
  }).pipe(Effect.withSpan("worker.reconcile.dish", { attributes: { dishId: dish.id } }))

/**
 * One pass: dishes `pending`/`generating` not updated for RECONCILE_STALE_AFTER_MS whose job is missing or
 * finished are re-enqueued through ModelQueue (idempotent per dish, so replicas may run this concurrently);
 * then a few ready dishes stored without a USDZ get one.
 */
export const reconcileOnce = Effect.gen(function* () {
  const repo = yield* ModelStatusRepo
  // Sampled here, on every reconciler pass: how many builds are waiting.
  yield* Effect.flatMap(ModelQueue, (queue) => queue.depth).pipe(
    Effect.flatMap((depth) => Metric.set(AppMetrics.queueDepth, depth)),
    Effect.ignore,
  )
  const settings = yield* WorkerConfig
  const stale = yield* repo.findStale({ olderThan: settings.reconcileStaleAfter })
  const actions = yield* Effect.forEach(stale, (dish) =>
    reconcileDish(dish).pipe(
      Effect.catchAll((error) =>
        Effect.as(
          Effect.logWarning("could not reconcile a dish").pipe(
            Effect.annotateLogs({ dishId: dish.id, error: String(error) }),
          ),
          "live" as ReconcileAction,
        ),
      ),
    ),
  )
  const count = (action: ReconcileAction) => actions.filter((a) => a === action).length
  const report: ReconcileReport = {
    checked: stale.length,
    enqueued: count("enqueued"),
    stuck: count("stuck"),
    failed: count("failed"),
    usdzBackfilled: yield* backfillUsdz,
  }
  if (report.enqueued + report.stuck + report.failed + report.usdzBackfilled > 0) {
    yield* Effect.logInfo("reconciled model jobs").pipe(Effect.annotateLogs({ ...report }))
  }
  return report
}).pipe(Effect.withSpan("worker.reconcile"))

/** Runs a pass on start and every RECONCILE_INTERVAL_MS; a failed pass is logged and the next one runs. */
export const ReconcilerLive = Layer.scopedDiscard(
  Effect.gen(function* () {
    const settings = yield* WorkerConfig
    const pass = reconcileOnce.pipe(
      Effect.catchAll((error) =>
        Effect.logWarning("reconciler pass failed").pipe(Effect.annotateLogs({ error: String(error) })),
      ),
    )
    yield* Effect.forkScoped(Effect.repeat(pass, reconcileSchedule(settings.reconcileInterval)))
  }),
)
