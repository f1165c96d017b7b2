// Load benchmark: 20 dish photos uploaded at the same moment through the API (its own process), with real
// Postgres, Redis, clamd and S3 (Ceph RGW on 127.0.0.1:7480) and the Gemini REST double answering at once;
// the worker (its own process, concurrency 2, its 10 jobs/min cost guard lifted) drains the queue.
// Reports: every upload's status, time until every dish is `ready`, and the peak RSS of API and worker.
// Run: bash scripts/services/clamd.sh && bash scripts/services/s3.sh && npx tsx bench/load-uploads.ts
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { Effect, Exit, Scope } from "effect"
import sharp from "sharp"
import { behaviours, geminiDouble } from "../packages/infra/test/support/geminiDouble.js"
import { median, percentile, round } from "./stats.js"
import { ownerWithRestaurant, report, root, rssMiB, serverEntry, sleep, startApiProcess } from "./support/apiProcess.js"

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 20)
const run = randomBytes(4).toString("hex")
const scope = await Effect.runPromise(Scope.make())
const gemini = await Effect.runPromise(Scope.extend(geminiDouble(behaviours.valid()), scope))
const api = await startApiProcess("uploads", {
  S3_ENDPOINT: process.env.S3_ENDPOINT ?? "http://127.0.0.1:7480",
  S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? "TESTACCESS",
  S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? "TESTSECRET",
  S3_FORCE_PATH_STYLE: "true",
  S3_BUCKET_IMAGES: `bench-${run}-img`,
  S3_BUCKET_MODELS: `bench-${run}-mdl`,
  GEMINI_API_KEY: "bench",
  GEMINI_BASE_URL: gemini.baseUrl,
  WORKER_JOBS_PER_MINUTE: "100000",
  WORKER_HEALTH_PORT: "0",
})
const worker = spawn(process.execPath, serverEntry("worker"), {
  cwd: root,
  // INFO, so its "model worker started" line shows (the API runs at WARN).
  env: { PATH: process.env.PATH ?? "", ...api.settings, LOG_LEVEL: "INFO" },
  stdio: ["ignore", "pipe", "inherit"],
})
try {
  await new Promise<void>((resolve, reject) => {
    worker.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("model worker started")) resolve()
    })
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code}`)))
  })
  const restaurant = await ownerWithRestaurant(api)
  const photos = await Promise.all(
    Array.from({ length: UPLOADS }, (_, i) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="100%" height="100%" fill="#6d4c35"/>
        <circle cx="400" cy="400" r="340" fill="#f4f4f2"/><circle cx="400" cy="400" r="${150 + (i % 5) * 20}" fill="hsl(${(i * 47) % 360},60%,45%)"/></svg>`
      return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer()
    }),
  )
  const peak = { api: rssMiB(api.process.pid ?? 0), worker: rssMiB(worker.pid ?? 0) }
  const idle = { ...peak }
  const sampler = setInterval(() => {
    peak.api = Math.max(peak.api, rssMiB(api.process.pid ?? 0))
    peak.worker = Math.max(peak.worker, rssMiB(worker.pid ?? 0))
  }, 100)
  const start = performance.now()
  const uploadMs: Array<number> = []
  const statuses = new Map<number, number>()
  const ids = await Promise.all(
    photos.map(async (bytes, i) => {
      const form = new FormData()
      form.append("photo", new Blob([bytes], { type: "image/jpeg" }), `dish-${i}.jpg`)
      const reply = await fetch(`${api.baseUrl}/api/restaurants/${restaurant.id}/dishes`, {
        method: "POST",
        body: form,
        headers: { cookie: restaurant.cookie },
      })
      uploadMs.push(performance.now() - start)
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
      if (reply.status !== 201) throw new Error(`upload ${i}: ${reply.status} ${await reply.text()}`)
      return ((await reply.json()) as { id: string }).id
    }),
  )
  const uploadsDone = performance.now() - start
  let counts: Record<string, number> = {}
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const { rows } = await api.db.query<{ model_status: string; n: number }>(
      "SELECT model_status, count(*)::int AS n FROM dishes WHERE id = ANY($1) GROUP BY model_status",
      [ids],
    )
    counts = Object.fromEntries(rows.map((r) => [r.model_status, r.n]))
    if ((counts.ready ?? 0) + (counts.failed ?? 0) === ids.length) break
    await sleep(20)
  }
  const drainedMs = performance.now() - start
  clearInterval(sampler)
  report({
    benchmark: "concurrent uploads to ready",
    uploads: UPLOADS,
    statusCodes: Object.fromEntries(statuses),
    uploadAnsweredMs: { p50: round(median(uploadMs), 0), max: round(Math.max(...uploadMs), 0) },
    allUploadsAnsweredMs: round(uploadsDone, 0),
    allReadyMs: round(drainedMs, 0),
    modelStatus: counts,
    rssMiB: { apiIdle: idle.api, apiPeak: peak.api, workerIdle: idle.worker, workerPeak: peak.worker },
    p95UploadMs: round(percentile(uploadMs, 95), 0),
  })
} finally {
  worker.kill("SIGTERM")
  await Promise.race([new Promise((resolve) => worker.once("exit", resolve)), sleep(10_000)])
  if (worker.exitCode === null) worker.kill("SIGKILL")
  await api.stop()
  await Effect.runPromise(Scope.close(scope, Exit.void))
}
