import { DishGeometry, DishId, ModelStatus, ModelWaitingFor, RestaurantId } from "@ardine/domain"
import { SqlSchema } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Duration, Effect, Option, Schema } from "effect"

/**
 * The model lifecycle of a dish as the worker sees it. Every write is guarded, so a stale or
 * duplicated job (BullMQ delivers at least once) can never move a dish backwards:
 *
 * - a job builds version `modelVersion + 1` of what it loaded; `markGenerating` and `setProgress`
 *   apply only while the row still has the version the job loaded;
 * - `markReady` applies only if nobody stored that version (or a newer one) first, unless it is the
 *   very same key (a re-run of a finished job), and returns the key it replaced;
 * - `markFailed` never touches a `ready` dish.
 */
export const DishModelState = Schema.Struct({
  id: DishId,
  restaurantId: RestaurantId,
  imageKey: Schema.NullOr(Schema.String),
  geometry: Schema.NullOr(DishGeometry),
  modelKey: Schema.NullOr(Schema.String),
  modelVersion: Schema.Int.pipe(Schema.nonNegative()),
  modelStatus: ModelStatus,
  modelProgress: Schema.Int.pipe(Schema.between(0, 100)),
  usdzKey: Schema.NullOr(Schema.String),
  /** The owner's choice for this dish, or else for the restaurant: how its model is to be made. */
  modelKind: Schema.Literal("built", "photoreal"),
})
export type DishModelState = typeof DishModelState.Type

/** A dish waiting for a model that has not moved for a while (the reconciler's input). */
export const StaleDish = Schema.Struct({
  id: DishId,
  restaurantId: RestaurantId,
  modelStatus: ModelStatus,
  updatedAt: Schema.Date,
})
export type StaleDish = typeof StaleDish.Type

const Progress = Schema.Int.pipe(Schema.between(0, 100))

const Applied = Schema.Struct({ id: DishId })
const Replaced = Schema.Struct({
  previousKey: Schema.NullOr(Schema.String),
  previousUsdzKey: Schema.NullOr(Schema.String),
})

/** A ready dish whose model has no USDZ yet (stored before the worker wrote them): the backfill's input. */
export const DishWithoutUsdz = Schema.Struct({
  id: DishId,
  restaurantId: RestaurantId,
  modelKey: Schema.String,
  modelVersion: Schema.Int,
})
export type DishWithoutUsdz = typeof DishWithoutUsdz.Type

