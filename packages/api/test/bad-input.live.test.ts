import { randomBytes } from "node:crypto"
import { request as httpRequest } from "node:http"
import { adminQuery, withDatabase } from "@ardine/test-support/database-url"
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest"
import { ownerWithMenu, password, unique } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// This file asserts that NOTHING is written anywhere, so it runs the API on a database of its own:
// other test files write to the shared one in parallel, and a global row count there would be noise.
const privateDatabase = `ardine_test_bad_input_${Date.now()}_${randomBytes(3).toString("hex")}`

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

interface Fixture {
  readonly owner: Owner
  /** Another restaurant of the same owner, and one of another owner: slugs to collide with. */
  readonly secondSlug: string
  readonly othersSlug: string
  readonly orderId: string
}

let api: TestApi
let f: Fixture

// Every response this file provokes must be a deliberate answer, never a 5xx: all fetches are recorded.
const responses: Array<{ request: string; status: number }> = []
const realFetch = globalThis.fetch

beforeAll(async () => {
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await realFetch(input, init)
    responses.push({ request: `${init?.method ?? "GET"} ${String(input)}`, status: response.status })
    return response
  }
  const shared = inject("databaseUrl")
  await adminQuery(shared, `CREATE DATABASE ${privateDatabase}`)
  api = await startTestApi({ DATABASE_URL: withDatabase(shared, privateDatabase) })
  const owner = await ownerWithMenu(api, { tableCount: 10 })
  const second = await owner.client.post("/api/restaurants", {
    slug: unique("second"),
    name: "Second Kitchen",
    currency: "EUR",
    taxRateBps: 0,
    tableCount: 2,
  })
  expect(second.status, second.text).toBe(201)
  const other = await ownerWithMenu(api)
  const placed = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, owner.order(owner.dishes.soup))
  expect(placed.status, placed.text).toBe(201)
  f = { owner, secondSlug: second.body.slug, othersSlug: other.slug, orderId: placed.body.order.id }
})

afterAll(async () => {
  globalThis.fetch = realFetch
  await api?.close()
  if (process.env.KEEP_TEST_DATABASE === undefined) {
    await adminQuery(inject("databaseUrl"), `DROP DATABASE IF EXISTS ${privateDatabase} WITH (FORCE)`)
  }
})

afterEach(() => {
  const serverErrors = responses.filter((r) => r.status >= 500)
  responses.length = 0
  expect(serverErrors, "every response must be < 500").toEqual([])
})

// ---------------------------------------------------------------------------------------------------------------
// What the database holds: row count and a digest of every row, per table. Equal snapshots = nothing written.

const tables = ["users", "sessions", "restaurants", "dishes", "orders", "order_items"] as const
type Table = (typeof tables)[number]
type Snapshot = Record<Table, { rows: number; digest: string }>

const snapshot = async (): Promise<Snapshot> => {
  const { rows } = await api.db.query<{ name: Table; rows: number; digest: string }>(
    tables
      .map(
        (t) =>
          `SELECT '${t}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${t} t`,
      )
      .join(" UNION ALL "),
  )
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, digest: r.digest }])) as Snapshot
}

const rowCounts = (s: Snapshot) => Object.fromEntries(tables.map((t) => [t, s[t].rows]))

/** After an accepted write: exactly these tables grew by these many rows, the others kept their count. */
const expectGrowth = (before: Snapshot, after: Snapshot, growth: Partial<Record<Table, number>>) => {
  expect(rowCounts(after)).toEqual(
    Object.fromEntries(tables.map((t) => [t, before[t].rows + (growth[t] ?? 0)])) as Record<Table, number>,
  )
}

const expectTablesExist = async () => {
  const { rows } = await api.db.query<{ name: string; exists: boolean }>(
    `SELECT t AS name, to_regclass('public.' || t) IS NOT NULL AS exists FROM unnest($1::text[]) AS t`,
    [[...tables]],
  )
  expect(rows).toEqual(tables.map((name) => ({ name, exists: true })))
}

/** The stored text, as UTF-8 bytes in hex: "stored byte for byte" compared literally. */
const storedHex = async (sql: string, params: ReadonlyArray<unknown>) => {
  const { rows } = await api.db.query<{ hex: string }>(sql, [...params])
  expect(rows).toHaveLength(1)
  return rows[0]?.hex
}
const hexOf = (s: string) => Buffer.from(s, "utf8").toString("hex")

// ---------------------------------------------------------------------------------------------------------------
// Building bad bodies.

/** Marks a field to leave out of an otherwise valid body. */
const OMIT = Symbol("omit")
type Changes = Readonly<Record<string, unknown>>

const edit = (base: Record<string, unknown>, changes: Changes): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(changes)) {
    if (value === OMIT) delete out[key]
    else out[key] = value
  }
  return out
}

const signUpBody = (): Record<string, unknown> => ({
  email: `${unique("bad")}@example.test`,
  password,
  name: "Owner",
})
const restaurantBody = (): Record<string, unknown> => ({
  slug: unique("bad"),
  name: "Bad Input Bistro",
  currency: "EUR",
  taxRateBps: 1000,
  tableCount: 10,
})
const orderBody = (fx: Fixture): Record<string, unknown> => fx.owner.order(fx.owner.dishes.soup)

/** Where a raw token (NaN, Infinity, invalid bytes) goes into otherwise valid JSON text. */
const HOLE = "@@hole@@"

/** JSON text with `token` written literally (not as a JSON value) where HOLE stands. */
const jsonWithLiteral = (body: unknown, token: string) => JSON.stringify(body).replace(`"${HOLE}"`, token)

