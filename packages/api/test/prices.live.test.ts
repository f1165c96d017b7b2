import { randomBytes } from "node:crypto"
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { DishId, priceOrder } from "@ardine/domain"
import { AppConfigLive, DbLive } from "@ardine/infra"
import { adminQuery, withDatabase } from "@ardine/test-support/database-url"
import { ConfigProvider, Effect, Either, Layer } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { loadDemoSeed, seedDemo } from "../src/seed/seed.js"
import { count, ownerWithMenu, signUpOwner, unique } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { startTestApi, type TestApi, testSettings } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api.close())

const diner = () => new Client(api.baseUrl)

const newRestaurant = (currency: string, extra: Record<string, unknown> = {}) => ({
  slug: unique("p"),
  name: "Prices",
  currency,
  taxRateBps: 2000,
  tableCount: 4,
  ...extra,
})

describe("a restaurant's prices and payment methods", () => {
  it("a new EUR or GBP restaurant's menu prices include tax; elsewhere tax is added; UPI is offered for INR", async () => {
    const { client } = await signUpOwner(api)
    const created = async (currency: string) => {
      const reply = await client.post("/api/restaurants", newRestaurant(currency))
      expect(reply.status, reply.text).toBe(201)
      return { pricesIncludeTax: reply.body.pricesIncludeTax, paymentMethods: reply.body.paymentMethods }
    }
    expect(await created("EUR")).toEqual({ pricesIncludeTax: true, paymentMethods: ["Cash", "Card"] })
    expect(await created("GBP")).toEqual({ pricesIncludeTax: true, paymentMethods: ["Cash", "Card"] })
    expect(await created("USD")).toEqual({ pricesIncludeTax: false, paymentMethods: ["Cash", "Card"] })
    expect(await created("INR")).toEqual({ pricesIncludeTax: false, paymentMethods: ["Cash", "Card", "UPI"] })
    const chosen = await client.post(
      "/api/restaurants",
      newRestaurant("EUR", { pricesIncludeTax: false, paymentMethods: ["UPI", "Card"] }),
    )
    expect(chosen.body).toMatchObject({ pricesIncludeTax: false, paymentMethods: ["UPI", "Card"] })
  })

  it("the owner changes both in Settings and the diner's menu carries them at once", async () => {
    const { client, slug, restaurant } = await ownerWithMenu(api)
    const before = await diner().get(`/api/menu/${slug}`)
    expect(before.body.restaurant).toMatchObject({ pricesIncludeTax: false, paymentMethods: ["Cash", "Card", "UPI"] })
    const updated = await client.patch(`/api/restaurants/${restaurant.id}`, {
      pricesIncludeTax: true,
      paymentMethods: ["Card"],
    })
    expect(updated.status, updated.text).toBe(200)
    expect(updated.body).toMatchObject({ pricesIncludeTax: true, paymentMethods: ["Card"], taxRateBps: 1000 })
    const after = await diner().get(`/api/menu/${slug}`)
    expect(after.body.restaurant).toMatchObject({ pricesIncludeTax: true, paymentMethods: ["Card"] })
  })

  it("refuses no payment method, a repeated one or an unknown one (400, nothing changed)", async () => {
    const { client, restaurant } = await ownerWithMenu(api, { paymentMethods: ["Cash"] })
    for (const paymentMethods of [[], ["Card", "Card"], ["Cheque"], "Cash", [null]]) {
      const reply = await client.patch(`/api/restaurants/${restaurant.id}`, { paymentMethods })
      expect(reply.status, JSON.stringify(paymentMethods)).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
      const created = await client.post("/api/restaurants", newRestaurant("EUR", { paymentMethods }))
      expect(created.status, JSON.stringify(paymentMethods)).toBe(400)
    }
    const { rows } = await api.db.query("SELECT payment_methods FROM restaurants WHERE id = $1", [restaurant.id])
    expect(rows[0].payment_methods).toEqual(["Cash"])
    const bad = await client.patch(`/api/restaurants/${restaurant.id}`, { pricesIncludeTax: "yes" })
    expect(bad.status).toBe(400)
  })

  it("the demo restaurant's menu prices include tax, and it takes cash and card", async () => {
    const seeded = await api.run(Effect.flatMap(loadDemoSeed, seedDemo))
    const { rows } = await api.db.query("SELECT prices_include_tax, payment_methods FROM restaurants WHERE id = $1", [
      seeded.restaurantId,
    ])
    expect(rows).toEqual([{ prices_include_tax: true, payment_methods: ["Cash", "Card"] }])
  })

  it("the database refuses what the schema refuses, whatever writes it", async () => {
    const { restaurant } = await ownerWithMenu(api)
    for (const methods of ["{}", "{Cash,Cash}", "{Cheque}", "{Cash,NULL}"]) {
      await expect(
        api.db.query("UPDATE restaurants SET payment_methods = $1 WHERE id = $2", [methods, restaurant.id]),
        methods,
      ).rejects.toThrow(/check constraint/)
    }
  })
})

