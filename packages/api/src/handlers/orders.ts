import { ArdineApi, CurrentUser, OrderList, type RestaurantId } from "@ardine/domain"
import { OrdersRepo, RestaurantsRepo } from "@ardine/infra"
import { HttpApiBuilder } from "@effect/platform"
import { Effect } from "effect"
import { dbErrors } from "./dbErrors.js"

export const OrdersLive = HttpApiBuilder.group(ArdineApi, "orders", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const orders = yield* OrdersRepo
    const owned = (restaurantId: RestaurantId) =>
      Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, restaurantId))

    return handlers
      .handle("list", ({ path, urlParams }) =>
        dbErrors(
          Effect.zipRight(
            owned(path.restaurantId),
            Effect.map(orders.list(path.restaurantId, urlParams.status), (list) => new OrderList({ orders: list })),
          ),
        ),
      )
      .handle("get", ({ path }) =>
        dbErrors(Effect.zipRight(owned(path.restaurantId), orders.get(path.restaurantId, path.orderId))),
      )
      .handle("changeStatus", ({ path, payload }) =>
        dbErrors(
          Effect.zipRight(
            owned(path.restaurantId),
            orders.changeStatus(path.restaurantId, path.orderId, payload.status),
          ),
        ),
      )
      .handle("markPaid", ({ path }) =>
        dbErrors(Effect.zipRight(owned(path.restaurantId), orders.markPaid(path.restaurantId, path.orderId))),
      )
  }),
)