/** JSON text whose string containing HOLE gets raw bytes there (invalid UTF-8 when they are). */
const jsonWithBytes = (body: unknown, bytes: ReadonlyArray<number>) => {
  const [before = "", after = ""] = JSON.stringify(body).split(HOLE)
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])
}

const invalidUtf8 = [0xff, 0xfe]
/** "Café" in Latin-1: what a mis-configured client really sends. */
const latin1Cafe = (body: Record<string, unknown>, key: string) =>
  jsonWithBytes({ ...body, [key]: `Caf${HOLE}` }, [0xe9])

const tenKb = "x".repeat(10 * 1024)
const twoMb = "a".repeat(2 * 1024 * 1024)

// ---------------------------------------------------------------------------------------------------------------
// The cases.

interface Case {
  readonly name: string
  /** Owner cases send the fixture owner's session cookie; the others none. */
  readonly as?: "owner"
  readonly method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT"
  readonly path: (fx: Fixture) => string
  readonly json?: (fx: Fixture) => unknown
  readonly raw?: (fx: Fixture) => string | Buffer
  /** Request headers; raw bodies default to content-type application/json. */
  readonly headers?: Record<string, string>
  readonly status: number
  readonly tag: string
}

const DECODE = "HttpApiDecodeError"

const signUp = (name: string, changes: Changes, status = 400, tag = DECODE): Case => ({
  name: `sign-up ${name}`,
  method: "POST",
  path: () => "/api/auth/signup",
  json: () => edit(signUpBody(), changes),
  status,
  tag,
})
const signUpRaw = (name: string, raw: () => string | Buffer, status: number, tag: string): Case => ({
  name: `sign-up ${name}`,
  method: "POST",
  path: () => "/api/auth/signup",
  raw,
  status,
  tag,
})

const logIn = (name: string, body: Changes, status = 400, tag = DECODE): Case => ({
  name: `log-in ${name}`,
  method: "POST",
  path: () => "/api/auth/login",
  json: (fx) => edit({ email: fx.owner.email, password }, body),
  status,
  tag,
})

const createRestaurant = (name: string, changes: Changes, status = 400, tag = DECODE): Case => ({
  name: `create restaurant ${name}`,
  as: "owner",
  method: "POST",
  path: () => "/api/restaurants",
  json: () => edit(restaurantBody(), changes),
  status,
  tag,
})
const createRestaurantRaw = (name: string, raw: () => string | Buffer, status: number, tag: string): Case => ({
  name: `create restaurant ${name}`,
  as: "owner",
  method: "POST",
  path: () => "/api/restaurants",
  raw,
  status,
  tag,
})

const updateRestaurant = (name: string, changes: (fx: Fixture) => unknown, status = 400, tag = DECODE): Case => ({
  name: `update restaurant ${name}`,
  as: "owner",
  method: "PATCH",
  path: (fx) => `/api/restaurants/${fx.owner.restaurant.id}`,
  json: changes,
  status,
  tag,
})

const updateDish = (name: string, changes: unknown, status = 400, tag = DECODE): Case => ({
  name: `update dish ${name}`,
  as: "owner",
  method: "PATCH",
  path: (fx) => `/api/restaurants/${fx.owner.restaurant.id}/dishes/${fx.owner.dishes.soup}`,
  json: () => changes,
  status,
  tag,
})
const updateDishRaw = (name: string, raw: () => string | Buffer, status: number, tag: string): Case => ({
  name: `update dish ${name}`,
  as: "owner",
  method: "PATCH",
  path: (fx) => `/api/restaurants/${fx.owner.restaurant.id}/dishes/${fx.owner.dishes.soup}`,
  raw,
  status,
  tag,
})

const placeOrder = (name: string, changes: (fx: Fixture) => Changes, status = 400, tag = DECODE): Case => ({
  name: `place order ${name}`,
  method: "POST",
  path: (fx) => `/api/menu/${fx.owner.slug}/orders`,
  json: (fx) => edit(orderBody(fx), changes(fx)),
  status,
  tag,
})
const placeOrderRaw = (name: string, raw: (fx: Fixture) => string | Buffer, status: number, tag: string): Case => ({
  name: `place order ${name}`,
  method: "POST",
  path: (fx) => `/api/menu/${fx.owner.slug}/orders`,
  raw,
  status,
  tag,
})
const withQuantity = (quantity: unknown) => (fx: Fixture) => ({
  items: [{ dishId: fx.owner.dishes.soup, quantity }],
})

const changeStatus = (name: string, body: unknown, status = 400, tag = DECODE): Case => ({
  name: `change order status ${name}`,
  as: "owner",
  method: "PATCH",
  path: (fx) => `/api/restaurants/${fx.owner.restaurant.id}/orders/${fx.orderId}/status`,
  json: () => body,
  status,
  tag,
})

