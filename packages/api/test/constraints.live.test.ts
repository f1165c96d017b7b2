import { inspect } from "node:util"
import { PhoneNumber } from "@ardine/domain"
import { mapSqlErrors, UsersRepo } from "@ardine/infra"
import { SqlClient } from "@effect/sql"
import { Effect, Either, Logger, LogLevel, Schema } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu, unique } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api.close())

/** Inserts an order row with this phone number in a transaction that is rolled back: does the CHECK take it? */
const databaseTakesPhone = async (restaurantId: string, phone: string) => {
  const client = await api.db.connect()
  try {
    await client.query("BEGIN")
    await client.query(
      `INSERT INTO orders (restaurant_id, table_number, payment_method, customer_name, customer_phone, currency,
                           subtotal_minor, tax_minor, total_minor, public_token)
       VALUES ($1, 1, 'Cash', 'Ada', $2, 'EUR', 0, 0, 0, $3)`,
      [restaurantId, phone, unique("token")],
    )
    return true
  } catch (error) {
    if ((error as { code?: string }).code === "23514") return false
    throw error
  } finally {
    await client.query("ROLLBACK")
    client.release()
  }
}

describe("the phone number's schema and the column's CHECK agree", () => {
  it("refuses a 25-character phone number with 400 naming the field, and writes nothing", async () => {
    const { slug, dishes, restaurant, order } = await ownerWithMenu(api)
    const diner = new Client(api.baseUrl)
    const tooLong = `+${"1".repeat(24)}`
    const reply = await diner.post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { customerPhone: tooLong }))
    expect(reply.status, reply.text).toBe(400)
    expect(reply.body._tag).toBe("HttpApiDecodeError")
    expect(reply.text).toContain("customerPhone")
    expect(await count(api, "orders", "restaurant_id = $1", [restaurant.id])).toBe(0)
    // The longest number the column takes is accepted, trimmed of the spaces around it.
    for (const phone of [`+${"1".repeat(23)}`, `  ${"2".repeat(24)}  `]) {
      const placed = await diner.post(`/api/menu/${slug}/orders`, order(dishes.soup, 1, { customerPhone: phone }))
      expect(placed.status, placed.text).toBe(201)
    }
    expect(await count(api, "orders", "restaurant_id = $1 AND length(customer_phone) = 24", [restaurant.id])).toBe(2)
  })

  it("every phone number the schema accepts is one the database stores", async () => {
    const { restaurant } = await ownerWithMenu(api)
    const decode = Schema.decodeUnknownEither(PhoneNumber)
    const candidate = fc
      .tuple(fc.stringMatching(/^\+?[0-9 ()-]{3,27}$/), fc.constantFrom("", " ", "  "))
      .map(([phone, pad]) => `${pad}${phone}${pad}`)
    await fc.assert(
      fc.asyncProperty(candidate, async (phone) => {
        const decoded = decode(phone)
        if (Either.isLeft(decoded)) return
        expect(await databaseTakesPhone(restaurant.id, decoded.right), JSON.stringify(decoded.right)).toBe(true)
      }),
      { numRuns: 300, examples: [[`+${"1".repeat(24)}`], [`${"1".repeat(25)}`]] },
    )
  })
})

describe("a value the database refuses", () => {
  /** Runs `mapSqlErrors(statement)` (as every repository method does) in the API's services, keeping every log line as the JSON and logfmt loggers write it. */
  const runLogged = async <A>(statement: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) => {
    const lines: Array<string> = []
    const capture = Logger.make((options) => {
      lines.push(String(Logger.jsonLogger.log(options)), String(Logger.logfmtLogger.log(options)))
      lines.push(inspect(options.message, { depth: null }), inspect(options.annotations, { depth: null }))
    })
    const result = await api.run(
      Effect.flatMap(SqlClient.SqlClient, (sql) => mapSqlErrors(statement(sql))).pipe(
        Effect.either,
        Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
        Logger.withMinimumLogLevel(LogLevel.All),
      ),
    )
    return { result, log: lines.join("\n") }
  }

  it("is a 4xx ConstraintViolation (never the database being down), logged without the row's data", async () => {
    const { restaurant } = await ownerWithMenu(api)
    const phone = "+4915112345678901234567890"
    const { result, log } = await runLogged(
      (sql) => sql`INSERT INTO orders (restaurant_id, table_number, payment_method, customer_name, customer_phone,
                                       currency, subtotal_minor, tax_minor, total_minor, public_token)
                   VALUES (${restaurant.id}, 1, 'Cash', 'Ada Lovelace', ${phone}, 'EUR', 0, 0, 0, ${unique("t")})`,
    )
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ConstraintViolation" })
    expect(log).toContain("23514")
    expect(log).toContain("orders_customer_phone_check")
    expect(log).not.toContain("Failing row")
    expect(log).not.toContain(phone)
    expect(log).not.toContain("Ada Lovelace")
  })

  it("is what a repository method fails with by itself, with nothing wrapped around the call", async () => {
    // users.email is CHECKed lower-case; the handlers lower-case it first, so only a direct call can break it.
    const email = `${unique("Upper")}@Example.test`
    const result = await api.run(
      Effect.flatMap(UsersRepo, (users) => users.insert({ email, name: "Grace", passwordHash: "x" })).pipe(
        Effect.either,
      ),
    )
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ConstraintViolation" })
  })

  it("names a duplicate key's constraint in the log, never the key's value", async () => {
    const email = `${unique("dup")}@example.test`
    const insert = (sql: SqlClient.SqlClient) =>
      sql`INSERT INTO users (email, name, password_hash) VALUES (${email}, 'Grace', 'x')`
    await runLogged(insert)
    const { result, log } = await runLogged(insert)
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "ConstraintViolation" })
    expect(log).toContain("users_email_key")
    expect(log).not.toContain(email)
    expect(log).not.toContain("already exists")
  })
})
