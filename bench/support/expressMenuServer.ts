// The reference point, run on the same machine as Ardine: a plain Express + pg server that serves
// the same public menu by querying Postgres and encoding JSON on every request (Express adds its weak ETag
// and answers If-None-Match with 304, as it does by default). Not part of Ardine: only load-menu.ts runs it.
// Run: DATABASE_URL=... PORT=... node --import tsx bench/support/expressMenuServer.ts
import express from "express"
import pg from "pg"

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
const app = express()

app.get("/api/menu/:slug", async (req, res) => {
  try {
    const restaurant = await pool.query(
      "SELECT id, slug, name, currency, tax_rate_bps FROM restaurants WHERE slug = $1",
      [req.params.slug],
    )
    const row = restaurant.rows[0]
    if (row === undefined) {
      res.status(404).json({ _tag: "NotFound" })
      return
    }
    const dishes = await pool.query(
      `SELECT id, name, description, category, price_minor, portion_size, allergens, dietary_tags,
              image_key, model_key, model_status, model_progress, geometry, usdz_key
       FROM dishes WHERE restaurant_id = $1 AND available ORDER BY category, name, id`,
      [row.id],
    )
    res.json({ restaurant: row, dishes: dishes.rows })
  } catch (error) {
    res.status(500).json({ error: String(error) })
  }
})

app.listen(Number(process.env.PORT), "127.0.0.1")
