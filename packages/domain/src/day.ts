import { Schema } from "effect"
import { CurrencyCode, MinorUnits } from "./money.js"

// Whether the runtime's time zone database knows the name (Intl throws a RangeError for an unknown one).
const knownTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone name such as "Europe/Paris" or "UTC": a restaurant's days begin at its midnight. */
export const TimeZone = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/, { message: () => "must be a time zone name like Europe/Paris" }),
  Schema.filter((name) => knownTimeZone(name) || "is not a known time zone"),
)

export const DEFAULT_TIME_ZONE = "UTC"

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
