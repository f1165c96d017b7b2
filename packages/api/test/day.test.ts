import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import type { TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

// The day's figures are Ardine's own SQL and time-zone logic: Postgres is the only real service they need.
let api: TestApi
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

/** Places an order through the API (priced by the server), then moves it to `at` and sets its status. */
const orderAt = async (owner: Owner, items: ReadonlyArray<[string, number]>, at: string, status = "received") => {
  const reply = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, {
    ...owner.order(items[0]?.[0] ?? "", 1),
    items: items.map(([dishId, quantity]) => ({ dishId, quantity })),
  })
  expect(reply.status, reply.text).toBe(201)
  await api.db.query("UPDATE orders SET created_at = $2, status = $3 WHERE id = $1", [reply.body.order.id, at, status])
  return reply.body.order.totalMinor as number
}

const setTimeZone = async (owner: Owner, timeZone: string) => {
  const reply = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { timeZone })
  expect(reply.status, reply.text).toBe(200)
  expect(reply.body.timeZone).toBe(timeZone)
}

describe("the restaurant's time zone", () => {
  it("is UTC unless the owner says otherwise, and can be changed", async () => {
    const owner = await ownerWithMenu(api)
    expect(owner.restaurant.timeZone).toBe("UTC")
    await setTimeZone(owner, "Asia/Kolkata")
    const read = await owner.client.get(`/api/restaurants/${owner.restaurant.id}`)
    expect(read.body.timeZone).toBe("Asia/Kolkata")
  })

  it("refuses a name that is not a time zone", async () => {
    const owner = await ownerWithMenu(api)
    for (const timeZone of ["Mars/Olympus_Mons", "", "Europe/Paris; DROP TABLE orders", 42]) {
      const reply = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { timeZone })
      expect(reply.status, String(timeZone)).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
    }
    const read = await owner.client.get(`/api/restaurants/${owner.restaurant.id}`)
    expect(read.body.timeZone).toBe("UTC")
  })

  it("is taken from a new restaurant's request", async () => {
    const owner = await ownerWithMenu(api)
    const reply = await owner.client.post("/api/restaurants", {
      slug: `tz-${Date.now().toString(36)}`,
      name: "Harbour",
      currency: "AUD",
      taxRateBps: 1000,
      tableCount: 4,
      timeZone: "Australia/Sydney",
    })
    expect(reply.status, reply.text).toBe(201)
    expect(reply.body.timeZone).toBe("Australia/Sydney")
  })
})