const authCases: ReadonlyArray<Case> = [
  signUp("email as a number", { email: 42 }),
  signUp("name as a number", { name: 7 }),
  signUp("password as a number", { password: 1234567890123 }),
  signUp("name as an object", { name: { first: "Ada" } }),
  signUp("name as an array", { name: ["Ada"] }),
  signUp("without email", { email: OMIT }),
  signUp("without password", { password: OMIT }),
  signUp("without name", { name: OMIT }),
  signUp("with a password of 9 characters", { password: "123456789" }),
  signUp("with a password of 201 characters", { password: "p".repeat(201) }),
  signUp("with a name of 10 kB", { name: tenKb }),
  signUp("with NUL in the name", { name: "Ada\u0000Lovelace" }),
  signUp("with BEL in the name", { name: "Ada\u0007" }),
  signUp("with a blank name", { name: "   " }),
  signUp("with an email that is not one", { email: "not-an-email" }),
  signUp("with an email of 255 characters", { email: `${"e".repeat(242)}@example.test` }),
  signUp("with NUL in the email", { email: "nul\u0000byte@example.test" }),
  signUp("with BEL in the email", { email: "bell\u0007@example.test" }),
  signUpRaw(
    "with invalid UTF-8 in the name",
    () => jsonWithBytes({ ...signUpBody(), name: HOLE }, invalidUtf8),
    400,
    DECODE,
  ),
  signUpRaw("with Latin-1 bytes in the name", () => latin1Cafe(signUpBody(), "name"), 400, DECODE),
  signUpRaw(
    "with invalid UTF-8 in the email",
    () => jsonWithBytes({ ...signUpBody(), email: `${unique("utf")}${HOLE}@example.test` }, invalidUtf8),
    400,
    DECODE,
  ),
  signUpRaw(
    "with invalid UTF-8 in the password",
    () => jsonWithBytes({ ...signUpBody(), password: `${password}${HOLE}` }, invalidUtf8),
    400,
    DECODE,
  ),
  signUpRaw(
    'with the bytes {"name":"\\xff\\xfe"}',
    () => Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    400,
    DECODE,
  ),
  {
    name: "sign-up with an array body",
    method: "POST",
    path: () => "/api/auth/signup",
    json: () => [],
    status: 400,
    tag: DECODE,
  },
  {
    name: "sign-up with a null body",
    method: "POST",
    path: () => "/api/auth/signup",
    json: () => null,
    status: 400,
    tag: DECODE,
  },
  {
    name: "sign-up with an email already taken",
    method: "POST",
    path: () => "/api/auth/signup",
    json: (fx) => edit(signUpBody(), { email: fx.owner.email }),
    status: 409,
    tag: "EmailTaken",
  },
  {
    name: "sign-up with an email already taken, in upper case with spaces around",
    method: "POST",
    path: () => "/api/auth/signup",
    json: (fx) => edit(signUpBody(), { email: `  ${fx.owner.email.toUpperCase()}  ` }),
    status: 409,
    tag: "EmailTaken",
  },
  logIn("with email as a number", { email: 1 }),
  logIn("without password", { password: OMIT }),
  logIn("with a password of 201 characters", { password: "p".repeat(201) }),
  logIn("with NUL in the email", { email: "nul\u0000byte@example.test" }),
  logIn("with the wrong password", { password: "not the password at all" }, 401, "InvalidCredentials"),
]

const restaurantCases: ReadonlyArray<Case> = [
  createRestaurant("with slug as a number", { slug: 12345 }),
  createRestaurant("with name as a number", { name: 12345 }),
  createRestaurant("with name as an object", { name: { en: "Bistro" } }),
  createRestaurant("with taxRateBps as a string", { taxRateBps: "1000" }),
  createRestaurant("with tableCount as a string", { tableCount: "10" }),
  createRestaurant("with currency as a number", { currency: 978 }),
  createRestaurant("with currency as a boolean", { currency: true }),
  createRestaurant("with tableCount as a boolean", { tableCount: true }),
  createRestaurant("without slug", { slug: OMIT }),
  createRestaurant("without name", { name: OMIT }),
  createRestaurant("without currency", { currency: OMIT }),
  createRestaurant("without taxRateBps", { taxRateBps: OMIT }),
  createRestaurant("without tableCount", { tableCount: OMIT }),
  createRestaurant("with an upper-case slug", { slug: "Bad-Input" }),
  createRestaurant("with a slug ending in a dash", { slug: "bad-input-" }),
  createRestaurant("with a slug starting with a dash", { slug: "-bad-input" }),
  createRestaurant("with a slug of 49 characters", { slug: "s".repeat(49) }),
  createRestaurant("with an underscore in the slug", { slug: "bad_input" }),
  createRestaurant("with an empty slug", { slug: "" }),
  createRestaurant("with currency XXQ", { currency: "XXQ" }),
  createRestaurant("with currency eur", { currency: "eur" }),
  createRestaurant("with currency EURO", { currency: "EURO" }),
  createRestaurant("with taxRateBps -1", { taxRateBps: -1 }),
  createRestaurant("with taxRateBps 10001", { taxRateBps: 10_001 }),
  createRestaurant("with taxRateBps 12.5", { taxRateBps: 12.5 }),
  createRestaurant("with taxRateBps 1e300", { taxRateBps: 1e300 }),
  createRestaurant("with taxRateBps 2**53", { taxRateBps: 2 ** 53 }),
  createRestaurant("with taxRateBps -2**53", { taxRateBps: -(2 ** 53) }),
  createRestaurant("with tableCount 0", { tableCount: 0 }),
  createRestaurant("with tableCount -1", { tableCount: -1 }),
  createRestaurant("with tableCount 501", { tableCount: 501 }),
  createRestaurant("with tableCount 1e300", { tableCount: 1e300 }),
  createRestaurant("with tableCount 2**53", { tableCount: 2 ** 53 }),
  createRestaurant("with a name of 10 kB", { name: tenKb }),
  createRestaurant("with NUL in the name", { name: "Bistro\u0000" }),
  createRestaurant("with BEL in the name", { name: "Bis\u0007tro" }),
  createRestaurantRaw(
    "with NaN written as taxRateBps",
    () => jsonWithLiteral({ ...restaurantBody(), taxRateBps: HOLE }, "NaN"),
    400,
    "MalformedJson",
  ),
  createRestaurantRaw(
    "with Infinity written as tableCount",
    () => jsonWithLiteral({ ...restaurantBody(), tableCount: HOLE }, "Infinity"),
    400,
    "MalformedJson",
  ),
  createRestaurantRaw(
    "with -Infinity written as taxRateBps",
    () => jsonWithLiteral({ ...restaurantBody(), taxRateBps: HOLE }, "-Infinity"),
    400,
    "MalformedJson",
  ),
  createRestaurantRaw(
    "with 1e400 (valid JSON, parses to Infinity) as tableCount",
    () => jsonWithLiteral({ ...restaurantBody(), tableCount: HOLE }, "1e400"),
    400,
    DECODE,
  ),
  createRestaurantRaw(
    "with invalid UTF-8 in the name",
    () => jsonWithBytes({ ...restaurantBody(), name: HOLE }, invalidUtf8),
    400,
    DECODE,
  ),
  createRestaurantRaw("with Latin-1 bytes in the name", () => latin1Cafe(restaurantBody(), "name"), 400, DECODE),
  {
    name: "create restaurant with a slug already taken by the same owner",
    as: "owner",
    method: "POST",
    path: () => "/api/restaurants",
    json: (fx) => edit(restaurantBody(), { slug: fx.owner.slug }),
    status: 409,
    tag: "SlugTaken",
  },
  {
    name: "create restaurant with a slug already taken by another owner",
    as: "owner",
    method: "POST",
    path: () => "/api/restaurants",
    json: (fx) => edit(restaurantBody(), { slug: fx.othersSlug }),
    status: 409,
    tag: "SlugTaken",
  },
  updateRestaurant("to the slug of the owner's other restaurant", (fx) => ({ slug: fx.secondSlug }), 409, "SlugTaken"),
  updateRestaurant(
    "to the slug of another owner's restaurant",
    (fx) => ({ slug: fx.othersSlug, name: "Moved" }),
    409,
    "SlugTaken",
  ),
  updateRestaurant("with an upper-case slug", () => ({ slug: "UPPER" })),
  updateRestaurant("with a slug ending in a dash", () => ({ slug: "ends-with-" })),
  updateRestaurant("with currency XXQ", () => ({ currency: "XXQ" })),
  updateRestaurant("with currency eur", () => ({ currency: "eur" })),
  updateRestaurant("with taxRateBps -1", () => ({ taxRateBps: -1 })),
  updateRestaurant("with taxRateBps 1e300", () => ({ taxRateBps: 1e300 })),
  updateRestaurant("with taxRateBps 2**53", () => ({ taxRateBps: 2 ** 53 })),
  updateRestaurant("with tableCount 0", () => ({ tableCount: 0 })),
  updateRestaurant("with tableCount as a string", () => ({ tableCount: "3" })),
  updateRestaurant("with a name of 10 kB", () => ({ name: tenKb })),
  updateRestaurant("with NUL in the name", () => ({ name: "\u0000" })),
  updateRestaurant("with a valid name but a bad currency (all or nothing)", () => ({
    name: "Half Applied",
    currency: "xx",
  })),
  updateRestaurant("with an array body", () => [{ name: "x" }]),
]

