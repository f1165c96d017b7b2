// Load benchmark: diner menu reads (a 12-dish menu) against the API running as its own process, driven by
// autocannon (its own process too) on loopback: 50 and 200 connections, full responses and conditional
// (If-None-Match -> 304) ones. Reports req/s, latency p50/p99 and the API's RSS before and after.
// Rate limits are lifted for the run (every connection comes from 127.0.0.1).
// Run: npx tsx bench/load-menu.ts            (BENCH_DURATION_S=30 per run by default; 4 runs + warm-up)
import { execFile } from "node:child_process"
import { cpus, totalmem } from "node:os"
import { promisify } from "node:util"
import { insertDishes, ownerWithRestaurant, report, root, rssMiB, startApiProcess } from "./support/apiProcess.js"

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30)
const run = promisify(execFile)

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number }
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number }
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly statusCodeStats?: Record<string, { readonly count: number }>
}

const autocannon = async (url: string, connections: number, seconds: number, headers: ReadonlyArray<string>) => {
  const { stdout } = await run(
    "node",
    [
      "node_modules/autocannon/autocannon.js",
      "--json",
      "-c",
      String(connections),
      "-d",
      String(seconds),
      ...headers.flatMap((h) => ["-H", h]),
      url,
    ],
    { cwd: root, maxBuffer: 64 * 2 ** 20 },
  )
  return JSON.parse(stdout) as AutocannonResult
}

const api = await startApiProcess("menu")
try {
  const restaurant = await ownerWithRestaurant(api)
  await insertDishes(api, restaurant.id, 12)
  const url = `${api.baseUrl}/api/menu/${restaurant.slug}`
  const first = await fetch(url)
  const body = await first.text()
  const etag = first.headers.get("etag") ?? ""
  if (first.status !== 200 || JSON.parse(body).dishes.length !== 12) throw new Error("menu not served")
  const pid = api.process.pid ?? 0
  const rssStart = rssMiB(pid)
  await autocannon(url, 50, 3, []) // warm-up (JIT, pools)
  const runs = []
  for (const connections of [50, 200]) {
    for (const conditional of [false, true]) {
      const rssBefore = rssMiB(pid)
      const result = await autocannon(url, connections, DURATION_S, conditional ? [`if-none-match: ${etag}`] : [])
      runs.push({
        connections,
        request: conditional ? "If-None-Match (304)" : "full (200)",
        reqPerSec: Math.round(result.requests.average),
        latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
        total: result.requests.total,
        errors: result.errors + result.timeouts,
        statusCodes: Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
        ),
        apiRssMiB: { before: rssBefore, after: rssMiB(pid) },
      })
    }
  }
  report({
    benchmark: "diner menu reads",
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    menuBytes: Buffer.byteLength(body),
    dishes: 12,
    durationSeconds: DURATION_S,
    apiRssMiB: { atStart: rssStart, afterAllRuns: rssMiB(pid) },
    runs,
  })
} finally {
  await api.stop()
}
