const dayMs = 24 * 60 * 60 * 1000

const toUtc = (date: string): number => {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number)
  return Date.UTC(year, month - 1, day)
}

/** A YYYY-MM-DD day `days` later (or earlier), by the calendar: no time zone gets in between. */
export const addDays = (date: string, days: number): string =>
  new Date(toUtc(date) + days * dayMs).toISOString().slice(0, 10)

/** A YYYY-MM-DD day in words: "Monday, 15 June 2026" (in the reader's own language). */
export const dayInWords = (date: string, locale?: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(toUtc(date))

/** An hour of the day as a range people read: 13 -> "13:00–14:00". */
export const hourRange = (hour: number): string =>
  `${String(hour).padStart(2, "0")}:00–${String((hour + 1) % 24).padStart(2, "0")}:00`

/** The hour with the most orders (the first of equals), or undefined on a day without any. */
export const busiestHour = (counts: ReadonlyArray<number>): number | undefined => {
  const most = Math.max(0, ...counts)
  return most === 0 ? undefined : counts.indexOf(most)
}