const dishCases: ReadonlyArray<Case> = [
  updateDish("with a name of 10 kB", { name: tenKb }),
  updateDish("with NUL in the name", { name: "Soup\u0000" }),
  updateDish("with BEL in the name", { name: "So\u0007up" }),
  updateDish("with name as a number", { name: 1 }),
  updateDish("with NUL in the description", { description: "hot\u0000" }),
  updateDish("with a category of 61 characters", { category: "c".repeat(61) }),
  updateDish("with a portion size of 61 characters", { portionSize: "p".repeat(61) }),
  updateDish("with an unknown allergen", { allergens: ["shellfish"] }),
  updateDish("with allergens as a string", { allergens: "gluten" }),
  updateDish("with allergens as an object", { allergens: { gluten: true } }),
  updateDish("with a repeated allergen", { allergens: ["milk", "milk"] }),
  updateDish("with an unknown dietary tag", { dietaryTags: ["carnivore"] }),
  updateDish("with priceMinor -5", { priceMinor: -5 }),
  updateDish("with priceMinor 1.5", { priceMinor: 1.5 }),
  updateDish("with priceMinor as a string", { priceMinor: "450" }),
  updateDish("with priceMinor 1e300", { priceMinor: 1e300 }),
  updateDish("with priceMinor 2**53", { priceMinor: 2 ** 53 }),
  updateDish("with priceMinor 10000001", { priceMinor: 10_000_001 }),
  updateDish("with available as a string", { available: "yes" }),
  updateDish("with available as a number", { available: 1 }),
  updateDish("with a valid name but a negative price (all or nothing)", { name: "Half Applied", priceMinor: -1 }),
  updateDish("with a null body", null),
  updateDishRaw("with invalid UTF-8 in the name", () => jsonWithBytes({ name: HOLE }, invalidUtf8), 400, DECODE),
  updateDishRaw("with Latin-1 bytes in the description", () => latin1Cafe({}, "description"), 400, DECODE),
  updateDishRaw(
    "with NaN written as priceMinor",
    () => jsonWithLiteral({ priceMinor: HOLE }, "NaN"),
    400,
    "MalformedJson",
  ),
  updateDishRaw(
    "with Infinity written as priceMinor",
    () => jsonWithLiteral({ priceMinor: HOLE }, "Infinity"),
    400,
    "MalformedJson",
  ),
]

