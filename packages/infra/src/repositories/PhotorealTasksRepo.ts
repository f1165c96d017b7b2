import { DishId, RestaurantId } from "@ardine/domain"
import { SqlSchema } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Option, Schema } from "effect"
import { inTransaction } from "./sqlErrors.js"

/**
 * The paid remote tasks of the photoreal path. A task belongs to one version of one dish: a job that runs
 * again (retry, worker restart) finds it and follows the same remote task; a restaurant's tasks of the
 * current calendar month (UTC) are what its monthly cap counts.
 */
export const PhotorealTask = Schema.Struct({
  id: Schema.NumberFromString,
  remoteTaskId: Schema.NullOr(Schema.String),
  state: Schema.Literal("running", "succeeded", "failed"),
  failureKind: Schema.NullOr(Schema.String),
})
export type PhotorealTask = typeof PhotorealTask.Type

/** What `reserve` found: the dish version's task, a new reservation, or the month's cap reached. */
export type Reservation =
  | { readonly _tag: "Existing"; readonly task: PhotorealTask }
  | { readonly _tag: "Reserved"; readonly task: PhotorealTask }
  | { readonly _tag: "OverCap"; readonly used: number }

const TaskKey = Schema.Struct({
  restaurantId: RestaurantId,
  dishId: DishId,
  modelVersion: Schema.Int,
  provider: Schema.String,
})

export class PhotorealTasksRepo extends Effect.Service<PhotorealTasksRepo>()("@ardine/PhotorealTasksRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* PgClient.PgClient

    const find = SqlSchema.findOne({
      Request: TaskKey,
      Result: PhotorealTask,
      execute: ({ dishId, modelVersion, provider }) =>
        sql`SELECT id::text AS id, remote_task_id, state, failure_kind FROM photoreal_tasks
            WHERE dish_id = ${dishId} AND model_version = ${modelVersion} AND provider = ${provider}`,
    })
    const countThisMonth = SqlSchema.single({
      Request: RestaurantId,
      Result: Schema.Struct({ used: Schema.NumberFromString }),
      execute: (restaurantId) =>
        sql`SELECT count(*)::text AS used FROM photoreal_tasks
            WHERE restaurant_id = ${restaurantId}
              AND created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    })
    const insert = SqlSchema.single({
      Request: TaskKey,
      Result: PhotorealTask,
      execute: ({ restaurantId, dishId, modelVersion, provider }) =>
        sql`INSERT INTO photoreal_tasks (restaurant_id, dish_id, model_version, provider)
            VALUES (${restaurantId}, ${dishId}, ${modelVersion}, ${provider})
            RETURNING id::text AS id, remote_task_id, state, failure_kind`,
    })
    // The restaurant's row is the lock: two jobs of one restaurant cannot both take the last slot.
    const lockRestaurant = (restaurantId: RestaurantId) =>
      sql`SELECT id FROM restaurants WHERE id = ${restaurantId} FOR UPDATE`

    return {
      /** The dish version's task if there is one, else a new one if the month's cap allows it. */
      reserve: Effect.fn("PhotorealTasksRepo.reserve")(function* (key: typeof TaskKey.Type, monthlyCap: number) {
        yield* Effect.annotateCurrentSpan({ dishId: key.dishId, modelVersion: key.modelVersion })
        return yield* inTransaction(sql)(
          Effect.gen(function* () {
            yield* lockRestaurant(key.restaurantId)
            const existing = yield* find(key)
            if (Option.isSome(existing)) return { _tag: "Existing", task: existing.value } satisfies Reservation
            const { used } = yield* countThisMonth(key.restaurantId)
            if (used >= monthlyCap) return { _tag: "OverCap", used } satisfies Reservation
            return { _tag: "Reserved", task: yield* insert(key) } satisfies Reservation
          }),
        )
      }),
      setRemoteTaskId: Effect.fn("PhotorealTasksRepo.setRemoteTaskId")(function* (id: number, remoteTaskId: string) {
        yield* sql`UPDATE photoreal_tasks SET remote_task_id = ${remoteTaskId}, updated_at = now() WHERE id = ${id}`
      }),
      /** A reservation whose remote task was never created (the provider refused): it costs nothing. */
      release: Effect.fn("PhotorealTasksRepo.release")(function* (id: number) {
        yield* sql`DELETE FROM photoreal_tasks WHERE id = ${id} AND remote_task_id IS NULL`
      }),
      finish: Effect.fn("PhotorealTasksRepo.finish")(function* (
        id: number,
        outcome: { readonly state: "succeeded" } | { readonly state: "failed"; readonly failureKind: string },
      ) {
        const failureKind = outcome.state === "failed" ? outcome.failureKind : null
        yield* sql`UPDATE photoreal_tasks SET state = ${outcome.state}, failure_kind = ${failureKind},
                     updated_at = now() WHERE id = ${id}`
      }),
      /** Remote tasks the restaurant started this calendar month (UTC). */
      countThisMonth: Effect.fn("PhotorealTasksRepo.countThisMonth")(function* (restaurantId: RestaurantId) {
        return (yield* countThisMonth(restaurantId)).used
      }),
    }
  }),
}) {}
