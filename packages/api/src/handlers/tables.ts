import { ArdineApi, CurrentUser, NotFound, type RestaurantId, TableAccessList, TableNotFound } from "@ardine/domain"
import { RestaurantsRepo, TableTokensRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Effect, Option } from "effect"

const codeNotFound = new NotFound({ resource: "table", message: "No table has this code" })

export const TablesLive = HttpApiBuilder.group(ArdineApi, "tables", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const tables = yield* TableTokensRepo
    const owned = (restaurantId: RestaurantId) =>
      Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, restaurantId))

    return handlers
      .handle("list", ({ path }) =>
        Effect.flatMap(owned(path.restaurantId), (restaurant) =>
          Effect.map(
            tables.list(restaurant.id, restaurant.tableCount),
            (list) => new TableAccessList({ tables: list }),
          ),
        ),
      )
      .handle("rotateAll", ({ path }) =>
        Effect.flatMap(owned(path.restaurantId), (restaurant) =>
          Effect.map(
            tables.rotate(restaurant.id, restaurant.tableCount, undefined),
            (list) => new TableAccessList({ tables: list }),
          ),
        ),
      )
      .handle("rotate", ({ path }) =>
        Effect.gen(function* () {
          const restaurant = yield* owned(path.restaurantId)
          const [rotated] = yield* tables.rotate(restaurant.id, restaurant.tableCount, path.table)
          if (rotated === undefined) {
            return yield* Effect.fail(
              new TableNotFound({
                table: path.table,
                tableCount: restaurant.tableCount,
                message: `This restaurant has tables 1 to ${restaurant.tableCount}`,
              }),
            )
          }
          return rotated
        }),
      )
      .handle("link", ({ path }) =>
        Effect.flatMap(
          tables.findByCode(path.code),
          Option.match({ onNone: () => Effect.fail(codeNotFound), onSome: Effect.succeed }),
        ),
      )
  }),
)