describe("ordering where menu prices include tax", () => {
  it("the diner pays the menu prices; the order records the tax in them; cart, status and kitchen agree", async () => {
    const { order, client, slug, dishes, restaurant } = await ownerWithMenu(api, {
      taxRateBps: 1000,
      pricesIncludeTax: true,
    })
    const items = [
      { dishId: dishes.soup, quantity: 2 },
      { dishId: dishes.steak, quantity: 1 },
    ]
    const placed = await diner().post(`/api/menu/${slug}/orders`, { ...order(dishes.soup), items })
    expect(placed.status, placed.text).toBe(201)
    // 2 x 4.50 + 23.99 = 32.99, of which 10 % VAT is 32.99 / 11 = 2.999 -> 3.00.
    const totals = { subtotalMinor: 2999, taxMinor: 300, totalMinor: 3299, pricesIncludeTax: true }
    expect(placed.body.order).toMatchObject(totals)

    const { rows } = await api.db.query(
      "SELECT subtotal_minor, tax_minor, total_minor, prices_include_tax FROM orders WHERE restaurant_id = $1",
      [restaurant.id],
    )
    expect(rows).toEqual([{ subtotal_minor: "2999", tax_minor: "300", total_minor: "3299", prices_include_tax: true }])

    // The cart prices the menu it was given with the domain's priceOrder: the same totals before ordering.
    const menu: Json = (await diner().get(`/api/menu/${slug}`)).body
    const cart = priceOrder(
      items.map((line) => ({ dishId: DishId.make(line.dishId), quantity: line.quantity })),
      new Map(menu.dishes.map((dish: Json) => [dish.id, { ...dish, available: true }])),
      menu.restaurant,
    )
    expect(Either.isRight(cart) && cart.right).toMatchObject(totals)
    const status = await diner().get(`/api/orders/${placed.body.token}`)
    expect(status.body).toMatchObject(totals)
    const kitchen = await client.get(`/api/restaurants/${restaurant.id}/orders`)
    expect(kitchen.body.orders[0]).toMatchObject(totals)
  })

  it("an order keeps how it was priced after the owner turns the setting off", async () => {
    const { order, client, slug, dishes, restaurant } = await ownerWithMenu(api, {
      taxRateBps: 1000,
      pricesIncludeTax: true,
    })
    const first = await diner().post(`/api/menu/${slug}/orders`, order(dishes.steak))
    await client.patch(`/api/restaurants/${restaurant.id}`, { pricesIncludeTax: false })
    const second = await diner().post(`/api/menu/${slug}/orders`, order(dishes.steak))
    expect(second.body.order).toMatchObject({ subtotalMinor: 2399, taxMinor: 240, totalMinor: 2639 })
    expect(second.body.order.pricesIncludeTax).toBe(false)
    const status = await diner().get(`/api/orders/${first.body.token}`)
    expect(status.body).toMatchObject({ subtotalMinor: 2181, taxMinor: 218, totalMinor: 2399, pricesIncludeTax: true })
  })
})

