// Pipeline benchmark: upload -> `ready` latency for 50 dishes, with real Postgres, Redis, clamd and S3
// (Ceph RGW on 127.0.0.1:7480) and the Gemini REST double answering instantly. The API runs in this
// process, the worker as its own process, as in production. Photos arrive one every 500 ms (an owner
// photographing a menu, faster than any person would), each a different dish.
// Run: bash scripts/services/clamd.sh && bash scripts/services/s3.sh && npx tsx bench/pipeline.ts
import { randomBytes } from "node:crypto"
import pg from "pg"
import { median, percentile, round } from "./stats.js"
import { startApi } from "./support/api.js"
import { ownerWithRestaurant } from "./support/apiProcess.js"
import { createBenchDatabase } from "./support/database.js"
import { dishPhoto, uploadDishPhoto } from "./support/dishPhotos.js"
import { startModelPipeline } from "./support/modelPipeline.js"
import { spawnWorker } from "./support/workerProcess.js"

const DISHES = Number(process.env.BENCH_DISHES ?? 50)
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 500)
const run = randomBytes(4).toString("hex")
const database = await createBenchDatabase("pipeline", run)
const pipeline = await startModelPipeline()
const settings: Record<string, string> = {
  DATABASE_URL: database.url,
  SESSION_SECRET: randomBytes(32).toString("hex"),
  REDIS_KEY_PREFIX: `bench:${run}:`,
  CLAMAV_PORT: "3399",
  ...pipeline.settings,
  RATE_LIMIT_UPLOADS_PER_HOUR: "100000",
  RATE_LIMIT_API_PER_MINUTE: "100000",
  RATE_LIMIT_AUTH_PER_MINUTE: "100000",
}
const api = await startApi(settings)
const worker = spawnWorker(["--import", "tsx", "packages/worker/src/main.ts"], settings)
await worker.started
// The API runs in this process, so this is the API plus the benchmark driver.
const rss = { api: 0 }
const sampleRss = setInterval(() => {
  rss.api = Math.max(rss.api, process.memoryUsage().rss)
}, 100)

try {
  const restaurant = await ownerWithRestaurant(api, 5)

  const db = new pg.Pool({ connectionString: database.url, max: 2 })
  const latencies: Array<number> = []
  const uploadMs: Array<number> = []
  const pending = new Map<string, number>()
  // Readiness is polled from the first upload on (every 10 ms), so each latency is measured as it happens.
  let uploadsDone = false
  const poller = (async () => {
    const deadline = Date.now() + 180_000
    while ((!uploadsDone || pending.size > 0) && Date.now() < deadline) {
      const { rows } = await db.query<{ id: string; model_status: string }>(
        "SELECT id, model_status FROM dishes WHERE id = ANY($1) AND model_status IN ('ready', 'failed')",
        [[...pending.keys()]],
      )
      const now = performance.now()
      for (const row of rows) {
        if (row.model_status !== "ready") throw new Error(`dish ${row.id} failed`)
        latencies.push(now - (pending.get(row.id) ?? now))
        pending.delete(row.id)
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  const uploads: Array<Promise<void>> = []
  for (let i = 0; i < DISHES; i++) {
    const bytes = await dishPhoto(i)
    const started = performance.now()
    uploads.push(
      (async () => {
        const reply = await uploadDishPhoto(api.baseUrl, restaurant, bytes, i)
        if (reply.status !== 201) throw new Error(`upload ${i}: ${reply.status} ${await reply.text()}`)
        uploadMs.push(performance.now() - started)
        pending.set(((await reply.json()) as { id: string }).id, started)
      })(),
    )
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS))
  }
  await Promise.all(uploads)
  uploadsDone = true
  await poller
  await db.end()
  if (pending.size > 0) throw new Error(`${pending.size} dishes never became ready`)
  console.log(
    JSON.stringify(
      {
        dishes: DISHES,
        arrivalEveryMs: SPACING_MS,
        uploadToReadyMs: {
          p50: round(median(latencies), 0),
          p95: round(percentile(latencies, 95), 0),
          max: round(Math.max(...latencies), 0),
        },
        uploadMs: { p50: round(median(uploadMs), 0), p95: round(percentile(uploadMs, 95), 0) },
        benchProcessPeakRssMiB: round(rss.api / 2 ** 20, 0),
      },
      null,
      2,
    ),
  )
} finally {
  clearInterval(sampleRss)
  await worker.stop()
  await api.close()
  await pipeline.close()
  await database.drop()
}