const orderCases: ReadonlyArray<Case> = [
  placeOrder("with table as a string", () => ({ table: "3" })),
  placeOrder("with table 0", () => ({ table: 0 })),
  placeOrder("with table -1", () => ({ table: -1 })),
  placeOrder("with table 501", () => ({ table: 501 })),
  placeOrder("with table 1.5", () => ({ table: 1.5 })),
  placeOrder("with table 1e300", () => ({ table: 1e300 })),
  placeOrder("with table 2**53", () => ({ table: 2 ** 53 })),
  placeOrder("with table 11 of 10", () => ({ table: 11 }), 422, "TableNotFound"),
  placeOrder("without tableToken", () => ({ tableToken: OMIT }), 403, "InvalidTableToken"),
  placeOrder("with a wrong tableToken", () => ({ tableToken: "A".repeat(43) }), 403, "InvalidTableToken"),
  placeOrder(
    "with another table's tableToken",
    (fx) => ({ tableToken: fx.owner.tableTokens.get(4) }),
    403,
    "InvalidTableToken",
  ),
  placeOrder("with tableToken as a number", () => ({ tableToken: 42 })),
  placeOrder("with a tableToken of 10 kB", () => ({ tableToken: tenKb })),
  placeOrder("with items as an object", (fx) => ({ items: { dishId: fx.owner.dishes.soup, quantity: 1 } })),
  placeOrder("with items as a string", () => ({ items: "soup" })),
  placeOrder("without items", () => ({ items: OMIT })),
  placeOrder("without table", () => ({ table: OMIT })),
  placeOrder("without customerName", () => ({ customerName: OMIT })),
  placeOrder("without customerPhone", () => ({ customerPhone: OMIT })),
  placeOrder("without paymentMethod", () => ({ paymentMethod: OMIT })),
  placeOrder("with quantity as a string", withQuantity("2")),
  placeOrder("with quantity 0", withQuantity(0)),
  placeOrder("with quantity -1", withQuantity(-1)),
  placeOrder("with quantity 1e300", withQuantity(1e300)),
  placeOrder("with quantity 2**53", withQuantity(2 ** 53)),
  placeOrder("with quantity -2**53", withQuantity(-(2 ** 53))),
  placeOrder("with a dish id that is not a UUID", () => ({ items: [{ dishId: "soup", quantity: 1 }] })),
  placeOrder("with paymentMethod as a boolean", () => ({ paymentMethod: true })),
  placeOrder("with an unknown paymentMethod", () => ({ paymentMethod: "Bitcoin" })),
  placeOrder("with paymentMethod in lower case", () => ({ paymentMethod: "cash" })),
  placeOrder("with customerName as a number", () => ({ customerName: 42 })),
  placeOrder("with customerPhone as a number", () => ({ customerPhone: 442079460958 })),
  placeOrder("with a customerName of 10 kB", () => ({ customerName: tenKb })),
  placeOrder("with NUL in customerName", () => ({ customerName: "Ada\u0000" })),
  placeOrder("with BEL in customerName", () => ({ customerName: "\u0007Ada" })),
  placeOrderRaw(
    "with NaN written as table",
    (fx) => jsonWithLiteral({ ...orderBody(fx), table: HOLE }, "NaN"),
    400,
    "MalformedJson",
  ),
  placeOrderRaw(
    "with Infinity written as table",
    (fx) => jsonWithLiteral({ ...orderBody(fx), table: HOLE }, "Infinity"),
    400,
    "MalformedJson",
  ),
  placeOrderRaw(
    "with -Infinity written as table",
    (fx) => jsonWithLiteral({ ...orderBody(fx), table: HOLE }, "-Infinity"),
    400,
    "MalformedJson",
  ),
  placeOrderRaw(
    "with NaN written as a quantity",
    (fx) => jsonWithLiteral({ ...orderBody(fx), items: [{ dishId: fx.owner.dishes.soup, quantity: HOLE }] }, "NaN"),
    400,
    "MalformedJson",
  ),
  placeOrderRaw(
    "with 1e400 (valid JSON, parses to Infinity) as table",
    (fx) => jsonWithLiteral({ ...orderBody(fx), table: HOLE }, "1e400"),
    400,
    DECODE,
  ),
  placeOrderRaw(
    "with invalid UTF-8 in customerName",
    (fx) => jsonWithBytes({ ...orderBody(fx), customerName: HOLE }, invalidUtf8),
    400,
    DECODE,
  ),
  placeOrderRaw("with Latin-1 bytes in customerName", (fx) => latin1Cafe(orderBody(fx), "customerName"), 400, DECODE),
  {
    name: "place order at a restaurant that does not exist",
    method: "POST",
    path: () => "/api/menu/no-such-restaurant-here/orders",
    json: (fx) => orderBody(fx),
    status: 404,
    tag: "NotFound",
  },
  changeStatus("to an unknown status", { status: "eaten" }),
  changeStatus("with status as a boolean", { status: true }),
  changeStatus("with status as a number", { status: 1 }),
  changeStatus("without status", {}),
  {
    name: "list orders with an unknown status filter",
    as: "owner",
    method: "GET",
    path: (fx) => `/api/restaurants/${fx.owner.restaurant.id}/orders?status=eaten`,
    status: 400,
    tag: DECODE,
  },
]

const rawCase = (
  name: string,
  method: Case["method"],
  path: (fx: Fixture) => string,
  raw: (fx: Fixture) => string | Buffer,
  status: number,
  tag: string,
  extra: Partial<Case> = {},
): Case => ({ name, method, path, raw, status, tag, ...extra })

const signUpPath = () => "/api/auth/signup"
const restaurantsPath = () => "/api/restaurants"
const dishPath = (fx: Fixture) => `/api/restaurants/${fx.owner.restaurant.id}/dishes/${fx.owner.dishes.soup}`
const ordersPath = (fx: Fixture) => `/api/menu/${fx.owner.slug}/orders`
const owner = { as: "owner" } as const
const deeplyNested = "[".repeat(5000) + "]".repeat(5000)

