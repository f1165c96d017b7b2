// Load benchmark: 20 dish photos uploaded at the same moment through the API (its own process), with real
// Postgres, Redis, clamd and S3 (Ceph RGW on 127.0.0.1:7480) and the Gemini REST double answering at once;
// the worker (its own process, concurrency 2, its 10 jobs/min cost guard lifted) drains the queue.
// Reports: every upload's status, time until every dish is `ready`, and the peak RSS of API and worker.
// Run: bash scripts/services/clamd.sh && bash scripts/services/s3.sh && npx tsx bench/load-uploads.ts
import { median, percentile, round } from "./stats.js"
import { ownerWithRestaurant, report, rssMiB, serverEntry, sleep, startApiProcess } from "./support/apiProcess.js"
import { dishPhoto, uploadDishPhoto } from "./support/dishPhotos.js"
import { startModelPipeline } from "./support/modelPipeline.js"
import { spawnWorker } from "./support/workerProcess.js"

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 20)
const pipeline = await startModelPipeline()
const api = await startApiProcess("uploads", pipeline.settings)
const worker = spawnWorker(serverEntry("worker"), api.settings)
try {
  await worker.started
  const restaurant = await ownerWithRestaurant(api)
  const photos = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => dishPhoto(i)))
  const peak = { api: rssMiB(api.process.pid ?? 0), worker: rssMiB(worker.process.pid ?? 0) }
  const idle = { ...peak }
  const sampler = setInterval(() => {
    peak.api = Math.max(peak.api, rssMiB(api.process.pid ?? 0))
    peak.worker = Math.max(peak.worker, rssMiB(worker.process.pid ?? 0))
  }, 100)
  const start = performance.now()
  const uploadMs: Array<number> = []
  const statuses = new Map<number, number>()
  const ids = await Promise.all(
    photos.map(async (bytes, i) => {
      const reply = await uploadDishPhoto(api.baseUrl, restaurant, bytes, i)
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
  await worker.stop()
  await api.stop()
  await pipeline.close()
}
