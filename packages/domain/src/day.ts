import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { Schema } from "effect"
import { ArdineApi } from "./api.js"
import { Authentication } from "./auth.js"
import { NotFound } from "./errors.js"
import { RestaurantId } from "./ids.js"
import { CurrencyCode, MinorUnits } from "./money.js"

// The owner's day view: its contract lives apart from ArdineApi, which the diner's app downloads whole, so
// that these schemas reach only the owner screen that uses them (the web build keeps this module out of its
// shared API chunk).

const isCalendarDate = (text: string): boolean => {
  const [year = 0, month = 0, day = 0] = text.split("-").map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** A calendar day, YYYY-MM-DD, read in the restaurant's time zone. */
export const DayDate = Schema.String.pipe(
  Schema.pattern(/^(19[7-9]\d|2\d{3})-\d{2}-\d{2}$/, { message: () => "must be a date like 2026-05-31" }),
  Schema.filter((text) => isCalendarDate(text) || "is not a day of the calendar"),
)

/** Today's date in a time zone, from an instant (so callers pass their clock's time). */
export const dateIn = (timeZone: string, at: Date): string =>
  // en-CA formats as YYYY-MM-DD.
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at)

export const Count = Schema.Int.pipe(Schema.nonNegative())

export const TopDish = Schema.Struct({
  name: Schema.String,
  /** Portions ordered (quantities summed). */
  count: Count,
  /** The lines' totals before tax. */
  revenueMinor: MinorUnits,
})
export type TopDish = typeof TopDish.Type

/** One restaurant's day: everything but `cancelledOrders` counts only orders that were not cancelled. */
export class DaySummary extends Schema.Class<DaySummary>("DaySummary")({
  date: DayDate,
  timeZone: Schema.String,
  currency: CurrencyCode,
  orders: Count,
  /** What diners were charged, tax included. */
  revenueMinor: MinorUnits,
  /** Revenue over orders, rounded to a whole minor unit; 0 on a day without orders. */
  averageTicketMinor: MinorUnits,
  cancelledOrders: Count,
  /** At most five, the most ordered first. */
  topDishes: Schema.Array(TopDish),
  /** 24 counts: orders placed in each hour of the day, local time (0 = midnight to 1 am). */
  ordersPerHour: Schema.Array(Count).pipe(Schema.itemsCount(24)),
}) {}

export class DayApi extends HttpApiGroup.make("day")
  .add(
    HttpApiEndpoint.get("get")`/restaurants/${HttpApiSchema.param("restaurantId", RestaurantId)}/day`
      .setUrlParams(Schema.Struct({ date: Schema.optional(DayDate) }))
      .addSuccess(DaySummary)
      .addError(NotFound)
      .annotate(OpenApi.Description, "A day's orders, revenue and busiest hours; the date defaults to today there"),
  )
  .middleware(Authentication)
  .prefix("/api")
  .annotate(OpenApi.Description, "The day at a glance, in the restaurant's time zone") {}

/** Everything the API server answers: the shared contract and the owner's day view. */
export const ArdineServerApi = ArdineApi.add(DayApi)
