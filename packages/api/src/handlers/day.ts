import { ArdineServerApi, CurrentUser, DaySummary, dateIn } from "@ardine/domain"
import { DayStatsRepo, RestaurantsRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Clock, Effect } from "effect"

export const DayLive = HttpApiBuilder.group(ArdineServerApi, "day", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const days = yield* DayStatsRepo
    return handlers.handle("get", ({ path, urlParams }) =>
      Effect.gen(function* () {
        const user = yield* CurrentUser
        const restaurant = yield* restaurants.getOwned(user.id, path.restaurantId)
        // "Today" is the restaurant's today: past midnight there, even while it is still yesterday in UTC.
        const date = urlParams.date ?? dateIn(restaurant.timeZone, new Date(yield* Clock.currentTimeMillis))
        const stats = yield* days.forDay(restaurant.id, date, restaurant.timeZone)
        return new DaySummary({ date, timeZone: restaurant.timeZone, currency: restaurant.currency, ...stats })
      }),
    )
  }),
)
