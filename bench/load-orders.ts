// Load benchmark: diners placing orders at a fixed 100 orders/s for 60 s (the i-th request leaves at
// start + i x 10 ms whatever earlier ones are doing), each with its own Idempotency-Key, against the API
// as its own process. Then the orders are counted in Postgres: none may be lost or duplicated.
// Rate limits are lifted for the run (every request comes from 127.0.0.1).
// Latency is reported for all orders and for those after the first BENCH_WARMUP_S seconds (default 5).
// Run: npx tsx bench/load-orders.ts          (BENCH_RATE=100 orders/s, BENCH_DURATION_S=60)
import { randomBytes } from "node:crypto"
import { cpus } from "node:os"
import { median, percentile, round } from "./stats.js"
import { insertDishes, ownerWithRestaurant, report, rssMiB, sleep, startApiProcess } from "./support/apiProcess.js"

const RATE = Number(process.env.BENCH_RATE ?? 100)
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60)
const total = RATE * DURATION_S
const WARM_S = Number(process.env.BENCH_WARMUP_S ?? 5)

const summary = (values: ReadonlyArray<number>) => ({
  p50: round(median(values), 1),
  p99: round(percentile(values, 99), 1),
  max: round(Math.max(...values), 1),
})

const api = await startApiProcess("orders")
try {
  const restaurant = await ownerWithRestaurant(api)
  const dishes = await insertDishes(api, restaurant.id, 12)
  const run = randomBytes(4).toString("hex")
  const statuses = new Map<number, number>()
  // Indexed by request, so the first seconds (a cold process: JIT, pool connections opening) can be told apart.
  const latencies: Array<number> = []
  const failures: Array<string> = []
  let lateStarts = 0
  const place = async (i: number) => {
    const started = performance.now()
    try {
      const reply = await fetch(`${api.baseUrl}/api/menu/${restaurant.slug}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `bench-${run}-${i}` },
        body: JSON.stringify({
          table: 1 + (i % 20),
          tableToken: restaurant.tableTokens.get(1 + (i % 20)),
          items: [
            { dishId: dishes[i % dishes.length], quantity: 1 + (i % 3) },
            { dishId: dishes[(i + 5) % dishes.length], quantity: 1 },
          ],
          customerName: "Bench Diner",
          customerPhone: "+44 20 7946 0958",
          paymentMethod: "Cash",
        }),
      })
      await reply.arrayBuffer()
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
      if (reply.status !== 201) failures.push(`#${i}: ${reply.status}`)
    } catch (error) {
      failures.push(`#${i}: ${String(error)}`)
    }
    latencies[i] = performance.now() - started
  }
  const rssBefore = rssMiB(api.process.pid ?? 0)
  let peakRss = rssBefore
  const inFlight: Array<Promise<void>> = []
  const start = performance.now()
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    else if (wait < -5) lateStarts++
    inFlight.push(place(i))
    if (i % RATE === 0) peakRss = Math.max(peakRss, rssMiB(api.process.pid ?? 0))
  }
  const sendSeconds = (performance.now() - start) / 1000
  await Promise.all(inFlight)
  const { rows } = await api.db.query<{ orders: number; keys: number; items: number; empty: number }>(
    `SELECT count(*)::int AS orders, count(DISTINCT idempotency_key)::int AS keys,
            (SELECT count(*)::int FROM order_items oi JOIN orders o2 ON o2.id = oi.order_id WHERE o2.restaurant_id = $1) AS items,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.order_id = orders.id))::int AS empty
       FROM orders WHERE restaurant_id = $1`,
    [restaurant.id],
  )
  const stored = rows[0]
  report({
    benchmark: "orders at a fixed rate",
    machine: { cpus: cpus().length, model: cpus()[0]?.model },
    targetRatePerSec: RATE,
    durationSeconds: DURATION_S,
    sent: total,
    achievedRatePerSec: round(total / sendSeconds, 1),
    lateStartsOver5ms: lateStarts,
    statusCodes: Object.fromEntries(statuses),
    errors: failures.length,
    firstErrors: failures.slice(0, 5),
    latencyMs: summary(latencies),
    // Past the first WARM_S seconds: the API as it runs once warm.
    latencyAfterWarmupMs: { warmupSeconds: WARM_S, ...summary(latencies.slice(WARM_S * RATE)) },
    database: {
      orders: stored?.orders,
      distinctIdempotencyKeys: stored?.keys,
      lost: total - (stored?.keys ?? 0),
      duplicated: (stored?.orders ?? 0) - (stored?.keys ?? 0),
      orderItems: stored?.items,
      ordersWithoutItems: stored?.empty,
    },
    apiRssMiB: { before: rssBefore, peak: peakRss, after: rssMiB(api.process.pid ?? 0) },
  })
} finally {
  await api.stop()
}