describe("paying only in a way the restaurant offers", () => {
  it("an order with a method the restaurant does not offer is 422 PaymentMethodNotOffered, nothing written", async () => {
    const { order, slug, dishes, restaurant } = await ownerWithMenu(api, { paymentMethods: ["Cash", "Card"] })
    const refused = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { paymentMethod: "UPI" }), {
      "idempotency-key": `upi-${randomBytes(6).toString("hex")}`,
    })
    expect(refused.status, refused.text).toBe(422)
    expect(refused.body).toMatchObject({
      _tag: "PaymentMethodNotOffered",
      paymentMethod: "UPI",
      offered: ["Cash", "Card"],
    })
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(0)
    const card = await diner().post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { paymentMethod: "Card" }))
    expect(card.status, card.text).toBe(201)
    expect(card.body.order.paymentMethod).toBe("Card")
  })

  it("a method the owner stops offering is refused from then on; an order placed before keeps it", async () => {
    const { order, client, slug, dishes, restaurant } = await ownerWithMenu(api)
    const key = `upi-${randomBytes(6).toString("hex")}`
    const request = order(dishes.soup, 1, { paymentMethod: "UPI" })
    const placed = await diner().post(`/api/menu/${slug}/orders`, request, { "idempotency-key": key })
    expect(placed.status, placed.text).toBe(201)
    await client.patch(`/api/restaurants/${restaurant.id}`, { paymentMethods: ["Cash"] })
    // A retry of the order already placed is still answered with it.
    const retried = await diner().post(`/api/menu/${slug}/orders`, request, { "idempotency-key": key })
    expect(retried.status, retried.text).toBe(201)
    expect(retried.body.token).toBe(placed.body.token)
    const fresh = await diner().post(`/api/menu/${slug}/orders`, request)
    expect(fresh.status).toBe(422)
    expect(fresh.body._tag).toBe("PaymentMethodNotOffered")
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(1)
  })
})

describe("the migration keeps what existing restaurants had", () => {
  const shared = inject("databaseUrl")
  const database = `ardine_test_prices_${Date.now()}_${randomBytes(3).toString("hex")}`
  let earlierMigrations: string | undefined
  afterAll(async () => {
    if (earlierMigrations !== undefined) await rm(earlierMigrations, { recursive: true, force: true })
    await adminQuery(shared, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  })

  // Even a EUR restaurant: only new ones default to prices including tax.
  it("tax stays on top of menu prices, every payment method stays offered, old orders read as before", async () => {
    await adminQuery(shared, `CREATE DATABASE ${database}`)
    const url = withDatabase(shared, database)
    // The schema as it was before this migration, with a restaurant and an order in it.
    const all = fileURLToPath(new URL("../../../database/migrations", import.meta.url))
    const dir = await mkdtemp(join(tmpdir(), "ardine-migrations-"))
    earlierMigrations = dir
    for (const file of await readdir(all)) if (file < "0005") await copyFile(join(all, file), join(dir, file))
    // Only the migrator runs on the old schema (as the `migrate` command does), not the whole API.
    await Effect.runPromise(
      Effect.scoped(Layer.build(DbLive)).pipe(
        Effect.provide(AppConfigLive),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(new Map(Object.entries(testSettings({ DATABASE_URL: url, MIGRATIONS_DIR: dir })))),
        ),
      ),
    )
    const before = new pg.Pool({ connectionString: url, max: 1 })
    const slug = unique("old")
    const token = randomBytes(32).toString("base64url")
    await before.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash) VALUES ($1, 'Old', 'x') RETURNING id),
            r AS (INSERT INTO restaurants (owner_id, slug, name, currency, tax_rate_bps, table_count)
                  SELECT id, $2, 'Old Kitchen', 'EUR', 1000, 5 FROM u RETURNING id)
       INSERT INTO orders (restaurant_id, table_number, payment_method, customer_name, customer_phone, currency,
                           subtotal_minor, tax_minor, total_minor, public_token)
       SELECT id, 1, 'UPI', 'Ada', '+44 20 7946 0958', 'EUR', 450, 45, 495, $3 FROM r`,
      [`${slug}@example.test`, slug, token],
    )
    await before.end()

    const after = await startTestApi({ DATABASE_URL: url })
    try {
      const menu = await new Client(after.baseUrl).get(`/api/menu/${slug}`)
      expect(menu.status, menu.text).toBe(200)
      expect(menu.body.restaurant).toMatchObject({ pricesIncludeTax: false, paymentMethods: ["Cash", "Card", "UPI"] })
      const old = await new Client(after.baseUrl).get(`/api/orders/${token}`)
      expect(old.body).toMatchObject({ subtotalMinor: 450, taxMinor: 45, totalMinor: 495, pricesIncludeTax: false })
      const { rows } = await after.db.query("SELECT prices_include_tax, payment_methods FROM restaurants")
      expect(rows).toEqual([{ prices_include_tax: false, payment_methods: ["Cash", "Card", "UPI"] }])
    } finally {
      await after.close()
    }
  })
})
