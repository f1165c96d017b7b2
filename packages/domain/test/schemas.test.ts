import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CurrencyCode } from "../src/money.js"
import { PlaceOrderRequest } from "../src/order.js"
import { Line } from "../src/text.js"

const decode = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknownEither(schema)

describe("text fields", () => {
  const name = decode(Line(20))
  it("trims and accepts ordinary text, SQL metacharacters included", () => {
    expect(name("  Café O'Brien  ")).toEqual(Either.right("Café O'Brien"))
    expect(Either.isRight(name("'; DROP TABLE x; --"))).toBe(true)
  })
  it("refuses empty, too long, control characters and invalid UTF-8 (U+FFFD)", () => {
    for (const bad of ["", "   ", "x".repeat(21), "a\u0000b", "a\u0007", "bad\ufffd"]) {
      expect(Either.isLeft(name(bad)), JSON.stringify(bad)).toBe(true)
    }
  })
})

describe("currencies", () => {
  it("accepts ISO 4217 codes the runtime knows", () => {
    for (const code of ["EUR", "USD", "INR", "JPY"]) expect(Either.isRight(decode(CurrencyCode)(code))).toBe(true)
    for (const code of ["eur", "EURO", "XXQ", ""]) expect(Either.isLeft(decode(CurrencyCode)(code))).toBe(true)
  })
})

describe("order requests", () => {
  const valid = {
    table: 1,
    items: [{ dishId: "00000000-0000-4000-8000-000000000001", quantity: 1 }],
    customerName: "Ada",
    customerPhone: "+44 20 7946 0958",
    paymentMethod: "UPI",
  }
  it("decode a well-formed cart", () => {
    expect(Either.isRight(decode(PlaceOrderRequest)(valid))).toBe(true)
  })
  it("refuse any price the client sends, at the line or the order level", () => {
    expect(
      Either.isLeft(decode(PlaceOrderRequest)({ ...valid, items: [{ ...valid.items[0], unitPriceMinor: 1 }] })),
    ).toBe(true)
    expect(Either.isLeft(decode(PlaceOrderRequest)({ ...valid, totalMinor: 1 }))).toBe(true)
  })
})
