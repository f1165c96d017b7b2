import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { redactPath } from "../src/http/requestLog.js"
import { count, order, ownerWithMenu, signUpOwner, tableTokensOf } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import type { TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

const diner = () => new Client(api.baseUrl)

interface TableAccess {
  readonly table: number
  readonly token: string
  readonly code: string
}

const tablesOf = async (owner: Client, restaurantId: string): Promise<ReadonlyArray<TableAccess>> => {
  const reply = await owner.get(`/api/restaurants/${restaurantId}/tables`)
  expect(reply.status, reply.text).toBe(200)
  return reply.body.tables
}

const ordersOf = (restaurantId: string) => count(api, "orders", "restaurant_id = $1", [restaurantId])

describe("table tokens", () => {
  it("every table of a new restaurant gets its own unguessable token and short code, never on the public menu", async () => {
    const { client, restaurant, slug } = await ownerWithMenu(api, { tableCount: 6 })
    const tables = await tablesOf(client, restaurant.id)
    expect(tables.map((t) => t.table)).toEqual([1, 2, 3, 4, 5, 6])
    for (const t of tables) {
      expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(t.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/)
    }
    expect(new Set(tables.map((t) => t.token)).size).toBe(6)
    expect(new Set(tables.map((t) => t.code)).size).toBe(6)
    const menu = await diner().get(`/api/menu/${slug}`)
    expect(menu.status).toBe(200)
    for (const t of tables) {
      expect(menu.text).not.toContain(t.token)
      expect(menu.text).not.toContain(t.code)
    }
  })

  it("a restaurant written straight to the database (seed, operator) has tokens too, and so do tables added later", async () => {
    const { client, restaurant } = await ownerWithMenu(api, { tableCount: 2 })
    const before = await tablesOf(client, restaurant.id)
    const grown = await client.patch(`/api/restaurants/${restaurant.id}`, { tableCount: 5 })
    expect(grown.status, grown.text).toBe(200)
    const after = await tablesOf(client, restaurant.id)
    expect(after.map((t) => t.table)).toEqual([1, 2, 3, 4, 5])
    // The cards already printed keep working.
    expect(after.slice(0, 2)).toEqual(before)

    const { rows } = await api.db.query<{ id: string }>(
      `INSERT INTO restaurants (owner_id, slug, name, currency, tax_rate_bps, table_count)
       SELECT owner_id, $2, 'Direct', 'EUR', 0, 7 FROM restaurants WHERE id = $1 RETURNING id`,
      [restaurant.id, `direct-${restaurant.id.slice(0, 8)}`],
    )
    expect(await count(api, "table_tokens", "restaurant_id = $1", [rows[0]?.id])).toBe(7)
  })

  it("another owner can neither see nor rotate a restaurant's tokens", async () => {
    const { restaurant } = await ownerWithMenu(api)
    const stranger = await signUpOwner(api)
    for (const reply of [
      await stranger.client.get(`/api/restaurants/${restaurant.id}/tables`),
      await stranger.client.post(`/api/restaurants/${restaurant.id}/tables/rotate`),
      await stranger.client.post(`/api/restaurants/${restaurant.id}/tables/2/rotate`),
    ]) {
      expect(reply.status).toBe(404)
      expect(reply.body._tag).toBe("NotFound")
    }
    expect((await diner().get(`/api/restaurants/${restaurant.id}/tables`)).status).toBe(401)
  })
})

describe("placing an order needs the table's token", () => {
  it("refuses a missing, wrong, other table's or other restaurant's token with 403 InvalidTableToken, writing nothing", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    const attempts = {
      missing: order(a.dishes.soup),
      wrong: order(a.dishes.soup, 1, { tableToken: "A".repeat(43) }),
      empty: order(a.dishes.soup, 1, { tableToken: "" }),
      otherTable: order(a.dishes.soup, 1, { tableToken: a.tableTokens.get(4) }),
      otherRestaurant: order(a.dishes.soup, 1, { tableToken: b.tableTokens.get(3) }),
    }
    for (const [name, body] of Object.entries(attempts)) {
      const reply = await diner().post(`/api/menu/${a.slug}/orders`, body)
      expect(reply.status, name).toBe(403)
      expect(reply.body, name).toMatchObject({ _tag: "InvalidTableToken", table: 3 })
    }
    expect(await ordersOf(a.restaurant.id)).toBe(0)

    const placed = await diner().post(`/api/menu/${a.slug}/orders`, a.order(a.dishes.soup))
    expect(placed.status, placed.text).toBe(201)
    expect(placed.body.order.table).toBe(3)
    const atFour = await diner().post(`/api/menu/${a.slug}/orders`, a.order(a.dishes.soup, 1, { table: 4 }))
    expect(atFour.status, atFour.text).toBe(201)
    expect(await ordersOf(a.restaurant.id)).toBe(2)
  })

  it("a table the restaurant does not have stays TableNotFound, token or not", async () => {
    const { slug, dishes, tableTokens, restaurant } = await ownerWithMenu(api, { tableCount: 4 })
    const reply = await diner().post(
      `/api/menu/${slug}/orders`,
      order(dishes.soup, 1, { table: 5, tableToken: tableTokens.get(4) }),
    )
    expect(reply.status).toBe(422)
    expect(reply.body).toMatchObject({ _tag: "TableNotFound", table: 5, tableCount: 4 })
    expect(await ordersOf(restaurant.id)).toBe(0)
  })
})

