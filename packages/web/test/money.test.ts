import { describe, expect, it } from "vitest"
import { formatMoney, fractionDigits, minorToInput, parseMoneyInput } from "../src/lib/money.js"

// Intl inserts narrow no-break spaces in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ")

describe("currency formatting from integer minor units", () => {
  it("EUR has cents", () => {
    expect(fractionDigits("EUR")).toBe(2)
    expect(formatMoney(1150, "EUR", "en-IE")).toBe("€11.50")
    expect(plain(formatMoney(1150, "EUR", "de-DE"))).toBe("11,50 €")
    expect(formatMoney(5, "EUR", "en-IE")).toBe("€0.05")
    expect(formatMoney(0, "EUR", "en-IE")).toBe("€0.00")
  })

  it("JPY has no minor unit: 1200 minor units are ¥1,200", () => {
    expect(fractionDigits("JPY")).toBe(0)
    expect(formatMoney(1200, "JPY", "en-US")).toBe("¥1,200")
    expect(formatMoney(1200, "JPY", "ja-JP")).toMatch(/^[¥￥]1,200$/)
  })

  it("INR has paise and Indian digit grouping", () => {
    expect(fractionDigits("INR")).toBe(2)
    expect(formatMoney(12345678, "INR", "en-IN")).toBe("₹1,23,456.78")
    expect(formatMoney(49900, "INR", "en-IN")).toBe("₹499.00")
  })
})

describe("price fields", () => {
  it("reads what an owner types as minor units, without floating point", () => {
    expect(parseMoneyInput("11.50", "EUR")).toBe(1150)
    expect(parseMoneyInput("11,5", "EUR")).toBe(1150)
    expect(parseMoneyInput("0.29", "EUR")).toBe(29)
    expect(parseMoneyInput(" 12 ", "EUR")).toBe(1200)
    expect(parseMoneyInput("1200", "JPY")).toBe(1200)
    expect(parseMoneyInput("499.99", "INR")).toBe(49999)
  })

  it("refuses what is not a plain amount", () => {
    expect(parseMoneyInput("", "EUR")).toBeUndefined()
    expect(parseMoneyInput("-1", "EUR")).toBeUndefined()
    expect(parseMoneyInput("1.234", "EUR")).toBeUndefined()
    expect(parseMoneyInput("12.5", "JPY")).toBeUndefined()
    expect(parseMoneyInput("ten", "EUR")).toBeUndefined()
    expect(parseMoneyInput("1e3", "EUR")).toBeUndefined()
  })

  it("shows minor units back the way they are typed", () => {
    expect(minorToInput(1150, "EUR")).toBe("11.50")
    expect(minorToInput(5, "EUR")).toBe("0.05")
    expect(minorToInput(1200, "JPY")).toBe("1200")
    for (const minor of [0, 1, 99, 100, 1999, 10_000_000]) {
      expect(parseMoneyInput(minorToInput(minor, "EUR"), "EUR")).toBe(minor)
    }
  })
})
