import { randomBytes } from "node:crypto"
import { readdir, readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import "@ardine/test-support/provided-context"

// The real migration files on the real Postgres, in a schema of this file's own: rows written under the
// schema before 0004 must come out of it as the owner left them (on the menu), unless never reviewed.
const migrations = fileURLToPath(new URL("../../../database/migrations", import.meta.url))
const schema = `drafts_migration_${randomBytes(4).toString("hex")}`
const db = new pg.Client({ connectionString: inject("databaseUrl") })

const apply = async (predicate: (file: string) => boolean) => {
  for (const file of (await readdir(migrations)).filter((f) => f.endsWith(".sql")).sort()) {
    if (predicate(file)) await db.query(await readFile(`${migrations}/${file}`, "utf8"))
  }
}

beforeAll(async () => {
  await db.connect()
  await db.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}, public`)
  await apply((file) => file < "0004")
})

afterAll(async () => {
  await db.query(`DROP SCHEMA ${schema} CASCADE`)
  await db.end()
})

describe("migration 0004 (drafts)", () => {
  it("keeps reviewed dishes published with their allergens confirmed, and makes never-reviewed uploads drafts", async () => {
    const { rows: users } = await db.query<{ id: string }>(
      `INSERT INTO users (email, name, password_hash) VALUES ('m@example.test', 'M', 'x') RETURNING id`,
    )
    const { rows: restaurants } = await db.query<{ id: string }>(
      `INSERT INTO restaurants (owner_id, slug, name, currency, tax_rate_bps, table_count)
       VALUES ($1, 'migrated', 'Migrated', 'EUR', 1000, 4) RETURNING id`,
      [users[0]?.id],
    )
    const insert = async (name: string, priceMinor: number, allergens: Array<string>, needsReview: Array<string>) => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO dishes (restaurant_id, name, category, price_minor, allergens, needs_review)
         VALUES ($1, $2, 'Mains', $3, $4, $5) RETURNING id`,
        [restaurants[0]?.id, name, priceMinor, allergens, needsReview],
      )
      return rows[0]?.id
    }
    const reviewed = await insert("Soup", 450, [], [])
    const withAllergens = await insert("Pie", 700, ["gluten"], ["description"])
    const aiUnreviewed = await insert("Spaghetti", 1450, ["gluten"], ["suggestedPriceMinor", "allergens"])
    const placeholder = await insert("New dish", 0, [], ["name", "suggestedPriceMinor", "allergens"])
    const priceless = await insert("Bread", 0, [], [])

    await apply((file) => file.startsWith("0004"))

    const { rows } = await db.query<{ id: string; published: boolean; allergens_confirmed: boolean }>(
      `SELECT id, published, allergens_confirmed FROM dishes`,
    )
    const state = Object.fromEntries(rows.map((r) => [r.id, [r.published, r.allergens_confirmed]]))
    expect(state[reviewed as string]).toEqual([true, true])
    expect(state[withAllergens as string]).toEqual([true, true])
    expect(state[aiUnreviewed as string]).toEqual([false, false])
    expect(state[placeholder as string]).toEqual([false, false])
    expect(state[priceless as string]).toEqual([false, true])

    // New rows are drafts with unknown allergens unless they say otherwise.
    const fresh = await insert("Later", 500, [], [])
    const { rows: after } = await db.query(`SELECT published, allergens_confirmed FROM dishes WHERE id = $1`, [fresh])
    expect(after[0]).toEqual({ published: false, allergens_confirmed: false })
  })
})
