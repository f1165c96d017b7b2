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
