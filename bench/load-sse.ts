// Load benchmark: 1,000 diners each following their own order live (`GET /api/orders/:token/events`,
// server-sent events) on one API process. Measures the API's RSS per open stream, then the owner moves
// every order to `preparing` at a fixed 100 changes/s and times each change to its event arriving on
// that diner's stream. Rate limits are lifted for the run (every request comes from 127.0.0.1).
// Run: npx tsx bench/load-sse.ts             (BENCH_STREAMS=1000)
import http from "node:http"
import { cpus } from "node:os"
import { median, percentile, round } from "./stats.js"
import { insertDishes, ownerWithRestaurant, report, rssMiB, sleep, startApiProcess } from "./support/apiProcess.js"

const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000)
const CHANGES_PER_SEC = 100

const api = await startApiProcess("sse")
const sockets: Array<http.ClientRequest> = []
try {
  const restaurant = await ownerWithRestaurant(api)
  const [dish] = await insertDishes(api, restaurant.id, 1)
  // One order per diner, placed through the API (20 at a time).
  const orders: Array<{ token: string; id: string }> = []
  for (let batch = 0; batch < STREAMS; batch += 20) {
    const placed = await Promise.all(
      Array.from({ length: Math.min(20, STREAMS - batch) }, async (_, j) => {
        const reply = await fetch(`${api.baseUrl}/api/menu/${restaurant.slug}/orders`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": `sse-order-${batch + j}` },
          body: JSON.stringify({
            table: 1 + ((batch + j) % 20),
            tableToken: restaurant.tableTokens.get(1 + ((batch + j) % 20)),
            items: [{ dishId: dish, quantity: 1 }],
            customerName: "Diner",
            customerPhone: "+44 20 7946 0958",
            paymentMethod: "Cash",
          }),
        })
        if (reply.status !== 201) throw new Error(`order: ${reply.status} ${await reply.text()}`)
        const body = (await reply.json()) as { token: string; order: { id: string } }
        return { token: body.token, id: body.order.id }
      }),
    )
    orders.push(...placed)
  }
  await sleep(2_000)
  const pid = api.process.pid ?? 0
  const rssBefore = rssMiB(pid)

  // Open every stream and wait for its `ready` frame (the subscription is live from then on).
  const arrivals = new Map<string, number>()
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })
  const open = (order: { token: string; id: string }) =>
    new Promise<void>((resolve, reject) => {
      const request = http.get(`${api.baseUrl}/api/orders/${order.token}/events`, { agent }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream: ${response.statusCode}`))
        response.setEncoding("utf8")
        let buffer = ""
        response.on("data", (chunk: string) => {
          buffer += chunk
          let end = buffer.indexOf("\n\n")
          while (end >= 0) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            if (frame.includes("event: ready")) resolve()
            if (frame.includes("event: order.changed") && frame.includes('"preparing"') && !arrivals.has(order.id))
              arrivals.set(order.id, performance.now())
            end = buffer.indexOf("\n\n")
          }
        })
      })
      request.on("error", reject)
      sockets.push(request)
    })
  const openStart = performance.now()
  for (let batch = 0; batch < orders.length; batch += 100) await Promise.all(orders.slice(batch, batch + 100).map(open))
  const openSeconds = (performance.now() - openStart) / 1000
  await sleep(2_000)
  const rssOpen = rssMiB(pid)

  // The owner moves each order along; each change is timed from the moment its request leaves.
  const sent = new Map<string, number>()
  const answered = new Map<string, number>()
  const changes: Array<Promise<void>> = []
  const start = performance.now()
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]
    if (order === undefined) continue
    const wait = start + (i * 1000) / CHANGES_PER_SEC - performance.now()
    if (wait > 0) await sleep(wait)
    sent.set(order.id, performance.now())
    changes.push(
      fetch(`${api.baseUrl}/api/restaurants/${restaurant.id}/orders/${order.id}/status`, {
        method: "PATCH",
        headers: { "content-type": "application/json", cookie: restaurant.cookie },
        body: JSON.stringify({ status: "preparing" }),
      }).then(async (reply) => {
        await reply.arrayBuffer()
        if (reply.status !== 200) throw new Error(`status change: ${reply.status}`)
        answered.set(order.id, performance.now())
      }),
    )
  }
  await Promise.all(changes)
  const deadline = Date.now() + 10_000
  while (arrivals.size < orders.length && Date.now() < deadline) await sleep(50)
  const fromRequest = orders.flatMap((o) => {
    const at = arrivals.get(o.id)
    const from = sent.get(o.id)
    return at === undefined || from === undefined ? [] : [at - from]
  })
  const fromCommit = orders.flatMap((o) => {
    const at = arrivals.get(o.id)
    const from = answered.get(o.id)
    return at === undefined || from === undefined ? [] : [at - from]
  })
  report({
    benchmark: "diner order streams (SSE)",
    machine: { cpus: cpus().length, model: cpus()[0]?.model },
    streams: orders.length,
    openSeconds: round(openSeconds, 1),
    apiRssMiB: { before: rssBefore, withStreamsOpen: rssOpen, afterChanges: rssMiB(pid) },
    kibPerStream: round(((rssOpen - rssBefore) * 1024) / orders.length, 1),
    statusChanges: orders.length,
    eventsReceived: arrivals.size,
    // From the owner's PATCH leaving to the diner's event arriving (includes the database write).
    delayFromRequestMs: {
      p50: round(median(fromRequest), 1),
      p99: round(percentile(fromRequest, 99), 1),
      max: round(Math.max(...fromRequest), 1),
    },
    // From the PATCH's answer (the change is committed) to the event: negative when the event came first.
    delayAfterAnswerMs: { p50: round(median(fromCommit), 1), p99: round(percentile(fromCommit, 99), 1) },
  })
} finally {
  for (const socket of sockets) socket.destroy()
  await api.stop()
}
