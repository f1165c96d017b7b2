import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu, order as tokenlessOrder } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import type { TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

const diner = () => new Client(api.baseUrl)

describe("placing an order", () => {
  it("prices every line from the database and applies the restaurant's tax", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api, { taxRateBps: 1250 })
    const reply = await diner().post(`/api/menu/${slug}/orders`, {
      ...order(dishes.soup, 2),
      items: [
        { dishId: dishes.soup, quantity: 2 },
        { dishId: dishes.steak, quantity: 1 },
      ],
    })
    expect(reply.status, reply.text).toBe(201)
    const placed = reply.body
    expect(placed.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(placed.order.items).toEqual([
      { dishId: dishes.soup, name: "Soup", unitPriceMinor: 450, quantity: 2, lineTotalMinor: 900, options: [] },
      { dishId: dishes.steak, name: "Steak", unitPriceMinor: 2399, quantity: 1, lineTotalMinor: 2399, options: [] },
    ])
    expect(placed.order.subtotalMinor).toBe(3299)
    // 12.5 % of 3299 = 412.375, rounded half up to a whole cent
    expect(placed.order.taxMinor).toBe(412)
    expect(placed.order.totalMinor).toBe(3711)
    expect(placed.order.currency).toBe("EUR")
    expect(placed.order.status).toBe("received")
    expect(placed.order.paymentStatus).toBe("Pending")
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
    expect(
      await count(api, "order_items i JOIN orders o ON o.id = i.order_id", "o.restaurant_id = $1", [restaurant.id]),
    ).toBe(2)
  })

  it("rejects a request that carries a price (400, nothing written)", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    const reply = await diner().post(`/api/menu/${slug}/orders`, {
      ...order(dishes.steak),
      items: [{ dishId: dishes.steak, quantity: 1, unitPriceMinor: 1 }],
    })
    expect(reply.status).toBe(400)
    expect(reply.body._tag).toBe("HttpApiDecodeError")
    expect(reply.text).toContain("unitPriceMinor")
    const total = await diner().post(`/api/menu/${slug}/orders`, { ...order(dishes.steak), totalMinor: 1 })
    expect(total.status).toBe(400)
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(0)
  })

  it("merges repeated lines for the same dish, and caps the merged quantity", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    const merged = await diner().post(`/api/menu/${slug}/orders`, {
      ...order(dishes.soup),
      items: [
        { dishId: dishes.soup, quantity: 2 },
        { dishId: dishes.steak, quantity: 1 },
        { dishId: dishes.soup, quantity: 3 },
      ],
    })
    expect(merged.status, merged.text).toBe(201)
    expect(merged.body.order.items.map((i: { quantity: number }) => i.quantity)).toEqual([5, 1])
    const tooMany = await diner().post(`/api/menu/${slug}/orders`, {
      ...order(dishes.soup),
      items: [
        { dishId: dishes.soup, quantity: 30 },
        { dishId: dishes.soup, quantity: 21 },
      ],
    })
    expect(tooMany.status).toBe(422)
    expect(tooMany.body._tag).toBe("QuantityTooLarge")
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
  })

  it("refuses unavailable, unknown and other restaurants' dishes", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    for (const dishId of [a.dishes.soldOut, b.dishes.soup, "00000000-0000-4000-8000-000000000000"]) {
      const reply = await diner().post(`/api/menu/${a.slug}/orders`, a.order(dishId))
      expect(reply.status).toBe(422)
      expect(reply.body._tag).toBe("DishUnavailable")
      expect(reply.body.dishIds).toEqual([dishId])
    }
    expect(await count(api, "orders", "restaurant_id IN ($1, $2)", [a.restaurant.id, b.restaurant.id])).toBe(0)
  })

  it("refuses tables outside 1..tableCount", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api, { tableCount: 10 })
    const zero = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { table: 0 }))
    expect(zero.status).toBe(400)
    expect(zero.body._tag).toBe("HttpApiDecodeError")
    const eleven = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { table: 11 }))
    expect(eleven.status).toBe(422)
    expect(eleven.body).toMatchObject({ _tag: "TableNotFound", table: 11, tableCount: 10 })
    const ten = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { table: 10 }))
    expect(ten.status).toBe(201)
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
  })

  it("refuses quantities outside 1..50, empty carts and carts over 100 lines", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    for (const quantity of [0, -1, 51, 1e9, 1.5, "2", null]) {
      const reply = await diner().post(`/api/menu/${slug}/orders`, {
        ...order(dishes.soup),
        items: [{ dishId: dishes.soup, quantity }],
      })
      expect(reply.status, `quantity ${quantity}`).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
    }
    const empty = await diner().post(`/api/menu/${slug}/orders`, { ...order(dishes.soup), items: [] })
    expect(empty.status).toBe(400)
    const lines = Array.from({ length: 101 }, () => ({ dishId: dishes.soup, quantity: 1 }))
    const huge = await diner().post(`/api/menu/${slug}/orders`, { ...order(dishes.soup), items: lines })
    expect(huge.status).toBe(400)
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(0)
  })

  it("gives 404 for an unknown restaurant", async () => {
    const reply = await diner().post(
      "/api/menu/no-such-place/orders",
      tokenlessOrder("00000000-0000-4000-8000-000000000000"),
    )
    expect(reply.status).toBe(404)
    expect(reply.body).toMatchObject({ _tag: "NotFound", resource: "menu" })
  })
})