const bodyCases: ReadonlyArray<Case> = [
  rawCase(
    "sign-up with a 2 MB body",
    "POST",
    signUpPath,
    () => JSON.stringify({ ...signUpBody(), name: twoMb }),
    413,
    "PayloadTooLarge",
  ),
  rawCase(
    "create restaurant with a 2 MB body",
    "POST",
    restaurantsPath,
    () => JSON.stringify({ ...restaurantBody(), name: twoMb }),
    413,
    "PayloadTooLarge",
    owner,
  ),
  rawCase(
    "update dish with a 2 MB body",
    "PATCH",
    dishPath,
    () => JSON.stringify({ description: twoMb }),
    413,
    "PayloadTooLarge",
    owner,
  ),
  rawCase(
    "place order with a 2 MB body",
    "POST",
    ordersPath,
    (fx) => JSON.stringify({ ...orderBody(fx), customerName: twoMb }),
    413,
    "PayloadTooLarge",
  ),
  rawCase("sign-up with truncated JSON", "POST", signUpPath, () => '{"email":', 400, "MalformedJson"),
  rawCase(
    "create restaurant with single-quoted JSON",
    "POST",
    restaurantsPath,
    () => "{'slug':'x','name':'y'}",
    400,
    "MalformedJson",
    owner,
  ),
  rawCase(
    "update dish with a trailing comma",
    "PATCH",
    dishPath,
    () => '{"name":"Soup",}',
    400,
    "MalformedJson",
    owner,
  ),
  rawCase(
    "place order with two JSON documents",
    "POST",
    ordersPath,
    (fx) => `${JSON.stringify(orderBody(fx))} {}`,
    400,
    "MalformedJson",
  ),
  rawCase(
    "change order status with a lone brace",
    "PATCH",
    (fx) => `/api/restaurants/${fx.owner.restaurant.id}/orders/${fx.orderId}/status`,
    () => "{",
    400,
    "MalformedJson",
    owner,
  ),
  rawCase("sign-up with the word undefined", "POST", signUpPath, () => "undefined", 400, "MalformedJson"),
  rawCase(
    "sign-up with a raw BEL byte inside a string",
    "POST",
    signUpPath,
    () => JSON.stringify({ ...signUpBody(), name: HOLE }).replace(HOLE, "a\u0007b"),
    400,
    "MalformedJson",
  ),
  rawCase(
    "sign-up with JSON nested 5000 levels deep (10 kB)",
    "POST",
    signUpPath,
    () => deeplyNested,
    400,
    "MalformedJson",
  ),
  rawCase(
    "sign-up with a name that is an array nested 5000 levels deep",
    "POST",
    signUpPath,
    () => jsonWithLiteral({ ...signUpBody(), name: HOLE }, deeplyNested),
    400,
    "MalformedJson",
  ),
  rawCase(
    "place order with a customerName that is an object nested 5000 levels deep",
    "POST",
    ordersPath,
    (fx) => jsonWithLiteral({ ...orderBody(fx), customerName: HOLE }, `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`),
    400,
    "MalformedJson",
  ),
  rawCase("sign-up with an empty application/json body", "POST", signUpPath, () => "", 400, DECODE),
  rawCase(
    "create restaurant with an empty application/json body",
    "POST",
    restaurantsPath,
    () => "",
    400,
    DECODE,
    owner,
  ),
  rawCase(
    "sign-up as text/plain",
    "POST",
    signUpPath,
    () => JSON.stringify(signUpBody()),
    415,
    "UnsupportedMediaType",
    { headers: { "content-type": "text/plain" } },
  ),
  rawCase(
    "create restaurant as text/plain",
    "POST",
    restaurantsPath,
    () => JSON.stringify(restaurantBody()),
    415,
    "UnsupportedMediaType",
    { ...owner, headers: { "content-type": "text/plain;charset=UTF-8" } },
  ),
  rawCase(
    "place order as text/plain",
    "POST",
    ordersPath,
    (fx) => JSON.stringify(orderBody(fx)),
    415,
    "UnsupportedMediaType",
    { headers: { "content-type": "text/plain" } },
  ),
  rawCase(
    "sign-up as a form",
    "POST",
    signUpPath,
    () => new URLSearchParams({ email: `${unique("form")}@example.test`, password, name: "Form" }).toString(),
    415,
    "UnsupportedMediaType",
    { headers: { "content-type": "application/x-www-form-urlencoded" } },
  ),
  rawCase(
    "log-in as a form",
    "POST",
    () => "/api/auth/login",
    (fx) => new URLSearchParams({ email: fx.owner.email, password }).toString(),
    415,
    "UnsupportedMediaType",
    { headers: { "content-type": "application/x-www-form-urlencoded" } },
  ),
  rawCase("update dish as a form", "PATCH", dishPath, () => "name=Form", 415, "UnsupportedMediaType", {
    ...owner,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  }),
  rawCase(
    "sign-up with a body and no content type",
    "POST",
    signUpPath,
    () => Buffer.from(JSON.stringify(signUpBody())),
    415,
    "UnsupportedMediaType",
    { headers: {} },
  ),
  rawCase(
    "sign-up as multipart/form-data",
    "POST",
    signUpPath,
    () =>
      [
        "--b0undary",
        'Content-Disposition: form-data; name="email"',
        "",
        `${unique("multipart")}@example.test`,
        "--b0undary",
        'Content-Disposition: form-data; name="password"',
        "",
        password,
        "--b0undary",
        'Content-Disposition: form-data; name="name"',
        "",
        "Multipart",
        "--b0undary--",
        "",
      ].join("\r\n"),
    415,
    "UnsupportedMediaType",
    { headers: { "content-type": "multipart/form-data; boundary=b0undary" } },
  ),
  rawCase(
    "sign-up as application/jsonx (not JSON)",
    "POST",
    signUpPath,
    () => JSON.stringify(signUpBody()),
    415,
    "UnsupportedMediaType",
    { headers: { "content-type": "application/jsonx" } },
  ),
]

