import { randomBytes } from "node:crypto"
import { expect } from "vitest"
import { Client, type Json } from "./httpClient.js"
import type { TestApi } from "./testApi.js"

export const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString("hex")}`

export const password = "correct horse battery"

/** A signed-up owner (session cookie kept by the returned client). */
export const signUpOwner = async (api: TestApi): Promise<{ client: Client; user: Json; email: string }> => {
  const client = new Client(api.baseUrl)
  const email = `${unique("owner")}@example.test`
  const reply = await client.post("/api/auth/signup", { email, password, name: "Owner" })
  expect(reply.status, reply.text).toBe(201)
  return { client, user: reply.body, email }
}

/** An owner with a restaurant of `tableCount` tables and three published dishes (one unavailable). */
export const ownerWithMenu = async (
  api: TestApi,
  options: {
    taxRateBps?: number
    tableCount?: number
    pricesIncludeTax?: boolean
    paymentMethods?: ReadonlyArray<string>
  } = {},
) => {
  const owner = await signUpOwner(api)
  const slug = unique("r")
  const created = await owner.client.post("/api/restaurants", {
    slug,
    name: "Test Kitchen",
    currency: "EUR",
    taxRateBps: options.taxRateBps ?? 1000,
    tableCount: options.tableCount ?? 10,
    // Tax on top unless a test asks otherwise (a EUR restaurant would default to prices including it).
    pricesIncludeTax: options.pricesIncludeTax ?? false,
    paymentMethods: options.paymentMethods ?? ["Cash", "Card", "UPI"],
  })
  expect(created.status, created.text).toBe(201)
  const restaurant = created.body
  const insert = async (name: string, priceMinor: number, available = true) => {
    const { rows } = await api.db.query<{ id: string }>(
      // Published with confirmed allergens, as an owner leaves a dish after review (new rows are drafts).
      `INSERT INTO dishes (restaurant_id, name, category, price_minor, available, published, allergens_confirmed)
       VALUES ($1, $2, 'Mains', $3, $4, true, true) RETURNING id`,
      [restaurant.id, name, priceMinor, available],
    )
    return rows[0]?.id as string
  }
  const dishes = {
    soup: await insert("Soup", 450),
    steak: await insert("Steak", 2399),
    soldOut: await insert("Sold-out pie", 700, false),
  }
  const tableTokens = await tableTokensOf(owner.client, restaurant.id)
  return { ...owner, slug, restaurant, dishes, tableTokens, order: orderAt(tableTokens) }
}

/** Each table's QR token, as the owner's printed sheet has them (through the owner's own endpoint). */
export const tableTokensOf = async (owner: Client, restaurantId: string): Promise<ReadonlyMap<number, string>> => {
  const reply = await owner.get(`/api/restaurants/${restaurantId}/tables`)
  expect(reply.status, reply.text).toBe(200)
  return new Map(reply.body.tables.map((t: { table: number; token: string }) => [t.table, t.token]))
}

/**
 * An order body (see `order`) carrying its table's token, as a diner who scanned that table's code sends it.
 * A `tableToken` in `extra` wins (to send a wrong one; `undefined` sends none).
 */
export const orderAt =
  (tableTokens: ReadonlyMap<number, string>) =>
  (dishId: string, quantity = 1, extra: Record<string, unknown> = {}) => {
    const body = order(dishId, quantity, extra)
    return { tableToken: tableTokens.get(body.table as number), ...body }
  }

export const count = async (api: TestApi, table: string, where = "true", params: ReadonlyArray<unknown> = []) => {
  const { rows } = await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [
    ...params,
  ])
  return rows[0]?.n ?? 0
}

/** An order body for table 3 without a table token (ownerWithMenu's `order` adds the right one). */
export const order = (dishId: string, quantity = 1, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  table: 3,
  items: [{ dishId, quantity }],
  customerName: "Ada",
  customerPhone: "+44 20 7946 0958",
  paymentMethod: "Cash",
  ...extra,
})
