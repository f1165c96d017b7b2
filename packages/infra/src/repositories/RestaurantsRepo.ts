import {
  type CreateRestaurantRequest,
  DEFAULT_LANGUAGE,
  DEFAULT_TIME_ZONE,
  NotFound,
  Restaurant,
  RestaurantId,
  SlugTaken,
  type UpdateRestaurantRequest,
  UserId,
  withPricingDefaults,
} from "@ardine/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Option, Schema } from "effect"
import { isUniqueViolation, mapSqlErrors } from "./sqlErrors.js"

const columns = `id, slug, name, currency, tax_rate_bps, table_count, created_at, updated_at, prices_include_tax,
  payment_methods, time_zone, language, languages,
  json_build_object('amberMinutes', kitchen_amber_minutes, 'redMinutes', kitchen_red_minutes) AS kitchen_alerts`
const Owned = Schema.Struct({ ownerId: UserId, id: RestaurantId })

const slugTaken = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.catchIf(
    effect,
    (e) => isUniqueViolation(e, "restaurants_slug_key"),
    () => Effect.fail(new SlugTaken({ message: "This address is already used by another restaurant" })),
  )

export const restaurantNotFound = new NotFound({ resource: "restaurant", message: "Restaurant not found" })

export class RestaurantsRepo extends Effect.Service<RestaurantsRepo>()("@ardine/RestaurantsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const listByOwner = SqlSchema.findAll({
      Request: UserId,
      Result: Restaurant,
      execute: (ownerId) =>
        sql`SELECT ${sql.literal(columns)} FROM restaurants WHERE owner_id = ${ownerId} ORDER BY created_at`,
    })

    // Every owner-scoped read goes through the owner id: another tenant's restaurant is simply not found.
    const findOwned = SqlSchema.findOne({
      Request: Owned,
      Result: Restaurant,
      execute: ({ ownerId, id }) =>
        sql`SELECT ${sql.literal(columns)} FROM restaurants WHERE id = ${id} AND owner_id = ${ownerId}`,
    })

    const findBySlug = SqlSchema.findOne({
      Request: Schema.String,
      Result: Restaurant,
      execute: (slug) => sql`SELECT ${sql.literal(columns)} FROM restaurants WHERE slug = ${slug}`,
    })

    const insert = SqlSchema.single({
      Request: Schema.Struct({
        ownerId: UserId,
        slug: Schema.String,
        name: Schema.String,
        currency: Schema.String,
        taxRateBps: Schema.Int,
        tableCount: Schema.Int,
        pricesIncludeTax: Schema.Boolean,
        paymentMethods: Schema.Array(Schema.String),
        timeZone: Schema.String,
        language: Schema.String,
        languages: Schema.Array(Schema.String),
      }),
      Result: Restaurant,
      execute: (row) => sql`INSERT INTO restaurants ${sql.insert(row)} RETURNING ${sql.literal(columns)}`,
    })

    const getOwned = Effect.fn("RestaurantsRepo.getOwned")(
      (ownerId: UserId, id: RestaurantId) =>
        findOwned({ ownerId, id }).pipe(
          Effect.flatMap(Option.match({ onNone: () => Effect.fail(restaurantNotFound), onSome: Effect.succeed })),
        ),
      mapSqlErrors,
    )

    return {
      listByOwner: Effect.fn("RestaurantsRepo.listByOwner")((ownerId: UserId) => listByOwner(ownerId), mapSqlErrors),
      getOwned,
      findBySlug: Effect.fn("RestaurantsRepo.findBySlug")((slug: string) => findBySlug(slug), mapSqlErrors),
      create: Effect.fn("RestaurantsRepo.create")(
        (ownerId: UserId, request: CreateRestaurantRequest) =>
          slugTaken(
            insert({
              ownerId,
              ...withPricingDefaults(request),
              timeZone: request.timeZone ?? DEFAULT_TIME_ZONE,
              language: request.language ?? DEFAULT_LANGUAGE,
              languages: request.languages ?? [],
            }),
          ),
        mapSqlErrors,
      ),
      update: Effect.fn("RestaurantsRepo.update")(function* (
        ownerId: UserId,
        id: RestaurantId,
        changes: UpdateRestaurantRequest,
      ) {
        const { kitchenAlerts, ...rest } = changes
        // The thresholds travel as one object (validated together) but are stored as two columns.
        const fields = Object.fromEntries(
          Object.entries({
            ...rest,
            kitchenAmberMinutes: kitchenAlerts?.amberMinutes,
            kitchenRedMinutes: kitchenAlerts?.redMinutes,
          }).filter(([, v]) => v !== undefined),
        )
        if (Object.keys(fields).length === 0) return yield* getOwned(ownerId, id)
        const rows = yield* slugTaken(
          sql`UPDATE restaurants SET ${sql.update(fields)}, updated_at = now()
              WHERE id = ${id} AND owner_id = ${ownerId} RETURNING ${sql.literal(columns)}`,
        )
        const row = rows[0]
        if (row === undefined) return yield* Effect.fail(restaurantNotFound)
        return yield* Schema.decodeUnknown(Restaurant)(row)
      }, mapSqlErrors),
    }
  }),
}) {}