describe("rotating table tokens", () => {
  it("rotating one table stops its old code at once and leaves the other tables alone", async () => {
    const { client, restaurant, slug, dishes, tableTokens, order: orderWith } = await ownerWithMenu(api)
    const before = await tablesOf(client, restaurant.id)
    const rotated = await client.post(`/api/restaurants/${restaurant.id}/tables/3/rotate`)
    expect(rotated.status, rotated.text).toBe(200)
    expect(rotated.body.table).toBe(3)
    expect(rotated.body.token).not.toBe(tableTokens.get(3))
    expect(rotated.body.code).not.toBe(before[2]?.code)

    const stale = await diner().post(`/api/menu/${slug}/orders`, orderWith(dishes.soup))
    expect(stale.status).toBe(403)
    expect(stale.body._tag).toBe("InvalidTableToken")
    expect((await diner().get(`/api/tables/${before[2]?.code}`)).status).toBe(404)
    const fresh = await diner().post(
      `/api/menu/${slug}/orders`,
      order(dishes.soup, 1, { tableToken: rotated.body.token }),
    )
    expect(fresh.status, fresh.text).toBe(201)

    const after = await tablesOf(client, restaurant.id)
    expect(after.filter((t) => t.table !== 3)).toEqual(before.filter((t) => t.table !== 3))
    const other = await diner().post(`/api/menu/${slug}/orders`, orderWith(dishes.soup, 1, { table: 7 }))
    expect(other.status, other.text).toBe(201)
  })

  it("rotating all tables stops every old code; a table out of range is TableNotFound", async () => {
    const { client, restaurant, slug, dishes, order: orderWith } = await ownerWithMenu(api, { tableCount: 3 })
    const before = await tablesOf(client, restaurant.id)
    const rotated = await client.post(`/api/restaurants/${restaurant.id}/tables/rotate`)
    expect(rotated.status, rotated.text).toBe(200)
    expect(rotated.body.tables.map((t: TableAccess) => t.table)).toEqual([1, 2, 3])
    for (const table of [1, 2, 3]) {
      const stale = await diner().post(`/api/menu/${slug}/orders`, orderWith(dishes.soup, 1, { table }))
      expect(stale.status).toBe(403)
      const old = before.find((t) => t.table === table)
      expect((await diner().get(`/api/tables/${old?.code}`)).status).toBe(404)
    }
    expect(await tableTokensOf(client, restaurant.id)).toEqual(
      new Map(rotated.body.tables.map((t: TableAccess) => [t.table, t.token])),
    )
    expect(await ordersOf(restaurant.id)).toBe(0)

    const outOfRange = await client.post(`/api/restaurants/${restaurant.id}/tables/4/rotate`)
    expect(outOfRange.status).toBe(422)
    expect(outOfRange.body._tag).toBe("TableNotFound")
    expect((await client.post(`/api/restaurants/${restaurant.id}/tables/zero/rotate`)).status).toBe(400)
  })
})

describe("the short code on the printed card", () => {
  it("leads to its restaurant, table and token, typed in any case with dashes, and I/L/O read as 1/1/0", async () => {
    const { client, restaurant, slug } = await ownerWithMenu(api, { tableCount: 4 })
    const [, second] = await tablesOf(client, restaurant.id)
    if (second === undefined) throw new Error("no table 2")
    const typed = second.code.toLowerCase().replace(/(.{4})(?!$)/g, "$1-")
    const reply = await diner().get(`/api/tables/${typed}`)
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body).toEqual({ slug, table: 2, token: second.token })
    const misread = second.code.replace(/1/g, "l").replace(/0/g, "O")
    expect((await diner().get(`/api/tables/${misread}`)).body).toEqual({ slug, table: 2, token: second.token })
  })

  it("an unknown code is 404 NotFound, a malformed one 400, and a table since removed leads nowhere", async () => {
    const { client, restaurant } = await ownerWithMenu(api, { tableCount: 4 })
    const unknown = await diner().get("/api/tables/0000-0000-0000")
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ _tag: "NotFound", resource: "table" })
    for (const bad of ["short", "UUUU-UUUU-UUUU", "A".repeat(65)]) {
      const reply = await diner().get(`/api/tables/${bad}`)
      expect(reply.status, bad).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
    }
    const fourth = (await tablesOf(client, restaurant.id))[3]
    expect((await client.patch(`/api/restaurants/${restaurant.id}`, { tableCount: 3 })).status).toBe(200)
    expect((await diner().get(`/api/tables/${fourth?.code}`)).status).toBe(404)
  })
})

describe("short codes are rate-limited like the other diner reads", () => {
  let limited: TestApi
  beforeAll(async () => {
    limited = await startTestApiOnDoubles({ RATE_LIMIT_PUBLIC_PER_MINUTE: "4" })
  })
  afterAll(() => limited.close())

  it("answers 429 once a client's guesses pass the public limit", async () => {
    const statuses: Array<number> = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await new Client(limited.baseUrl).get(`/api/tables/0000-0000-000${i}`)).status)
    }
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429])
  })
})

describe("request logs", () => {
  it("never carry a table's token or short code", () => {
    const token = "KiMUiSQRQo-df1WKyuhu7NOn5RrtlUUYn7wyDeVeu0Y"
    expect(redactPath(`/r/demo?table=4&token=${token}`)).toBe("/r/demo")
    expect(redactPath("/t/6G8M-EJZM-QHWZ")).toBe("/t/:code")
    expect(redactPath("/api/tables/6G8M-EJZM-QHWZ")).toBe("/api/tables/:code")
    expect(redactPath("/api/restaurants/00000000-0000-4000-8000-000000000000/tables/3/rotate")).toBe(
      "/api/restaurants/00000000-0000-4000-8000-000000000000/tables/3/rotate",
    )
  })
})
