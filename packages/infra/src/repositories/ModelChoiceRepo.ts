import { DishId, DishModelChoice, ModelKind, type ModelLane, RestaurantId } from "@ardine/domain"
import { SqlSchema } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Option, Schema } from "effect"
import { dishNotFound } from "./DishesRepo.js"
import { mapSqlErrors } from "./sqlErrors.js"

/** The owner's built/photoreal choice for a dish, and what its stored model turned out to be. */
export class ModelChoiceRepo extends Effect.Service<ModelChoiceRepo>()("@ardine/ModelChoiceRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* PgClient.PgClient
    const Key = Schema.Struct({ restaurantId: RestaurantId, dishId: DishId })
    type Key = typeof Key.Encoded
    const select = (key: Key) =>
      sql`SELECT d.id AS dish_id, d.model_kind AS choice, COALESCE(d.model_kind, r.model_kind) AS effective,
            d.model_source AS source, d.model_note AS note
          FROM dishes d JOIN restaurants r ON r.id = d.restaurant_id
          WHERE d.id = ${key.dishId} AND d.restaurant_id = ${key.restaurantId}`
    const find = SqlSchema.findOne({ Request: Key, Result: DishModelChoice, execute: select })
    const findEffective = SqlSchema.findOne({
      Request: DishId,
      Result: Schema.Struct({ effective: ModelKind }),
      execute: (dishId) =>
        sql`SELECT COALESCE(d.model_kind, r.model_kind) AS effective
            FROM dishes d JOIN restaurants r ON r.id = d.restaurant_id WHERE d.id = ${dishId}`,
    })
    const orNotFound = Effect.flatMap(
      Option.match({ onNone: () => Effect.fail(dishNotFound), onSome: (c: DishModelChoice) => Effect.succeed(c) }),
    )

    return {
      get: Effect.fn("ModelChoiceRepo.get")(
        (restaurantId: RestaurantId, dishId: DishId) => find({ restaurantId, dishId }).pipe(orNotFound),
        mapSqlErrors,
      ),
      /** The queue the dish's next model job goes to (a dish already gone: the builder's, where it is dropped). */
      laneOf: Effect.fn("ModelChoiceRepo.laneOf")(
        (dishId: DishId) =>
          findEffective(dishId).pipe(
            Effect.map(
              (row): ModelLane => (Option.isSome(row) && row.value.effective === "photoreal" ? "photoreal" : "builder"),
            ),
          ),
        mapSqlErrors,
      ),
      /** The caller has checked the restaurant is the owner's. */
      setRestaurant: Effect.fn("ModelChoiceRepo.setRestaurant")(
        (restaurantId: RestaurantId, kind: ModelKind) =>
          sql`UPDATE restaurants SET model_kind = ${kind}, updated_at = now() WHERE id = ${restaurantId}`.pipe(
            Effect.as({ restaurantId, modelKind: kind }),
          ),
        mapSqlErrors,
      ),
      /** Only a dish of this restaurant: another restaurant's dish is not found. */
      set: Effect.fn("ModelChoiceRepo.set")(
        (restaurantId: RestaurantId, dishId: DishId, kind: ModelKind | null) =>
          sql`UPDATE dishes SET model_kind = ${kind}, updated_at = now()
              WHERE id = ${dishId} AND restaurant_id = ${restaurantId}`.pipe(
            Effect.zipRight(find({ restaurantId, dishId })),
            orNotFound,
          ),
        mapSqlErrors,
      ),
    }
  }),
}) {}
