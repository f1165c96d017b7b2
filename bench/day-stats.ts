// The owner's day view with 100,000 orders in the table: 10 restaurants, orders spread over 120 days with
// two lines each, about 10 % cancelled. Then GET /api/restaurants/{id}/day for one restaurant (Europe/Paris,
// so every statement converts time zones), BENCH_RUNS times per date after a warm-up, on a busy day and an
// empty one, against the API as its own process. The query plans are printed too, to show the index at work.
// Run: npx tsx bench/day-stats.ts          (BENCH_ORDERS=100000, BENCH_RUNS=25)
import { median, percentile, round } from "./stats.js"
import { insertDishes, ownerWithRestaurant, report, startApiProcess } from "./support/apiProcess.js"

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 25)
const RESTAURANTS = 10
const DAYS = 120
const LAST_DAY = "2026-06-30"

const api = await startApiProcess("day")
try {
  const restaurants = []
  for (let i = 0; i < RESTAURANTS; i++) {
    const restaurant = await ownerWithRestaurant(api, 4)
    restaurants.push({ ...restaurant, dishes: await insertDishes(api, restaurant.id, 8) })
  }
  const measured = restaurants[0]
  if (measured === undefined) throw new Error("no restaurant")
  const zone = await fetch(`${api.baseUrl}/api/restaurants/${measured.id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", cookie: measured.cookie },
    body: JSON.stringify({ timeZone: "Europe/Paris" }),
  })
  if (zone.status !== 200) throw new Error(`time zone: ${zone.status} ${await zone.text()}`)

  // One statement for the orders and one for their lines: order n belongs to restaurant n % 10 and is placed
  // on one of the 120 days before LAST_DAY at a pseudo-random minute (busier around noon and the evening).
  const seeding = performance.now()
  const ids = restaurants.map((r) => r.id)
  await api.db.query(
    `INSERT INTO orders (restaurant_id, table_number, status, payment_method, customer_name, customer_phone, currency,
                         subtotal_minor, tax_minor, total_minor, public_token, created_at)
     SELECT ($1::uuid[])[1 + n % ${RESTAURANTS}], 1 + n % 4,
            CASE WHEN n % 10 = 7 THEN 'cancelled' ELSE 'served' END, 'Cash', 'Bench Diner', '+44 20 7946 0958', 'EUR',
            1000 + n % 5000, (1000 + n % 5000) / 10, (1000 + n % 5000) + (1000 + n % 5000) / 10,
            'bench' || lpad(n::text, 38, '0'),
            $2::timestamptz - make_interval(days => (n / ${RESTAURANTS}) % ${DAYS},
                                           mins => ((n * 7919) % 720) + CASE WHEN n % 3 = 0 THEN 0 ELSE 360 END)
     FROM generate_series(1, $3::int) AS n`,
    [ids, `${LAST_DAY}T22:00:00Z`, ORDERS],
  )
  await api.db.query(
    `INSERT INTO order_items (order_id, position, dish_id, name, unit_price_minor, quantity, line_total_minor)
     SELECT o.id, p.position, NULL, 'Dish number ' || (1 + (abs(hashtext(o.id::text)) + p.position) % 8),
            500 + p.position * 250, 1 + p.position, (500 + p.position * 250) * (1 + p.position)
     FROM orders o CROSS JOIN (VALUES (0), (1)) AS p (position)`,
  )
  await api.db.query("ANALYZE orders; ANALYZE order_items")
  const seedSeconds = round((performance.now() - seeding) / 1000, 1)
  const { rows: counted } = await api.db.query<{ orders: number; items: number }>(
    "SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM order_items) AS items",
  )

  const get = async (path: string) => {
    const started = performance.now()
    const reply = await fetch(`${api.baseUrl}${path}`, { headers: { cookie: measured.cookie } })
    const body = (await reply.json()) as { orders?: number }
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${JSON.stringify(body)}`)
    return { ms: performance.now() - started, orders: body.orders }
  }
  const timed = async (path: string) => {
    for (let i = 0; i < 5; i++) await get(path)
    const runs = []
    for (let i = 0; i < RUNS; i++) runs.push(await get(path))
    const ms = runs.map((r) => r.ms)
    return {
      path,
      orders: runs[0]?.orders,
      medianMs: round(median(ms), 2),
      p95Ms: round(percentile(ms, 95), 2),
      maxMs: round(Math.max(...ms), 2),
    }
  }
  const dayPath = (date: string) => `/api/restaurants/${measured.id}/day?date=${date}`
  const busy = await timed(dayPath("2026-06-15"))
  const empty = await timed(dayPath("2027-01-01"))
  // The same owner reading the restaurant alone: what any owner request costs (session, ownership, JSON).
  const baseline = await timed(`/api/restaurants/${measured.id}`)

  // The plan of the heaviest statement (top dishes joins the lines), with the same bounds the API uses.
  const { rows: plan } = await api.db.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
     SELECT i.name, sum(i.quantity)::int, sum(i.line_total_minor)::bigint
     FROM orders o JOIN order_items i ON i.order_id = o.id
     WHERE o.restaurant_id = $1
       AND o.created_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Paris')
       AND o.created_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')
       AND o.status <> 'cancelled'
     GROUP BY i.name ORDER BY 2 DESC, 3 DESC, i.name LIMIT 5`,
    [measured.id, "2026-06-15"],
  )
  report({
    table: counted[0],
    seedSeconds,
    runsPerDate: RUNS,
    busyDay: busy,
    emptyDay: empty,
    ownerBaseline: baseline,
    topDishesPlan: plan.map((row) => row["QUERY PLAN"]),
  })
} finally {
  await api.stop()
}