const restaurantPath = (fx: Fixture) => `/api/restaurants/${fx.owner.restaurant.id}`
const pathCase = (
  name: string,
  method: Case["method"],
  path: (fx: Fixture) => string,
  status: number,
  tag: string,
  extra: Partial<Case> = {},
): Case => ({
  name,
  as: "owner",
  method,
  path,
  status,
  tag,
  ...extra,
})
const traversal = "..%2F..%2Fetc%2Fpasswd"

const pathCases: ReadonlyArray<Case> = [
  pathCase("restaurant id that is not a UUID", "GET", () => "/api/restaurants/not-a-uuid", 400, DECODE),
  pathCase("restaurant id with an encoded traversal", "GET", () => `/api/restaurants/${traversal}`, 400, DECODE),
  pathCase("restaurant id %00", "GET", () => "/api/restaurants/%00", 400, DECODE),
  pathCase("update restaurant with id %00", "PATCH", () => "/api/restaurants/%00", 400, DECODE, {
    json: () => ({ name: "x" }),
  }),
  pathCase("update restaurant with an encoded traversal", "PATCH", () => `/api/restaurants/${traversal}`, 400, DECODE, {
    json: () => ({ name: "x" }),
  }),
  pathCase("dish list under a traversal", "GET", () => `/api/restaurants/${traversal}/dishes`, 400, DECODE),
  pathCase(
    "dish id with an encoded traversal",
    "GET",
    (fx) => `${restaurantPath(fx)}/dishes/${traversal}`,
    400,
    DECODE,
  ),
  pathCase("update dish with id %00", "PATCH", (fx) => `${restaurantPath(fx)}/dishes/%00`, 400, DECODE, {
    json: () => ({ name: "x" }),
  }),
  pathCase(
    "delete dish with an id that is not a UUID",
    "DELETE",
    (fx) => `${restaurantPath(fx)}/dishes/not-a-uuid`,
    400,
    DECODE,
  ),
  pathCase(
    "delete dish with an encoded traversal",
    "DELETE",
    (fx) => `${restaurantPath(fx)}/dishes/${traversal}`,
    400,
    DECODE,
  ),
  pathCase(
    "order id with an encoded traversal",
    "GET",
    (fx) => `${restaurantPath(fx)}/orders/${traversal}`,
    400,
    DECODE,
  ),
  pathCase("change status of order %00", "PATCH", (fx) => `${restaurantPath(fx)}/orders/%00/status`, 400, DECODE, {
    json: () => ({ status: "cancelled" }),
  }),
  pathCase(
    "mark paid an order id that is not a UUID",
    "POST",
    (fx) => `${restaurantPath(fx)}/orders/1%20OR%201=1/paid`,
    400,
    DECODE,
  ),
  pathCase("menu slug with an encoded traversal", "GET", () => `/api/menu/${traversal}`, 400, DECODE),
  pathCase("menu slug %00", "GET", () => "/api/menu/%00", 400, DECODE),
  pathCase("place order at slug %00", "POST", () => "/api/menu/%00/orders", 400, DECODE, {
    json: (fx) => orderBody(fx),
  }),
  pathCase("order token with an encoded traversal", "GET", () => `/api/orders/${traversal}`, 400, DECODE),
  pathCase("order token %00", "GET", () => "/api/orders/%00", 400, DECODE),
  // fetch (like a browser) resolves dot segments before sending: these arrive as /etc/passwd.
  // "/api/restaurants/../../etc/passwd" normalises to "/etc/passwd", outside the API: the web app's
  // shell answers those (see webApp.test.ts, which also checks nothing outside the build is served).
  pathCase(
    "a traversal after a dish id",
    "GET",
    (fx) => `${restaurantPath(fx)}/dishes/${fx.owner.dishes.soup}/${traversal}`,
    404,
    "RouteNotFound",
  ),
  pathCase(
    "a restaurant id that does not exist",
    "GET",
    () => "/api/restaurants/6f1d3c1e-2b7a-4c55-9d0e-5a4b3c2d1e0f",
    404,
    "NotFound",
  ),
  pathCase("an unknown route", "GET", () => "/api/no-such-thing", 404, "RouteNotFound"),
  pathCase(
    "POST on a dish (no such route)",
    "POST",
    (fx) => `${restaurantPath(fx)}/dishes/${fx.owner.dishes.soup}`,
    404,
    "RouteNotFound",
    {
      json: () => ({ name: "New" }),
    },
  ),
  pathCase("deleting a restaurant (no such route)", "DELETE", restaurantPath, 404, "RouteNotFound"),
  pathCase("PUT on a restaurant (no such route)", "PUT", restaurantPath, 404, "RouteNotFound", {
    json: () => ({ name: "Put" }),
  }),
]

// ---------------------------------------------------------------------------------------------------------------

const send = (c: Case) => {
  const client = c.as === "owner" ? f.owner.client : new Client(api.baseUrl)
  const path = c.path(f)
  if (c.raw !== undefined) {
    return client.request(c.method, path, {
      body: c.raw(f),
      headers: c.headers ?? { "content-type": "application/json" },
    })
  }
  if (c.json !== undefined) {
    return client.request(c.method, path, {
      json: c.json(f),
      ...(c.headers === undefined ? {} : { headers: c.headers }),
    })
  }
  return client.request(c.method, path, c.headers === undefined ? {} : { headers: c.headers })
}

