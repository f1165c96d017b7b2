import { Count, MinorUnits, type RestaurantId, TopDish } from "@ardine/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Schema } from "effect"
import { mapSqlErrors } from "./sqlErrors.js"

/** Which restaurant and which local day: `date` (YYYY-MM-DD) is read in `timeZone`. */
export const DayRequest = Schema.Struct({
  restaurantId: Schema.String,
  date: Schema.String,
  timeZone: Schema.String,
})
export type DayRequest = typeof DayRequest.Type

const Totals = Schema.Struct({
  orders: Count,
  revenueMinor: MinorUnits,
  averageTicketMinor: MinorUnits,
  cancelledOrders: Count,
})

export type DayStats = typeof Totals.Type & {
  readonly topDishes: ReadonlyArray<TopDish>
  readonly ordersPerHour: ReadonlyArray<number>
}

/**
 * A restaurant's day, one statement per figure. The day runs from local midnight to the next local midnight
 * (23 or 25 hours across a daylight-saving change), so `created_at` is compared with two instants and the
 * (restaurant_id, created_at) index serves every statement.
 */
export class DayStatsRepo extends Effect.Service<DayStatsRepo>()("@ardine/DayStatsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const ofTheDay = ({ restaurantId, date, timeZone }: DayRequest) =>
      sql`o.restaurant_id = ${restaurantId}
          AND o.created_at >= (${date}::date::timestamp AT TIME ZONE ${timeZone})
          AND o.created_at < ((${date}::date + 1)::timestamp AT TIME ZONE ${timeZone})`

    const totals = SqlSchema.single({
      Request: DayRequest,
      Result: Totals,
      execute: (day) => sql`
        SELECT count(*) FILTER (WHERE o.status <> 'cancelled')::int AS orders,
               coalesce(sum(o.total_minor) FILTER (WHERE o.status <> 'cancelled'), 0)::bigint AS revenue_minor,
               coalesce(round(avg(o.total_minor) FILTER (WHERE o.status <> 'cancelled')), 0)::bigint
                 AS average_ticket_minor,
               count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled_orders
        FROM orders o WHERE ${ofTheDay(day)}`,
    })

    // By the name the order kept: a dish deleted since still counts under the name diners saw.
    const topDishes = SqlSchema.findAll({
      Request: DayRequest,
      Result: TopDish,
      execute: (day) => sql`
        SELECT i.name, sum(i.quantity)::int AS count, sum(i.line_total_minor)::bigint AS revenue_minor
        FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE ${ofTheDay(day)} AND o.status <> 'cancelled'
        GROUP BY i.name
        ORDER BY count DESC, revenue_minor DESC, i.name
        LIMIT 5`,
    })

    const perHour = SqlSchema.single({
      Request: DayRequest,
      Result: Schema.Struct({ ordersPerHour: Schema.Array(Count).pipe(Schema.itemsCount(24)) }),
      execute: (day) => sql`
        SELECT array_agg(coalesce(placed.orders, 0) ORDER BY hour.hour) AS orders_per_hour
        FROM generate_series(0, 23) AS hour (hour)
        LEFT JOIN (
          SELECT extract(hour FROM o.created_at AT TIME ZONE ${day.timeZone})::int AS hour, count(*)::int AS orders
          FROM orders o WHERE ${ofTheDay(day)} AND o.status <> 'cancelled'
          GROUP BY 1
        ) AS placed USING (hour)`,
    })

    const forDay = Effect.fn("DayStatsRepo.forDay")(function* (
      restaurantId: RestaurantId,
      date: string,
      timeZone: string,
    ) {
      const day = { restaurantId, date, timeZone }
      const [sums, top, hours] = yield* Effect.all([totals(day), topDishes(day), perHour(day)], {
        concurrency: "unbounded",
      })
      return { ...sums, topDishes: top, ordersPerHour: hours.ordersPerHour } satisfies DayStats
    }, mapSqlErrors)

    return { forDay }
  }),
}) {}