describe("the day at a glance", () => {
  // New York is UTC-4 in June: local 2026-06-15 runs from 04:00Z on the 15th to 04:00Z on the 16th.
  let owner: Owner
  beforeAll(async () => {
    owner = await ownerWithMenu(api, { taxRateBps: 1000 })
    await setTimeZone(owner, "America/New_York")
    const { soup, steak } = owner.dishes
    // Counted: 2 soups (900 + 90 tax = 990) at 08:15 local.
    expect(await orderAt(owner, [[soup, 2]], "2026-06-15T12:15:00Z", "served")).toBe(990)
    // Counted: steak and soup (2849 + 285 = 3134) at 12:40 local.
    expect(
      await orderAt(
        owner,
        [
          [steak, 1],
          [soup, 1],
        ],
        "2026-06-15T16:40:00Z",
        "ready",
      ),
    ).toBe(3134)
    // Counted: 2 steaks (4798 + 480 = 5278) at 23:30 local, already the 16th in UTC.
    expect(await orderAt(owner, [[steak, 2]], "2026-06-16T03:30:00Z", "received")).toBe(5278)
    // Cancelled at 12:05 local: counted as cancelled only.
    await orderAt(owner, [[soup, 1]], "2026-06-15T16:05:00Z", "cancelled")
    // The 16th at 00:10 local, and the 14th at 23:50 local (the 15th in UTC): other days.
    await orderAt(owner, [[soup, 1]], "2026-06-16T04:10:00Z")
    await orderAt(owner, [[steak, 1]], "2026-06-15T03:50:00Z")
    // Another restaurant's order at the same hour, of another owner.
    const other = await ownerWithMenu(api)
    await setTimeZone(other, "America/New_York")
    await orderAt(other, [[other.dishes.steak, 5]], "2026-06-15T16:30:00Z")
  })

  it("counts the local day's orders, hand-counted", async () => {
    const reply = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/day?date=2026-06-15`)
    expect(reply.status, reply.text).toBe(200)
    const hours = Array.from({ length: 24 }, () => 0)
    hours[8] = 1
    hours[12] = 1
    hours[23] = 1
    expect(reply.body).toEqual({
      date: "2026-06-15",
      timeZone: "America/New_York",
      currency: "EUR",
      orders: 3,
      revenueMinor: 990 + 3134 + 5278,
      averageTicketMinor: 3134,
      cancelledOrders: 1,
      // Three of each: the higher revenue first.
      topDishes: [
        { name: "Steak", count: 3, revenueMinor: 3 * 2399 },
        { name: "Soup", count: 3, revenueMinor: 3 * 450 },
      ],
      ordersPerHour: hours,
    })
  })

  it("leaves the orders of the days either side to those days", async () => {
    const reply = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/day?date=2026-06-16`)
    expect(reply.status, reply.text).toBe(200)
    // Only the 00:10 soup (495): one order.
    expect(reply.body).toMatchObject({ orders: 1, revenueMinor: 495, averageTicketMinor: 495, cancelledOrders: 0 })
    const day14 = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/day?date=2026-06-14`)
    expect(day14.body).toMatchObject({ orders: 1, revenueMinor: 2639, topDishes: [{ name: "Steak", count: 1 }] })
    expect(day14.body.ordersPerHour[23]).toBe(1)
  })

  it("reads the same orders as another day when the zone changes, and rounds the average", async () => {
    const moved = await ownerWithMenu(api)
    await orderAt(moved, [[moved.dishes.soup, 1]], "2026-06-15T12:00:00Z")
    await orderAt(moved, [[moved.dishes.steak, 1]], "2026-06-15T13:00:00Z")
    await orderAt(moved, [[moved.dishes.soup, 2]], "2026-06-15T14:00:00Z")
    const day = (date: string) => moved.client.get(`/api/restaurants/${moved.restaurant.id}/day?date=${date}`)
    // In UTC: (495 + 2639 + 990) / 3 = 1374.67, rounded to a whole cent.
    expect((await day("2026-06-15")).body).toMatchObject({ orders: 3, revenueMinor: 4124, averageTicketMinor: 1375 })
    // In Auckland (UTC+12) all three are past midnight: the 16th.
    await setTimeZone(moved, "Pacific/Auckland")
    expect((await day("2026-06-15")).body.orders).toBe(0)
    const auckland = (await day("2026-06-16")).body
    expect(auckland).toMatchObject({ orders: 3, revenueMinor: 4124 })
    expect(auckland.ordersPerHour.slice(0, 4)).toEqual([1, 1, 1, 0])
  })

  it("has no orders, no revenue and a zero average on an empty day", async () => {
    const reply = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/day?date=2027-01-01`)
    expect(reply.body).toMatchObject({ orders: 0, revenueMinor: 0, averageTicketMinor: 0, cancelledOrders: 0 })
    expect(reply.body.topDishes).toEqual([])
    expect(reply.body.ordersPerHour).toEqual(Array.from({ length: 24 }, () => 0))
  })

  it("defaults to today in the restaurant's zone", async () => {
    const fresh = await ownerWithMenu(api)
    await setTimeZone(fresh, "Pacific/Kiritimati")
    const placed = await new Client(api.baseUrl).post(`/api/menu/${fresh.slug}/orders`, fresh.order(fresh.dishes.soup))
    expect(placed.status, placed.text).toBe(201)
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(new Date())
    const reply = await fresh.client.get(`/api/restaurants/${fresh.restaurant.id}/day`)
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body).toMatchObject({ date: today, timeZone: "Pacific/Kiritimati", orders: 1, revenueMinor: 495 })
  })

  it("refuses a date that is not a calendar day with a stable tag", async () => {
    for (const date of ["2026-02-30", "2026-6-15", "yesterday", "15/06/2026", "2026-13-01", ""]) {
      const reply = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/day?date=${date}`)
      expect(reply.status, date).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
    }
  })

  it("is in the OpenAPI document with the rest of the API", async () => {
    const spec = await new Client(api.baseUrl).get("/api/openapi.json")
    expect(spec.status).toBe(200)
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(["/api/restaurants/{restaurantId}/day", "/api/restaurants/{restaurantId}/orders"]),
    )
  })

  it("answers only the restaurant's owner", async () => {
    const stranger = await ownerWithMenu(api)
    const path = `/api/restaurants/${owner.restaurant.id}/day?date=2026-06-15`
    const foreign = await stranger.client.get(path)
    expect(foreign.status).toBe(404)
    expect(foreign.body._tag).toBe("NotFound")
    const anonymous = await new Client(api.baseUrl).get(path)
    expect(anonymous.status).toBe(401)
  })
})
