import { aDish, aMenuOrders, type Case, DECODE, type Fixture, literal, orderFor, type Theme } from "../support.js"

const quantity = (name: string, value: unknown, status = 400, tag = DECODE): Case => ({
  name: `place order with quantity ${name}`,
  method: "POST",
  path: aMenuOrders,
  body: (fx) => ({ json: orderFor(fx, { items: [{ dishId: fx.a.dishes.soup, quantity: value }] }) }),
  status,
  tag,
})

const rawOrder = (name: string, raw: (fx: Fixture) => string, status = 400, tag = "MalformedJson"): Case => ({
  name: `place order with ${name}`,
  method: "POST",
  path: aMenuOrders,
  body: (fx) => ({ raw: raw(fx) }),
  status,
  tag,
})

const price = (name: string, raw: string, tag: string): Case => ({
  name: `update dish with priceMinor ${name}`,
  as: "a",
  method: "PATCH",
  path: aDish,
  body: () => ({ raw: literal({ priceMinor: "@@" }, raw) }),
  status: 400,
  tag,
})

export const numbers: Theme = {
  theme: "huge, negative, zero and non-finite numbers",
  cases: [
    quantity("0", 0),
    quantity("-1", -1),
    quantity("-0", -0),
    quantity("1.5", 1.5),
    quantity("51 (the limit is 50)", 51),
    quantity("2**53 + 2", 2 ** 53 + 2),
    quantity("-(2**53)", -(2 ** 53)),
    quantity("1e300", 1e300),
    {
      name: "place order with the same dish twice, 30 + 30 (over 50 once merged)",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({
        json: orderFor(fx, {
          items: [
            { dishId: fx.a.dishes.soup, quantity: 30 },
            { dishId: fx.a.dishes.soup, quantity: 30 },
          ],
        }),
      }),
      status: 422,
      tag: "QuantityTooLarge",
    },
    {
      name: "place order with 101 lines (the limit is 100)",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({
        json: orderFor(fx, { items: Array.from({ length: 101 }, () => ({ dishId: fx.a.dishes.soup, quantity: 1 })) }),
      }),
      status: 400,
      tag: DECODE,
    },
    rawOrder("NaN as the quantity", (fx) =>
      literal(orderFor(fx, { items: [{ dishId: fx.a.dishes.soup, quantity: "@@" }] }), "NaN"),
    ),
    rawOrder("Infinity as the table", (fx) => literal(orderFor(fx, { table: "@@" }), "Infinity")),
    rawOrder("-Infinity as the table", (fx) => literal(orderFor(fx, { table: "@@" }), "-Infinity")),
    rawOrder(
      "1e400 (valid JSON, parses to Infinity) as the table",
      (fx) => literal(orderFor(fx, { table: "@@" }), "1e400"),
      400,
      DECODE,
    ),
    rawOrder("a 400-digit table number", (fx) => literal(orderFor(fx, { table: "@@" }), "9".repeat(400)), 400, DECODE),
    rawOrder(
      "1e-400 (parses to 0) as the quantity",
      (fx) => literal(orderFor(fx, { items: [{ dishId: fx.a.dishes.soup, quantity: "@@" }] }), "1e-400"),
      400,
      DECODE,
    ),
    rawOrder("0x10 (hex is not JSON) as the table", (fx) => literal(orderFor(fx, { table: "@@" }), "0x10")),
    {
      name: "place order at table 11 of 10",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ json: orderFor(fx, { table: 11 }) }),
      status: 422,
      tag: "TableNotFound",
    },
    {
      name: "place order at table 0",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ json: orderFor(fx, { table: 0 }) }),
      status: 400,
      tag: DECODE,
    },
    price("NaN", "NaN", "MalformedJson"),
    price("-1", "-1", DECODE),
    price("10000001 (over the cap)", "10000001", DECODE),
    price("2**31 (overflows the integer column)", String(2 ** 31), DECODE),
    {
      name: "create restaurant with taxRateBps 10001 and tableCount 501",
      as: "a",
      method: "POST",
      path: () => "/api/restaurants",
      body: () => ({
        json: { slug: "corpus-huge", name: "Huge", currency: "EUR", taxRateBps: 10_001, tableCount: 501 },
      }),
      status: 400,
      tag: DECODE,
    },
  ],
}
