import { ArdineApi, CurrentUser, DinerOrderEvent, NotFound, RestaurantEvent, SESSION_COOKIE } from "@ardine/domain"
import { Events, OrdersRepo, RestaurantsRepo, sseSessionRecheckSchedule } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Config, Duration, Effect, Option, Schema } from "effect"
import { Sessions } from "../auth/Sessions.js"
import { serverSentEvents } from "../http/serverSentEvents.js"
import { ServerShutdown } from "../http/serverShutdown.js"

export const EventsHandlersLive = HttpApiBuilder.group(ArdineApi, "events", (handlers) =>
  Effect.gen(function* () {
    const events = yield* Events
    const restaurants = yield* RestaurantsRepo
    const orders = yield* OrdersRepo
    const shutdown = yield* ServerShutdown
    const heartbeatMs = yield* Config.integer("SSE_HEARTBEAT_MS").pipe(Config.withDefault(15_000))
    const sessions = yield* Sessions
    // Sessions live in Postgres, so a logout or an expiry on any replica is seen here at the next check.
    const sessionCheckMs = yield* Config.integer("SSE_SESSION_CHECK_MS").pipe(Config.withDefault(5_000))
    const sessionRecheck = sseSessionRecheckSchedule(Duration.millis(sessionCheckMs))

    /**
     * Completes once the session behind an owner's stream has ended (logged out, expired, or its owner
     * gone), checked every SSE_SESSION_CHECK_MS. A check the database cannot answer ends the stream too:
     * the kitchen's orders carry phone numbers, and the app reconnects (and so re-authenticates) by itself.
     */
    const sessionEnded = (token: string) =>
      sessions.userOf(token).pipe(
        Effect.map(Option.isSome),
        Effect.orElseSucceed(() => false),
        Effect.repeat({ schedule: sessionRecheck, while: (stillValid) => stillValid }),
        // The stream opens right after authentication: the first check is one interval later.
        Effect.delay(sessionCheckMs),
        Effect.zipRight(Effect.logInfo("owner event stream ended with its session")),
      )
    const encodeRestaurantEvent = Schema.encodeSync(RestaurantEvent)
    const encodeDinerEvent = Schema.encodeSync(DinerOrderEvent)

    return handlers
      .handleRaw("restaurant", ({ path }) =>
        Effect.gen(function* () {
          const user = yield* CurrentUser
          yield* restaurants.getOwned(user.id, path.restaurantId)
          const request = yield* HttpServerRequest.HttpServerRequest
          const token = request.cookies[SESSION_COOKIE] ?? ""
          return serverSentEvents(
            events.restaurant(path.restaurantId),
            encodeRestaurantEvent,
            Effect.race(shutdown.started, sessionEnded(token)),
            heartbeatMs,
          )
        }),
      )
      .handleRaw("order", ({ path }) =>
        Effect.gen(function* () {
          const order = yield* orders.findByToken(path.token)
          if (Option.isNone(order)) {
            return yield* Effect.fail(new NotFound({ resource: "order", message: "Order not found" }))
          }
          return serverSentEvents(events.order(order.value.id), encodeDinerEvent, shutdown.started, heartbeatMs)
        }),
      )
  }),
)
