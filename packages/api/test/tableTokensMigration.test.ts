// Migration 0006 on a database that already has restaurants: every existing table gets a token and a code.
import { randomBytes } from "node:crypto"
import { readdir, readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { adminQuery, withDatabase } from "@ardine/test-support/database-url"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import "@ardine/test-support/provided-context"

const migrationsDir = fileURLToPath(new URL("../../../database/migrations", import.meta.url))
const name = `ardine_tokens_${randomBytes(4).toString("hex")}`
const base = inject("databaseUrl")
let db: pg.Client

const migrations = async (select: (id: number) => boolean) =>
  (await readdir(migrationsDir))
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file) && select(Number(file.slice(0, 4))))
    .sort()

beforeAll(async () => {
  await adminQuery(base, `CREATE DATABASE ${name}`)
  db = new pg.Client({ connectionString: withDatabase(base, name) })
  await db.connect()
})
afterAll(async () => {
  await db?.end()
  await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
})

describe("migration 0006 (table tokens)", () => {
  it("backfills a token and a code for every table of the restaurants that already exist", async () => {
    for (const file of await migrations((id) => id < 6))
      await db.query(await readFile(`${migrationsDir}/${file}`, "utf8"))
    await db.query(`INSERT INTO users (email, name, password_hash) VALUES ('old@example.test', 'Old', 'x')`)
    await db.query(
      `INSERT INTO restaurants (owner_id, slug, name, currency, tax_rate_bps, table_count)
       SELECT id, s, s, 'EUR', 0, n FROM users, (VALUES ('old-one', 3), ('old-two', 12)) AS v(s, n)`,
    )
    for (const file of await migrations((id) => id === 6))
      await db.query(await readFile(`${migrationsDir}/${file}`, "utf8"))

    const { rows } = await db.query<{ slug: string; tables: number[]; tokens: number; codes: number }>(
      `SELECT r.slug, array_agg(t.table_number ORDER BY t.table_number) AS tables,
              count(DISTINCT t.token)::int AS tokens, count(DISTINCT t.code)::int AS codes
       FROM restaurants r JOIN table_tokens t ON t.restaurant_id = r.id GROUP BY r.slug ORDER BY r.slug`,
    )
    expect(rows).toEqual([
      { slug: "old-one", tables: [1, 2, 3], tokens: 3, codes: 3 },
      { slug: "old-two", tables: Array.from({ length: 12 }, (_, i) => i + 1), tokens: 12, codes: 12 },
    ])
  })
})
