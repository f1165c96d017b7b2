import { ArdineApi, CurrentUser, OrderList, type RestaurantId } from "@ardine/domain"
import { OrdersRepo, RestaurantsRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Effect } from "effect"
import { makeOrderAnnouncer } from "./orderEvents.js"

export const OrdersLive = HttpApiBuilder.group(ArdineApi, "orders", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const orders = yield* OrdersRepo
    // The kitchen board and the diner's page both follow the order live.
    const announce = yield* makeOrderAnnouncer
    const owned = (restaurantId: RestaurantId) =>
      Effect.flatMap(CurrentUser, (user) => restaurants.getOwned(user.id, restaurantId))

    return handlers
      .handle("list", ({ path, urlParams }) =>
        Effect.zipRight(
          owned(path.restaurantId),
          Effect.map(orders.list(path.restaurantId, urlParams.status), (list) => new OrderList({ orders: list })),
        ),
      )
      .handle("get", ({ path }) =>
        Effect.zipRight(owned(path.restaurantId), orders.get(path.restaurantId, path.orderId)),
      )
      .handle("changeStatus", ({ path, payload }) =>
        Effect.zipRight(
          owned(path.restaurantId),
          orders.changeStatus(path.restaurantId, path.orderId, payload.status),
        ).pipe(Effect.tap(announce)),
      )
      .handle("markPaid", ({ path }) =>
        Effect.zipRight(owned(path.restaurantId), orders.markPaid(path.restaurantId, path.orderId)).pipe(
          Effect.tap(announce),
        ),
      )
  }),
)
