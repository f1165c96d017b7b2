import { password, unique } from "@ardine/api/test-support/fixtures"
import { Client } from "@ardine/api/test-support/httpClient"
import { expect } from "vitest"
import {
  aDish,
  aMenuOrders,
  type Case,
  DECODE,
  expectInertJson,
  type Fixture,
  orderFor,
  type Theme,
  tenKb,
  withBytes,
} from "../support.js"

const signUpBody = (changes: Record<string, unknown> = {}) => ({
  email: `${unique("corpus")}@example.test`,
  password,
  name: "Owner",
  ...changes,
})

const badOrderText = (name: string, changes: (fx: Fixture) => Record<string, unknown>): Case => ({
  name: `place order with ${name}`,
  method: "POST",
  path: aMenuOrders,
  body: (fx) => ({ json: orderFor(fx, changes(fx)) }),
  status: 400,
  tag: DECODE,
})

const badDishText = (name: string, changes: Record<string, unknown>): Case => ({
  name: `update dish with ${name}`,
  as: "a",
  method: "PATCH",
  path: aDish,
  body: () => ({ json: changes }),
  status: 400,
  tag: DECODE,
})

const rawSignUp = (name: string, raw: () => Buffer): Case => ({
  name: `sign-up with ${name}`,
  method: "POST",
  path: () => "/api/auth/signup",
  body: () => ({ raw: raw() }),
  status: 400,
  tag: DECODE,
})

export const longAndControlText: Theme = {
  theme: "10 kB strings, control characters and invalid UTF-8",
  cases: [
    badOrderText("a 10 kB customer name", () => ({ customerName: tenKb })),
    badOrderText("a 10 kB phone number", () => ({ customerPhone: "1".repeat(10 * 1024) })),
    badDishText("a 10 kB name", { name: tenKb }),
    badDishText("a 10 kB description (the limit is 2000)", { description: tenKb }),
    {
      name: "sign-up with a 10 kB email",
      method: "POST",
      path: () => "/api/auth/signup",
      body: () => ({ json: signUpBody({ email: `${tenKb}@example.test` }) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "log-in with a 10 kB password",
      method: "POST",
      path: () => "/api/auth/login",
      body: (fx) => ({ json: { email: fx.a.email, password: tenKb } }),
      status: 400,
      tag: DECODE,
    },
    badOrderText("NUL in the customer name", () => ({ customerName: "Ada\u0000" })),
    badOrderText("ESC (a terminal escape) in the customer name", () => ({ customerName: "\u001b[31mAda" })),
    badOrderText("DEL in the phone number", () => ({ customerPhone: "+44 20\u007f 7946" })),
    badOrderText("U+FFFD in the customer name", () => ({ customerName: "Ada\ufffd" })),
    badOrderText("a newline in the customer name", () => ({ customerName: "Ada\nLovelace" })),
    badDishText("BEL in the description", { description: "hot\u0007" }),
    {
      name: "place order with invalid UTF-8 bytes in the customer name",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ raw: withBytes(orderFor(fx, { customerName: "Ada @@" }), [0xff, 0xfe]) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "place order with an overlong UTF-8 encoding of '/' in the customer name",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ raw: withBytes(orderFor(fx, { customerName: "Ada @@" }), [0xc0, 0xaf]) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "place order with a UTF-8 encoded lone surrogate (ED A0 80) in the customer name",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ raw: withBytes(orderFor(fx, { customerName: "Ada @@" }), [0xed, 0xa0, 0x80]) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "place order with an escaped lone surrogate \\ud800 in the customer name",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ raw: JSON.stringify(orderFor(fx, { customerName: "Ada @@" })).replace("@@", "\\ud800") }),
      status: 400,
      tag: DECODE,
    },
    rawSignUp("Latin-1 bytes in the name", () => withBytes(signUpBody({ name: "Caf@@" }), [0xe9])),
    rawSignUp("invalid UTF-8 in the email", () =>
      withBytes(signUpBody({ email: `${unique("utf")}@@@example.test` }), [0xff]),
    ),
  ],
}

// Valid text that looks like code: accepted, stored and shown back exactly as sent, always as JSON data.
const hostile = {
  sql: "Robert'); DROP TABLE orders;--",
  sqlUnion: "' UNION SELECT password_hash FROM users --",
  html: "<script>alert(document.cookie)</script>",
  attribute: '"><img src=x onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent literally
  template: "{{constructor.constructor('alert(1)')()}} ${7*7}",
  unicode: "Zoë 🍜 — \u202eevil\u202c",
} as const

