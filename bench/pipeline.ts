// Pipeline benchmark: upload -> `ready` latency for 50 dishes, with real Postgres, Redis, clamd and S3
// (Ceph RGW on 127.0.0.1:7480) and the Gemini REST double answering instantly. The API runs in this
// process, the worker as its own process, as in production. Photos arrive one every 500 ms (an owner
// photographing a menu, faster than any person would), each a different dish.
// Run: bash scripts/services/clamd.sh && bash scripts/services/s3.sh && npx tsx bench/pipeline.ts
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { fileURLToPath } from "node:url"
import { Effect, Exit, Scope } from "effect"
import pg from "pg"
import sharp from "sharp"
import { behaviours, geminiDouble } from "../packages/infra/test/support/geminiDouble.js"
import { median, percentile, round } from "./stats.js"
import { startApi } from "./support/api.js"

const DISHES = Number(process.env.BENCH_DISHES ?? 50)
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 500)
const root = fileURLToPath(new URL("..", import.meta.url))
const run = randomBytes(4).toString("hex")
const database = `ardine_bench_${run}`
const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" })
await admin.connect()
await admin.query(`CREATE DATABASE ${database}`)
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`

const scope = await Effect.runPromise(Scope.make())
const gemini = await Effect.runPromise(Scope.extend(geminiDouble(behaviours.valid()), scope))
const settings: Record<string, string> = {
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(32).toString("hex"),
  REDIS_KEY_PREFIX: `bench:${run}:`,
  CLAMAV_PORT: "3399",
  S3_ENDPOINT: process.env.S3_ENDPOINT ?? "http://127.0.0.1:7480",
  S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? "TESTACCESS",
  S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? "TESTSECRET",
  S3_FORCE_PATH_STYLE: "true",
  S3_BUCKET_IMAGES: `bench-${run}-img`,
  S3_BUCKET_MODELS: `bench-${run}-mdl`,
  GEMINI_API_KEY: "bench",
  GEMINI_BASE_URL: gemini.baseUrl,
  RATE_LIMIT_UPLOADS_PER_HOUR: "100000",
  RATE_LIMIT_API_PER_MINUTE: "100000",
  RATE_LIMIT_AUTH_PER_MINUTE: "100000",
  // The 10 jobs/min limiter guards AI and CPU cost in production; here the pipeline itself is measured.
  WORKER_JOBS_PER_MINUTE: "100000",
  WORKER_HEALTH_PORT: "0",
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "WARN",
}
const api = await startApi(settings)
const worker = spawn(process.execPath, ["--import", "tsx", "packages/worker/src/main.ts"], {
  cwd: root,
  env: { PATH: process.env.PATH ?? "", ...settings },
  stdio: ["ignore", "pipe", "inherit"],
})
// Measure the pipeline, not the worker's start-up: wait for its "started" line.
await new Promise<void>((resolve, reject) => {
  worker.stdout?.on("data", (chunk: Buffer) => {
    if (process.env.BENCH_TRACE) process.stderr.write(chunk)
    if (chunk.toString().includes("model worker started")) resolve()
  })
  worker.once("exit", (code) => reject(new Error(`worker exited with ${code}`)))
})
// The API runs in this process, so this is the API plus the benchmark driver.
const rss = { api: 0 }
const sampleRss = setInterval(() => {
  rss.api = Math.max(rss.api, process.memoryUsage().rss)
}, 100)

try {
  const email = `bench-${run}@example.test`
  const signup = await fetch(`${api.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "benchmark-password", name: "Bench" }),
  })
  const cookie = (signup.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
  const restaurant = (await (
    await fetch(`${api.baseUrl}/api/restaurants`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ slug: `bench-${run}`, name: "Bench", currency: "EUR", taxRateBps: 0, tableCount: 5 }),
    })
  ).json()) as { id: string }

  const photo = (i: number) => {
    const hue = (i * 47) % 360
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="100%" height="100%" fill="#6d4c35"/>
      <circle cx="400" cy="400" r="340" fill="#f4f4f2"/><circle cx="400" cy="400" r="${150 + (i % 5) * 20}" fill="hsl(${hue},60%,45%)"/></svg>`
    return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer()
  }

  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 })
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
    const bytes = await photo(i)
    const started = performance.now()
    uploads.push(
      (async () => {
        const form = new FormData()
        form.append("photo", new Blob([bytes], { type: "image/jpeg" }), `dish-${i}.jpg`)
        const reply = await fetch(`${api.baseUrl}/api/restaurants/${restaurant.id}/dishes`, {
          method: "POST",
          body: form,
          headers: { cookie },
        })
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
  worker.kill("SIGTERM")
  await new Promise((resolve) => worker.once("exit", resolve))
  await api.close()
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await admin.end()
}
