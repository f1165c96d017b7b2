import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApiOnDoubles, type TestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApiOnDoubles
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

const diner = () => new Client(api.baseUrl)

/** A restaurant with one placed order: its private token, id, and the owner's client. */
const placedOrder = async () => {
  const menu = await ownerWithMenu(api)
  const placed = await diner().post(`/api/menu/${menu.slug}/orders`, menu.order(menu.dishes.soup, 2))
  expect(placed.status, placed.text).toBe(201)
  return { ...menu, token: placed.body.token as string, orderId: placed.body.order.id as string }
}

const billRequestedAt = async (orderId: string) => {
  const { rows } = await api.db.query<{ at: Date | null }>("SELECT bill_requested_at AS at FROM orders WHERE id = $1", [
    orderId,
  ])
  return rows[0]?.at
}

const eventsFor = (orderId: string) =>
  api.doubles.published.filter(
    (published) => published.event.type === "order.changed" && published.event.order.id === orderId,
  )

describe("a diner asking for the bill", () => {
  it("is recorded, answered with the order and announced to the kitchen and the diner's page", async () => {
    const { token, orderId, restaurant, client: owner } = await placedOrder()
    const reply = await diner().post(`/api/orders/${token}/bill`)
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body.id).toBe(orderId)
    expect(reply.body.billRequestedAt).toEqual(expect.any(String))
    expect(await billRequestedAt(orderId)).toBeInstanceOf(Date)

    const events = eventsFor(orderId)
    expect(events.map((e) => e.to).sort()).toEqual(["order", "restaurant"])
    const kitchen = events.find((e) => e.to === "restaurant")
    expect(kitchen?.id).toBe(restaurant.id)
    expect(kitchen?.event.type === "order.changed" && kitchen.event.order.billRequestedAt).toEqual(
      new Date(reply.body.billRequestedAt),
    )

    // The owner's board reads it too (a reload after missing the event).
    const board = await owner.get(`/api/restaurants/${restaurant.id}/orders/${orderId}`)
    expect(board.body.billRequestedAt).toBe(reply.body.billRequestedAt)
  })

  it("is idempotent: asking again keeps the first time and tells nobody twice", async () => {
    const { token, orderId } = await placedOrder()
    const first = await diner().post(`/api/orders/${token}/bill`)
    expect(first.status, first.text).toBe(200)
    const announced = eventsFor(orderId).length
    const again = await diner().post(`/api/orders/${token}/bill`)
    expect(again.status, again.text).toBe(200)
    expect(again.body.billRequestedAt).toBe(first.body.billRequestedAt)
    expect(again.body.updatedAt).toBe(first.body.updatedAt)
    expect(eventsFor(orderId)).toHaveLength(announced)
  })

  it("needs the order's own token: a wrong or unknown one is 404 and changes nothing", async () => {
    const { token, orderId } = await placedOrder()
    const wrong = `${token.slice(0, -4)}AAAA`
    const reply = await diner().post(`/api/orders/${wrong === token ? `${token.slice(0, -4)}BBBB` : wrong}/bill`)
    expect(reply.status, reply.text).toBe(404)
    expect(reply.body).toMatchObject({ _tag: "NotFound", resource: "order" })
    const malformed = await diner().post("/api/orders/not-a-token/bill")
    expect(malformed.status).toBe(400)
    expect(await billRequestedAt(orderId)).toBeNull()
    expect(eventsFor(orderId)).toHaveLength(0)
  })

  it("is refused for a cancelled order (409 OrderNotBillable, nothing written)", async () => {
    const { token, orderId, restaurant, client: owner } = await placedOrder()
    const cancelled = await owner.patch(`/api/restaurants/${restaurant.id}/orders/${orderId}/status`, {
      status: "cancelled",
    })
    expect(cancelled.status, cancelled.text).toBe(200)
    const announced = eventsFor(orderId).length
    const reply = await diner().post(`/api/orders/${token}/bill`)
    expect(reply.status, reply.text).toBe(409)
    expect(reply.body).toMatchObject({ _tag: "OrderNotBillable", status: "cancelled" })
    expect(await billRequestedAt(orderId)).toBeNull()
    expect(eventsFor(orderId)).toHaveLength(announced)
  })

  it("reaches only its own restaurant: another restaurant's kitchen neither hears nor sees it", async () => {
    const a = await placedOrder()
    const b = await placedOrder()
    const reply = await diner().post(`/api/orders/${a.token}/bill`)
    expect(reply.status, reply.text).toBe(200)
    const toKitchens = eventsFor(a.orderId).filter((e) => e.to === "restaurant")
    expect(toKitchens.map((e) => e.id)).toEqual([a.restaurant.id])
    // B's owner cannot read A's order under either restaurant; B's own order is untouched.
    const underB = await b.client.get(`/api/restaurants/${b.restaurant.id}/orders/${a.orderId}`)
    expect(underB.status).toBe(404)
    const underA = await b.client.get(`/api/restaurants/${a.restaurant.id}/orders/${a.orderId}`)
    expect(underA.status).toBe(404)
    expect(await billRequestedAt(b.orderId)).toBeNull()
  })
})

describe("the kitchen's age thresholds", () => {
  it("start at 10 and 20 minutes and can be changed by the owner", async () => {
    const { restaurant, client: owner } = await ownerWithMenu(api)
    expect(restaurant.kitchenAlerts).toEqual({ amberMinutes: 10, redMinutes: 20 })
    const changed = await owner.patch(`/api/restaurants/${restaurant.id}`, {
      kitchenAlerts: { amberMinutes: 5, redMinutes: 12 },
    })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body.kitchenAlerts).toEqual({ amberMinutes: 5, redMinutes: 12 })
    const read = await owner.get(`/api/restaurants/${restaurant.id}`)
    expect(read.body.kitchenAlerts).toEqual({ amberMinutes: 5, redMinutes: 12 })
  })

  it.each([
    ["red not after amber", { amberMinutes: 15, redMinutes: 15 }, "redMinutes"],
    ["red before amber", { amberMinutes: 20, redMinutes: 10 }, "redMinutes"],
    ["zero minutes", { amberMinutes: 0, redMinutes: 10 }, "amberMinutes"],
    ["fractions", { amberMinutes: 2.5, redMinutes: 10 }, "amberMinutes"],
    ["more than four hours", { amberMinutes: 10, redMinutes: 241 }, "redMinutes"],
    ["a missing value", { amberMinutes: 10 }, "redMinutes"],
  ])("refuses %s (400 with the field named, nothing written)", async (_, kitchenAlerts, field) => {
    const { restaurant, client: owner } = await ownerWithMenu(api)
    const reply = await owner.patch(`/api/restaurants/${restaurant.id}`, { kitchenAlerts })
    expect(reply.status, reply.text).toBe(400)
    expect(reply.body._tag).toBe("HttpApiDecodeError")
    expect(reply.text).toContain(field)
    const read = await owner.get(`/api/restaurants/${restaurant.id}`)
    expect(read.body.kitchenAlerts).toEqual({ amberMinutes: 10, redMinutes: 20 })
  })

  it("are refused by the database too if red does not come after amber", async () => {
    const { restaurant } = await ownerWithMenu(api)
    await expect(
      api.db.query("UPDATE restaurants SET kitchen_amber_minutes = 30 WHERE id = $1", [restaurant.id]),
    ).rejects.toThrow(/restaurants_kitchen_red_after_amber/)
  })
})
