import { password } from "@ardine/api/test-support/fixtures"
import { aDish, aMenuOrders, type Case, DECODE, orderFor, type Theme } from "../support.js"

const signUp = "/api/auth/signup"
const malformed = (name: string, path: Case["path"], raw: string, as?: Case["as"], method: Case["method"] = "POST") =>
  ({
    name,
    method,
    path,
    ...(as === undefined ? {} : { as }),
    body: () => ({ raw }),
    status: 400,
    tag: "MalformedJson",
  }) satisfies Case

const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`

export const malformedJson: Theme = {
  theme: "malformed JSON",
  cases: [
    malformed("sign-up with truncated JSON", () => signUp, '{"email":'),
    malformed("sign-up with single-quoted JSON", () => signUp, "{'email':'a@b.c'}"),
    malformed("place order with a trailing comma", aMenuOrders, '{"table":3,}'),
    malformed("place order with two JSON documents", aMenuOrders, '{"table":3} {"table":4}'),
    malformed("place order with a comment", aMenuOrders, '{"table":3 /* four */}'),
    malformed("place order with a UTF-8 byte order mark first", aMenuOrders, '\ufeff{"table":3}'),
    malformed("log-in with the bare word undefined", () => "/api/auth/login", "undefined"),
    malformed("log-in with an unquoted key", () => "/api/auth/login", `{email:"a@b.c",password:"${password}"}`),
    malformed("update dish with a lone brace", aDish, "{", "a", "PATCH"),
    malformed("update dish with garbage after the document", aDish, '{"name":"Soup"}garbage', "a", "PATCH"),
    malformed("sign-up with JSON nested 33 levels (the limit is 32)", () => signUp, deep(33)),
    malformed("sign-up with JSON nested 10 000 levels (a stack bomb)", () => signUp, deep(10_000)),
    {
      name: "sign-up with an empty application/json body",
      method: "POST",
      path: () => signUp,
      body: () => ({ raw: "" }),
      status: 400,
      tag: DECODE,
    },
  ],
}

const place = (name: string, changes: (fx: Parameters<Case["path"]>[0]) => Record<string, unknown>): Case => ({
  name: `place order ${name}`,
  method: "POST",
  path: aMenuOrders,
  body: (fx) => ({ json: orderFor(fx, changes(fx)) }),
  status: 400,
  tag: DECODE,
})

export const wrongTypes: Theme = {
  theme: "wrong types",
  cases: [
    place("with table as a string", () => ({ table: "3" })),
    place("with table as null", () => ({ table: null })),
    place("with items as an object", (fx) => ({ items: { dishId: fx.a.dishes.soup, quantity: 1 } })),
    place("with items empty", () => ({ items: [] })),
    place("with quantity as a string", (fx) => ({ items: [{ dishId: fx.a.dishes.soup, quantity: "2" }] })),
    place("with quantity as a boolean", (fx) => ({ items: [{ dishId: fx.a.dishes.soup, quantity: true }] })),
    place("with dishId as a number", () => ({ items: [{ dishId: 7, quantity: 1 }] })),
    place("with a price the client made up (unknown key)", (fx) => ({
      items: [{ dishId: fx.a.dishes.soup, quantity: 1, unitPriceMinor: 1 }],
    })),
    place("with a __proto__ key", () => JSON.parse('{"__proto__":{"admin":true}}')),
    place("with paymentMethod as an array", () => ({ paymentMethod: ["Cash"] })),
    {
      name: "place order with an array body",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ json: [orderFor(fx)] }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "place order with a string body",
      method: "POST",
      path: aMenuOrders,
      body: () => ({ json: "order" }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "place order with a duplicated key (the last, a string, wins)",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ raw: JSON.stringify(orderFor(fx)).replace('"table":3', '"table":3,"table":"3"') }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "sign-up with email as a number",
      method: "POST",
      path: () => signUp,
      body: () => ({ json: { email: 42, password, name: "Owner" } }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "update dish with available as a string",
      as: "a",
      method: "PATCH",
      path: aDish,
      body: () => ({ json: { available: "false" } }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "change status with status as a number",
      as: "a",
      method: "PATCH",
      path: (fx) => `/api/restaurants/${fx.a.restaurant.id}/orders/${fx.orders.received}/status`,
      body: () => ({ json: { status: 1 } }),
      status: 400,
      tag: DECODE,
    },
  ],
}
