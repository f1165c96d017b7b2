import { ArdineApi, CurrentUser, DinerOrderEvent, NotFound, RestaurantEvent } from "@ardine/domain"
import { Events, OrdersRepo, RestaurantsRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Config, Effect, Option, Schema } from "effect"
import { serverSentEvents } from "../http/serverSentEvents.js"
import { ServerShutdown } from "../http/serverShutdown.js"
import { dbErrors } from "./dbErrors.js"

export const EventsHandlersLive = HttpApiBuilder.group(ArdineApi, "events", (handlers) =>
  Effect.gen(function* () {
    const events = yield* Events
    const restaurants = yield* RestaurantsRepo
    const orders = yield* OrdersRepo
    const shutdown = yield* ServerShutdown
    const heartbeatMs = yield* Config.integer("SSE_HEARTBEAT_MS").pipe(Config.withDefault(15_000))
    const encodeRestaurantEvent = Schema.encodeSync(RestaurantEvent)
    const encodeDinerEvent = Schema.encodeSync(DinerOrderEvent)

    return handlers
      .handleRaw("restaurant", ({ path }) =>
        Effect.gen(function* () {
          const user = yield* CurrentUser
          yield* dbErrors(restaurants.getOwned(user.id, path.restaurantId))
          return serverSentEvents(
            events.restaurant(path.restaurantId),
            encodeRestaurantEvent,
            shutdown.started,
            heartbeatMs,
          )
        }),
      )
      .handleRaw("order", ({ path }) =>
        Effect.gen(function* () {
          const order = yield* dbErrors(orders.findByToken(path.token))
          if (Option.isNone(order)) {
            return yield* Effect.fail(new NotFound({ resource: "order", message: "Order not found" }))
          }
          return serverSentEvents(events.order(order.value.id), encodeDinerEvent, shutdown.started, heartbeatMs)
        }),
      )
  }),
)