const echoed = (expected: string) => (value: unknown) => {
  expect(Buffer.from(String(value), "utf8").toString("hex")).toBe(Buffer.from(expected, "utf8").toString("hex"))
}

const orderWithName = (label: keyof typeof hostile): Case => ({
  name: `place order with ${label} text as the customer name: stored and shown back byte for byte`,
  method: "POST",
  path: aMenuOrders,
  body: (fx) => ({ json: orderFor(fx, { customerName: hostile[label] }) }),
  status: 201,
  tag: null,
  writes: { orders: 1, order_items: 1 },
  check: async (reply, { api, fx }) => {
    expectInertJson(reply)
    echoed(hostile[label])(reply.body.order.customerName)
    const stored = await api.db.query<{ name: string }>("SELECT customer_name AS name FROM orders WHERE id = $1", [
      reply.body.order.id,
    ])
    echoed(hostile[label])(stored.rows[0]?.name)
    const diner = await new Client(fx.baseUrl).get(`/api/orders/${reply.body.token}`)
    expect(diner.status).toBe(200)
    expectInertJson(diner)
    echoed(hostile[label])(diner.body.customerName)
    const kitchen = await fx.a.client.get(`/api/restaurants/${fx.a.restaurant.id}/orders/${reply.body.order.id}`)
    echoed(hostile[label])(kitchen.body.customerName)
  },
})

const dishWithText = (label: keyof typeof hostile): Case => ({
  name: `update dish with ${label} text as name and description: stored and on the public menu as sent`,
  as: "a",
  method: "PATCH",
  path: (fx) => `/api/restaurants/${fx.a.restaurant.id}/dishes/${fx.a.dishes.steak}`,
  body: () => ({ json: { name: hostile[label], description: `${hostile[label]}\n${hostile[label]}` } }),
  status: 200,
  tag: null,
  writes: { dishes: 0 },
  check: async (reply, { fx }) => {
    expectInertJson(reply)
    echoed(hostile[label])(reply.body.name)
    const menu = await new Client(fx.baseUrl).get(`/api/menu/${fx.a.slug}`)
    expectInertJson(menu)
    const dish = (menu.body.dishes as ReadonlyArray<{ id: string; name: string; description: string }>).find(
      (d) => d.id === fx.a.dishes.steak,
    )
    echoed(hostile[label])(dish?.name)
    echoed(`${hostile[label]}\n${hostile[label]}`)(dish?.description)
  },
})

export const injection: Theme = {
  theme: "SQL and HTML/JS injection strings (valid text: stored and shown back as data)",
  cases: [
    orderWithName("sql"),
    orderWithName("sqlUnion"),
    orderWithName("html"),
    orderWithName("attribute"),
    orderWithName("template"),
    orderWithName("unicode"),
    dishWithText("sql"),
    dishWithText("html"),
    dishWithText("attribute"),
    {
      name: "sign-up with a script tag as the name: stored and shown back as data",
      method: "POST",
      path: () => "/api/auth/signup",
      body: () => ({ json: signUpBody({ name: hostile.html }) }),
      status: 201,
      tag: null,
      writes: { users: 1, sessions: 1 },
      check: (reply) => {
        expectInertJson(reply)
        echoed(hostile.html)(reply.body.name)
      },
    },
    {
      name: "log-in with SQL in the email is a plain wrong login",
      method: "POST",
      path: () => "/api/auth/login",
      body: () => ({ json: { email: "x@example.test' OR '1'='1", password: "' OR '1'='1' --" } }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "log-in with SQL in the password of a real email",
      method: "POST",
      path: () => "/api/auth/login",
      body: (fx) => ({ json: { email: fx.a.email, password: "' OR '1'='1' --" } }),
      status: 401,
      tag: "InvalidCredentials",
    },
    {
      name: "menu of a slug with SQL is a 400, not a query",
      method: "GET",
      path: () => `/api/menu/${encodeURIComponent("x' OR '1'='1")}`,
      status: 400,
      tag: DECODE,
    },
    {
      name: "list orders with an SQL status filter",
      as: "a",
      method: "GET",
      path: (fx) => `/api/restaurants/${fx.a.restaurant.id}/orders?status=${encodeURIComponent("received' OR 1=1 --")}`,
      status: 400,
      tag: DECODE,
    },
  ],
}