const refusedWithoutWriting = async (c: Case) => {
  const before = await snapshot()
  const reply = await send(c)
  expect.soft(reply.status, reply.text.slice(0, 500)).toBe(c.status)
  expect.soft(reply.body?._tag, reply.text.slice(0, 500)).toBe(c.tag)
  expect(await snapshot(), "nothing may be written").toEqual(before)
}

describe.each([
  { area: "sign-up and log-in", cases: authCases },
  { area: "restaurants", cases: restaurantCases },
  { area: "dishes", cases: dishCases },
  { area: "orders", cases: orderCases },
  { area: "request bodies", cases: bodyCases },
  { area: "paths and routes", cases: pathCases },
])("$area", ({ cases }) => {
  it.each(cases)("$name -> $status $tag, nothing written", refusedWithoutWriting)
})

describe("a 2 MB body sent chunked (no content-length)", () => {
  // A length cap on a body of unknown length can only be enforced by cutting the connection, and then
  // the client never reads why: JSON without a Content-Length is refused up front instead.
  it("is 411 LengthRequired, delivered to the client, and nothing is written", async () => {
    const before = await snapshot()
    const reply = await new Promise<{ status: number; text: string }>((resolve) => {
      const request = httpRequest(
        new URL("/api/auth/signup", api.baseUrl),
        { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } },
        (response) => {
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => {
            text += chunk
          })
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }))
        },
      )
      // Status 0: the connection failed before any response could be read.
      request.on("error", (error) =>
        resolve({ status: 0, text: `no response, the connection failed: ${error.message}` }),
      )
      request.write(`{"email":"chunked@example.test","password":"${password}","name":"`)
      for (let i = 0; i < 32; i++) request.write("a".repeat(64 * 1024))
      request.end('"}')
    })
    responses.push({ request: "POST /api/auth/signup (chunked)", status: reply.status })
    expect.soft(reply.status, reply.text).toBe(411)
    expect.soft(reply.text).toContain('"_tag":"LengthRequired"')
    expect(await snapshot()).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// SQL metacharacters are ordinary text: accepted, stored exactly, and no table goes anywhere.

const sqlish = [
  "'; DROP TABLE orders; --",
  '" OR 1=1 --',
  "Robert'); DROP TABLE users;--",
  "1' OR '1'='1' /*",
  "\\'; SELECT pg_sleep(10); --",
  "$1 $$ %s %_ \\x00 ` ; COMMIT;",
].map((text) => ({ text }))

describe("SQL metacharacters in text fields", () => {
  it.each(sqlish)("sign-up name $text is stored as sent", async ({ text }) => {
    const before = await snapshot()
    const email = `${unique("sql")}@example.test`
    const reply = await new Client(api.baseUrl).post("/api/auth/signup", { email, password, name: text })
    expect(reply.status, reply.text).toBe(201)
    expect(reply.body.name).toBe(text)
    expect(
      await storedHex("SELECT encode(convert_to(name, 'UTF8'), 'hex') AS hex FROM users WHERE email = $1", [email]),
    ).toBe(hexOf(text))
    expectGrowth(before, await snapshot(), { users: 1, sessions: 1 })
    await expectTablesExist()
  })

  it.each(sqlish)("restaurant name $text is stored as sent, on create and on update", async ({ text }) => {
    const before = await snapshot()
    const created = await f.owner.client.post("/api/restaurants", { ...restaurantBody(), name: text })
    expect(created.status, created.text).toBe(201)
    expect(created.body.name).toBe(text)
    const id: string = created.body.id
    const stored = "SELECT encode(convert_to(name, 'UTF8'), 'hex') AS hex FROM restaurants WHERE id = $1"
    expect(await storedHex(stored, [id])).toBe(hexOf(text))
    expectGrowth(before, await snapshot(), { restaurants: 1 })
    const renamed = `${text} (2)`
    const updated = await f.owner.client.patch(`/api/restaurants/${id}`, { name: renamed })
    expect(updated.status, updated.text).toBe(200)
    expect(await storedHex(stored, [id])).toBe(hexOf(renamed))
    await expectTablesExist()
  })

  it.each(sqlish)("dish name, description, category and portion size $text are stored as sent", async ({ text }) => {
    const before = await snapshot()
    const changes = { name: text, description: `${text}\n${text}`, category: text, portionSize: text }
    const reply = await f.owner.client.patch(dishPath(f), changes)
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body).toMatchObject(changes)
    const { rows } = await api.db.query<Record<keyof typeof changes, string>>(
      `SELECT encode(convert_to(name, 'UTF8'), 'hex') AS name, encode(convert_to(description, 'UTF8'), 'hex') AS description,
              encode(convert_to(category, 'UTF8'), 'hex') AS category, encode(convert_to(portion_size, 'UTF8'), 'hex') AS "portionSize"
       FROM dishes WHERE id = $1`,
      [f.owner.dishes.soup],
    )
    expect(rows).toEqual([Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, hexOf(v)]))])
    expectGrowth(before, await snapshot(), {})
    await expectTablesExist()
  })

  it.each(sqlish)("customer name $text is stored as sent", async ({ text }) => {
    const before = await snapshot()
    const reply = await new Client(api.baseUrl).post(`/api/menu/${f.owner.slug}/orders`, {
      ...orderBody(f),
      customerName: text,
    })
    expect(reply.status, reply.text).toBe(201)
    expect(reply.body.order.customerName).toBe(text)
    expect(
      await storedHex("SELECT encode(convert_to(customer_name, 'UTF8'), 'hex') AS hex FROM orders WHERE id = $1", [
        reply.body.order.id,
      ]),
    ).toBe(hexOf(text))
    expectGrowth(before, await snapshot(), { orders: 1, order_items: 1 })
    await expectTablesExist()
  })
})
