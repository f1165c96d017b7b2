import { expect } from "vitest"
import { aMenuOrders, aRestaurant, type Case, DECODE, type Fixture, orderFor, type Theme } from "../support.js"

const withKey = (key: (fx: Fixture) => string) => (fx: Fixture) => ({ "idempotency-key": key(fx) })

export const idempotency: Theme = {
  theme: "replayed idempotency keys",
  cases: [
    {
      name: "the same key with a different customer",
      method: "POST",
      path: aMenuOrders,
      headers: withKey((fx) => fx.idempotencyKey),
      body: (fx) => ({ json: { ...fx.idempotentBody, customerName: "Someone Else" } }),
      status: 422,
      tag: "IdempotencyKeyReused",
    },
    {
      name: "the same key with a different quantity",
      method: "POST",
      path: aMenuOrders,
      headers: withKey((fx) => fx.idempotencyKey),
      body: (fx) => ({ json: { ...fx.idempotentBody, items: [{ dishId: fx.a.dishes.steak, quantity: 3 }] } }),
      status: 422,
      tag: "IdempotencyKeyReused",
    },
    {
      name: "the same key with a different table",
      method: "POST",
      path: aMenuOrders,
      headers: withKey((fx) => fx.idempotencyKey),
      body: (fx) => ({ json: { ...fx.idempotentBody, table: 4 } }),
      status: 422,
      tag: "IdempotencyKeyReused",
    },
    {
      name: "the same key with the same body: the first order again, nothing new written",
      method: "POST",
      path: aMenuOrders,
      headers: withKey((fx) => fx.idempotencyKey),
      body: (fx) => ({ json: fx.idempotentBody }),
      status: 201,
      tag: null,
      check: (reply, { fx }) => {
        expect(reply.body.order.id).toBe(fx.idempotentOrderId)
      },
    },
    {
      name: "a key of 7 characters (the minimum is 8)",
      method: "POST",
      path: aMenuOrders,
      headers: withKey(() => "short-k"),
      body: (fx) => ({ json: orderFor(fx) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "a key of 129 characters",
      method: "POST",
      path: aMenuOrders,
      headers: withKey(() => "k".repeat(129)),
      body: (fx) => ({ json: orderFor(fx) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "a key with SQL in it",
      method: "POST",
      path: aMenuOrders,
      headers: withKey(() => "key'; DROP TABLE orders;--"),
      body: (fx) => ({ json: orderFor(fx) }),
      status: 400,
      tag: DECODE,
    },
  ],
}

const withToken = (name: string, token: (fx: Fixture) => unknown): Case => ({
  name,
  method: "POST",
  path: aMenuOrders,
  body: (fx) => ({ json: orderFor(fx, { tableToken: token(fx) }) }),
  status: 403,
  tag: "InvalidTableToken",
})

export const tableTokens: Theme = {
  theme: "orders without their table's token",
  cases: [
    withToken("an order without a table token", () => undefined),
    withToken("an empty table token", () => ""),
    withToken("a made-up table token", () => "A".repeat(43)),
    withToken("the token of another table", (fx) => fx.a.tableTokens.get(4)),
    withToken("the token of another restaurant's table 3", (fx) => fx.b.tableTokens.get(3)),
    withToken("the table's token in lower case", (fx) => fx.a.tableTokens.get(3)?.toLowerCase()),
    withToken("the table's token with a space after it", (fx) => `${fx.a.tableTokens.get(3)} `),
    {
      name: "a table token of 129 characters",
      method: "POST",
      path: aMenuOrders,
      body: (fx) => ({ json: orderFor(fx, { tableToken: "A".repeat(129) }) }),
      status: 400,
      tag: DECODE,
    },
    {
      name: "a replayed key without the token: the first order again (a replay never creates one)",
      method: "POST",
      path: aMenuOrders,
      headers: withKey((fx) => fx.idempotencyKey),
      body: (fx) => ({ json: { ...fx.idempotentBody, tableToken: undefined } }),
      status: 201,
      tag: null,
      check: (reply, { fx }) => {
        expect(reply.body.order.id).toBe(fx.idempotentOrderId)
      },
    },
  ],
}

const jump = (from: keyof Fixture["orders"], to: string, status = 409, tag = "InvalidOrderTransition"): Case => ({
  name: `${from} -> ${to}`,
  as: "a",
  method: "PATCH",
  path: (fx) => `${aRestaurant(fx)}/orders/${fx.orders[from]}/status`,
  body: () => ({ json: { status: to } }),
  status,
  tag,
  ...(tag === "InvalidOrderTransition"
    ? {
        check: (reply) => {
          expect(reply.body).toMatchObject({ from, to })
        },
      }
    : {}),
})

export const statusJumps: Theme = {
  theme: "order status jumps that skip the state machine",
  cases: [
    jump("received", "ready"),
    jump("received", "served"),
    jump("received", "received"),
    jump("preparing", "served"),
    jump("preparing", "received"),
    jump("served", "preparing"),
    jump("served", "cancelled"),
    jump("cancelled", "received"),
    jump("cancelled", "served"),
    jump("received", "paid", 400, DECODE),
    jump("received", "RECEIVED", 400, DECODE),
  ],
}