describe("idempotency", () => {
  it("the same key twice gives one order", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    const headers = { "idempotency-key": "tap-once-123456" }
    const first = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 2), headers)
    const second = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 2), headers)
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body.order.id).toBe(first.body.order.id)
    expect(second.body.token).toBe(first.body.token)
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
  })

  it("a different body with the same key is a 422", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    const headers = { "idempotency-key": "tap-once-abcdef" }
    expect((await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 2), headers)).status).toBe(201)
    const other = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 3), headers)
    expect(other.status).toBe(422)
    expect(other.body._tag).toBe("IdempotencyKeyReused")
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
  })

  it("concurrent submits with one key create one order", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    const headers = { "idempotency-key": "double-tap-race-1" }
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => diner().post(`/api/menu/${slug}/orders`, order(dishes.steak), headers)),
    )
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(new Set(replies.map((r) => r.body.order.id)).size).toBe(1)
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
    expect(
      await count(api, "order_items i JOIN orders o ON o.id = i.order_id", "o.restaurant_id = $1", [restaurant.id]),
    ).toBe(1)
  })

  it("keys are per restaurant and malformed keys are refused", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    const headers = { "idempotency-key": "shared-key-000001" }
    const first = await diner().post(`/api/menu/${a.slug}/orders`, a.order(a.dishes.soup), headers)
    const second = await diner().post(`/api/menu/${b.slug}/orders`, b.order(b.dishes.soup), headers)
    expect(second.body.order.id).not.toBe(first.body.order.id)
    const bad = await diner().post(`/api/menu/${a.slug}/orders`, a.order(a.dishes.soup), { "idempotency-key": "short" })
    expect(bad.status).toBe(400)
  })
})

describe("the diner's order link", () => {
  it("shows the order by its token, without the phone number", async () => {
    const { slug, dishes, order } = await ownerWithMenu(api)
    const placed = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup))
    const seen = await diner().get(`/api/orders/${placed.body.token}`)
    expect(seen.status).toBe(200)
    expect(seen.body.id).toBe(placed.body.order.id)
    expect(seen.body.restaurantSlug).toBe(slug)
    expect(seen.text).not.toContain("7946")
    const guessed = await diner().get(`/api/orders/${"A".repeat(43)}`)
    expect(guessed.status).toBe(404)
    const malformed = await diner().get("/api/orders/not-a-token")
    expect(malformed.status).toBe(400)
  })
})

describe("the kitchen", () => {
  it("moves an order to served along the state machine and marks it paid", async () => {
    const { slug, dishes, client, restaurant, order } = await ownerWithMenu(api)
    const placed = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup))
    const path = `/api/restaurants/${restaurant.id}/orders/${placed.body.order.id}`
    const skip = await client.patch(`${path}/status`, { status: "served" })
    expect(skip.status).toBe(409)
    expect(skip.body).toMatchObject({ _tag: "InvalidOrderTransition", from: "received", to: "served" })
    for (const status of ["preparing", "ready", "served"]) {
      const moved = await client.patch(`${path}/status`, { status })
      expect(moved.status, moved.text).toBe(200)
      expect(moved.body.status).toBe(status)
    }
    const cancelAfterServed = await client.patch(`${path}/status`, { status: "cancelled" })
    expect(cancelAfterServed.status).toBe(409)
    const paid = await client.post(`${path}/paid`)
    expect(paid.status).toBe(200)
    expect(paid.body.paymentStatus).toBe("Paid")
    const board = await client.get(`/api/restaurants/${restaurant.id}/orders?status=served`)
    expect(board.body.orders.map((o: { id: string }) => o.id)).toEqual([placed.body.order.id])
    const diners = await diner().get(`/api/orders/${placed.body.token}`)
    expect(diners.body.status).toBe("served")
  })

  it("lists newest first and filters by status", async () => {
    const { slug, dishes, client, restaurant, order } = await ownerWithMenu(api)
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup))).body.order.id)
    await client.patch(`/api/restaurants/${restaurant.id}/orders/${ids[0]}/status`, { status: "cancelled" })
    const all = await client.get(`/api/restaurants/${restaurant.id}/orders`)
    expect(all.body.orders.map((o: { id: string }) => o.id)).toEqual([...ids].reverse())
    const received = await client.get(`/api/restaurants/${restaurant.id}/orders?status=received`)
    expect(received.body.orders).toHaveLength(2)
    const bogus = await client.get(`/api/restaurants/${restaurant.id}/orders?status=eaten`)
    expect(bogus.status).toBe(400)
  })
})
