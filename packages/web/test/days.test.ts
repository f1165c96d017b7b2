import { DayDate, dateIn, TimeZone } from "@ardine/domain"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { addDays, busiestHour, dayInWords, hourRange } from "../src/lib/days.js"

describe("days in the day view", () => {
  it("steps over month, year and leap-day ends by the calendar", () => {
    expect(addDays("2026-06-15", -1)).toBe("2026-06-14")
    expect(addDays("2026-03-31", 1)).toBe("2026-04-01")
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31")
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29")
    // The day Paris moves its clocks forward has 23 hours; the calendar still steps one day.
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30")
  })

  it("writes a day in words whatever the reader's own zone", () => {
    expect(dayInWords("2026-06-15", "en-US")).toBe("Monday, June 15, 2026")
    expect(dayInWords("2026-01-01", "en-GB")).toMatch(/^Thursday,? 1 January 2026$/)
  })

  it("names hours as ranges and finds the busiest (the first of equals)", () => {
    expect(hourRange(0)).toBe("00:00–01:00")
    expect(hourRange(23)).toBe("23:00–00:00")
    const counts = Array.from({ length: 24 }, () => 0)
    expect(busiestHour(counts)).toBeUndefined()
    counts[19] = 4
    counts[12] = 4
    counts[8] = 1
    expect(busiestHour(counts)).toBe(12)
  })
})

describe("the day's schemas", () => {
  it("accept calendar days only", () => {
    const ok = Schema.is(DayDate)
    expect(["2026-06-15", "2028-02-29", "1970-01-01"].filter(ok)).toHaveLength(3)
    expect(["2026-02-29", "2026-13-01", "2026-6-1", "26-06-15", "2026-06-15T00:00", ""].filter(ok)).toEqual([])
  })

  it("accept time zones the runtime knows, nothing else", () => {
    const ok = Schema.is(TimeZone)
    expect(["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5"].filter(ok)).toHaveLength(4)
    expect(["Mars/Olympus_Mons", "Europe/Paris ", "../etc/passwd", "", "x".repeat(65)].filter(ok)).toEqual([])
  })

  it("tell today's date where the restaurant is", () => {
    const at = new Date("2026-06-16T03:30:00Z")
    expect(dateIn("America/New_York", at)).toBe("2026-06-15")
    expect(dateIn("UTC", at)).toBe("2026-06-16")
    expect(dateIn("Pacific/Auckland", new Date("2026-06-15T12:00:00Z"))).toBe("2026-06-16")
  })
})
