import type { Order } from "@ardine/domain"
import { Events, OrdersRepo } from "@ardine/infra"
import { Effect } from "effect"

/**
 * Publishes a changed order to the kitchen board (restaurant channel) and to the diner's page (the order's
 * own channel, in the diner's view). A diner event that cannot be built is logged, not failed: the change
 * itself is already stored.
 */
export const makeOrderAnnouncer = Effect.gen(function* () {
  const orders = yield* OrdersRepo
  const events = yield* Events
  return Effect.fn("announceOrderChange")(function* (order: Order) {
    yield* events.publishRestaurant(order.restaurantId, { type: "order.changed", order })
    yield* orders.getPublic(order.id).pipe(
      Effect.flatMap((view) => events.publishOrder(order.id, { type: "order.changed", order: view })),
      Effect.catchAll((error) => Effect.logWarning("no diner event", error)),
    )
  })
})