export class ModelStatusRepo extends Effect.Service<ModelStatusRepo>()("@ardine/ModelStatusRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* PgClient.PgClient

    const load = SqlSchema.findOne({
      Request: DishId,
      Result: DishModelState,
      execute: (id) =>
        sql`SELECT d.id, d.restaurant_id, d.image_key, d.geometry, d.model_key, d.model_version, d.model_status,
              d.model_progress, d.usdz_key, COALESCE(d.model_kind, r.model_kind) AS model_kind
            FROM dishes d JOIN restaurants r ON r.id = d.restaurant_id WHERE d.id = ${id}`,
    })

    const markGenerating = SqlSchema.findOne({
      Request: Schema.Struct({ id: DishId, progress: Progress, expectedVersion: Schema.Int }),
      Result: Applied,
      // A retry starts over, and says so: progress is where this attempt is.
      execute: ({ id, progress, expectedVersion }) =>
        sql`UPDATE dishes SET model_status = 'generating', model_progress = ${progress}, failure_reason = NULL,
              updated_at = now()
            WHERE id = ${id} AND model_version = ${expectedVersion}
            RETURNING id`,
    })

    const setProgress = SqlSchema.findOne({
      Request: Schema.Struct({ id: DishId, progress: Progress, expectedVersion: Schema.Int }),
      Result: Applied,
      execute: ({ id, progress, expectedVersion }) =>
        sql`UPDATE dishes SET model_progress = GREATEST(model_progress, ${progress}), updated_at = now()
            WHERE id = ${id} AND model_status = 'generating' AND model_version = ${expectedVersion}
            RETURNING id`,
    })

    const markReady = SqlSchema.findOne({
      Request: Schema.Struct({
        id: DishId,
        modelKey: Schema.String,
        usdzKey: Schema.String,
        version: Schema.Int.pipe(Schema.positive()),
        source: Schema.Literal("built", "photoreal"),
        note: Schema.NullOr(Schema.String.pipe(Schema.maxLength(500))),
      }),
      Result: Replaced,
      // The CTE reads the row as it was before this statement, so previous_key is the key being replaced.
      execute: ({ id, modelKey, usdzKey, version, source, note }) =>
        sql`WITH previous AS (SELECT id, model_key, usdz_key FROM dishes WHERE id = ${id} FOR UPDATE)
            UPDATE dishes d SET model_status = 'ready', model_progress = 100, model_key = ${modelKey},
              usdz_key = ${usdzKey}, model_version = ${version}, model_source = ${source}, model_note = ${note},
              failure_reason = NULL, model_waiting_for = NULL,
              model_waiting_since = NULL, updated_at = now()
            FROM previous p
            WHERE d.id = p.id
              AND (d.model_version < ${version} OR (d.model_version = ${version} AND d.model_key = ${modelKey}))
            RETURNING p.model_key AS previous_key, p.usdz_key AS previous_usdz_key`,
    })

    const markFailed = SqlSchema.findOne({
      Request: Schema.Struct({ id: DishId, reason: Schema.String.pipe(Schema.maxLength(500)) }),
      Result: Applied,
      execute: ({ id, reason }) =>
        sql`UPDATE dishes SET model_status = 'failed', model_progress = 0, failure_reason = ${reason},
              model_waiting_for = NULL, model_waiting_since = NULL, updated_at = now()
            WHERE id = ${id} AND model_status IN ('pending', 'generating')
            RETURNING id`,
    })

    // updated_at stays: waiting is not progress (the reconciler still sees a job that stopped moving).
    const markWaiting = SqlSchema.findOne({
      Request: Schema.Struct({ id: DishId, waitingFor: ModelWaitingFor, since: Schema.DateFromSelf }),
      Result: Schema.Struct({ modelStatus: ModelStatus, modelProgress: Progress }),
      execute: ({ id, waitingFor, since }) =>
        sql`UPDATE dishes SET model_waiting_for = ${waitingFor}, model_waiting_since = ${since}
            WHERE id = ${id} AND model_status IN ('pending', 'generating')
            RETURNING model_status, model_progress`,
    })

    // Dishes without a photo or a shape (hand-made demo rows) are not waiting for a model.
    const findStale = SqlSchema.findAll({
      Request: Schema.Struct({ olderThanMs: Schema.Int.pipe(Schema.nonNegative()), limit: Schema.Int }),
      Result: StaleDish,
      execute: ({ olderThanMs, limit }) =>
        sql`SELECT id, restaurant_id, model_status, updated_at FROM dishes
            WHERE model_status IN ('pending', 'generating')
              AND image_key IS NOT NULL AND geometry IS NOT NULL
              AND updated_at < now() - make_interval(secs => ${olderThanMs / 1000})
            ORDER BY updated_at LIMIT ${limit}`,
    })

    const findWithoutUsdz = SqlSchema.findAll({
      Request: Schema.Int,
      Result: DishWithoutUsdz,
      execute: (limit) =>
        sql`SELECT id, restaurant_id, model_key, model_version FROM dishes
            WHERE model_status = 'ready' AND model_key IS NOT NULL AND usdz_key IS NULL
            ORDER BY random() LIMIT ${limit}`,
    })

    // Only beside the model it was made from: a newer model (or a USDZ written by its job) wins.
    const setUsdz = SqlSchema.findOne({
      Request: Schema.Struct({ id: DishId, modelKey: Schema.String, usdzKey: Schema.String }),
      Result: Applied,
      execute: ({ id, modelKey, usdzKey }) =>
        sql`UPDATE dishes SET usdz_key = ${usdzKey}
            WHERE id = ${id} AND model_status = 'ready' AND model_key = ${modelKey} AND usdz_key IS NULL
            RETURNING id`,
    })

    return {
      /** The row as the source of truth for a job; `None` when the dish was deleted. */
      load: Effect.fn("ModelStatusRepo.load")(function* (dishId: DishId) {
        yield* Effect.annotateCurrentSpan({ dishId })
        return yield* load(dishId)
      }),
      /** `true` when applied; `false` when the dish is gone or another run already stored a newer version. */
      markGenerating: Effect.fn("ModelStatusRepo.markGenerating")(function* (
        dishId: DishId,
        progress: number,
        expectedVersion: number,
      ) {
        yield* Effect.annotateCurrentSpan({ dishId, progress })
        return Option.isSome(yield* markGenerating({ id: dishId, progress, expectedVersion }))
      }),
      setProgress: Effect.fn("ModelStatusRepo.setProgress")(function* (
        dishId: DishId,
        progress: number,
        expectedVersion: number,
      ) {
        yield* Effect.annotateCurrentSpan({ dishId, progress })
        return Option.isSome(yield* setProgress({ id: dishId, progress, expectedVersion }))
      }),
      /**
       * Ready with progress 100 and no failure reason. `Some` with the replaced key (delete its blob once
       * this returns, if it differs) or `None` when the dish is gone or a newer version is already stored.
       */
      markReady: Effect.fn("ModelStatusRepo.markReady")(function* (
        dishId: DishId,
        model: {
          readonly modelKey: string
          readonly usdzKey: string
          readonly version: number
          /** What the stored model is (default built) and the owner's note when it is not what they chose. */
          readonly source?: "built" | "photoreal"
          readonly note?: string | null
        },
      ) {
        yield* Effect.annotateCurrentSpan({ dishId, version: model.version })
        return yield* markReady({ id: dishId, ...model, source: model.source ?? "built", note: model.note ?? null })
      }),
      /** Failed with progress 0 and a reason the owner can read; a `ready` dish is left alone. */
      markFailed: Effect.fn("ModelStatusRepo.markFailed")(function* (dishId: DishId, reason: string) {
        yield* Effect.annotateCurrentSpan({ dishId })
        return Option.isSome(yield* markFailed({ id: dishId, reason: reason.slice(0, 500) }))
      }),
      /**
       * Notes that the dish's model job waits for `waitingFor` (down since `since`); `Some` with the dish's
       * model status and progress, `None` when it is no longer being built (ready, failed or deleted).
       */
      markWaiting: Effect.fn("ModelStatusRepo.markWaiting")(function* (
        dishId: DishId,
        waitingFor: ModelWaitingFor,
        since: Date,
      ) {
        yield* Effect.annotateCurrentSpan({ dishId, waitingFor })
        return yield* markWaiting({ id: dishId, waitingFor, since })
      }),
      /** `pending`/`generating` dishes (with a photo and a shape) not updated for `olderThan`, oldest first. */
      findStale: Effect.fn("ModelStatusRepo.findStale")(
        (options: { readonly olderThan: Duration.DurationInput; readonly limit?: number }) =>
          findStale({ olderThanMs: Math.round(Duration.toMillis(options.olderThan)), limit: options.limit ?? 100 }),
      ),
      /** Ready dishes whose model has no USDZ yet, in random order (one that keeps failing cannot block the rest). */
      findWithoutUsdz: Effect.fn("ModelStatusRepo.findWithoutUsdz")((limit: number) => findWithoutUsdz(limit)),
      /** `true` when the USDZ was recorded beside `modelKey`; `false` when the model changed or has one already. */
      setUsdz: Effect.fn("ModelStatusRepo.setUsdz")(function* (dishId: DishId, modelKey: string, usdzKey: string) {
        yield* Effect.annotateCurrentSpan({ dishId })
        return Option.isSome(yield* setUsdz({ id: dishId, modelKey, usdzKey }))
      }),
      ping: sql`SELECT 1`.pipe(Effect.asVoid, Effect.withSpan("ModelStatusRepo.ping")),
    }
  }),
}) {}
