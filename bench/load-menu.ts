// Load benchmark: diner menu reads (a 12-dish menu) against the API running as its own process, driven by
// autocannon (its own process too) on loopback: 50 and 200 connections, full responses and conditional
// (If-None-Match -> 304) ones. Reports req/s, latency p50/p99 and the API's RSS before and after.
// Rate limits are lifted for the run (every connection comes from 127.0.0.1). Then the same runs against a
// plain Express + pg server on the same database (support/expressMenuServer.ts), the reference point,
// so the ratio is measured on the same machine.
// Run: npx tsx bench/load-menu.ts            (BENCH_DURATION_S=30 per run by default; 4 runs + warm-up)
import { execFile, spawn } from "node:child_process"
import { cpus, totalmem } from "node:os"
import { promisify } from "node:util"
import {
  type BenchApi,
  insertDishes,
  ownerWithRestaurant,
  report,
  root,
  rssMiB,
  startApiProcess,
  waitUntilServing,
} from "./support/apiProcess.js"

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

/** The four 30 s runs (50 and 200 connections, full and conditional) against one server's menu URL. */
const measure = async (url: string, etag: string, pid: number) => {
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
        rssMiB: { before: rssBefore, after: rssMiB(pid) },
      })
    }
  }
  return runs
}

/** GETs the menu once: its body and ETag, after checking it holds the 12 dishes. */
const firstRead = async (url: string) => {
  const response = await fetch(url)
  const body = await response.text()
  if (response.status !== 200 || JSON.parse(body).dishes.length !== 12) throw new Error(`menu not served by ${url}`)
  return { body, etag: response.headers.get("etag") ?? "" }
}

/** The Express + pg reference server on the same database and menu (BENCH_BASELINE=0 skips it). */
const measureBaseline = async (api: BenchApi, slug: string) => {
  const port = 40_000 + Math.floor(Math.random() * 10_000)
  const server = spawn(process.execPath, ["--import", "tsx", "bench/support/expressMenuServer.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: api.databaseUrl, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  })
  try {
    const url = `http://127.0.0.1:${port}/api/menu/${slug}`
    await waitUntilServing(url, server)
    const { etag } = await firstRead(url)
    const pid = server.pid ?? 0
    const rssStart = rssMiB(pid)
    const runs = await measure(url, etag, pid)
    return { rssMiB: { atStart: rssStart, afterAllRuns: rssMiB(pid) }, runs }
  } finally {
    server.kill("SIGTERM")
  }
}

const api = await startApiProcess("menu")
try {
  const restaurant = await ownerWithRestaurant(api)
  await insertDishes(api, restaurant.id, 12)
  const url = `${api.baseUrl}/api/menu/${restaurant.slug}`
  const { body, etag } = await firstRead(url)
  const pid = api.process.pid ?? 0
  const rssStart = rssMiB(pid)
  const runs = await measure(url, etag, pid)
  const rssAfter = rssMiB(pid)
  const baseline = process.env.BENCH_BASELINE === "0" ? undefined : await measureBaseline(api, restaurant.slug)
  report({
    benchmark: "diner menu reads",
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    menuBytes: Buffer.byteLength(body),
    dishes: 12,
    durationSeconds: DURATION_S,
    apiRssMiB: { atStart: rssStart, afterAllRuns: rssAfter },
    runs,
    ...(baseline && {
      expressBaseline: {
        ...baseline,
        ardineOverExpressReqPerSec: runs.map((run, i) => ({
          connections: run.connections,
          request: run.request,
          ratio: Math.round((run.reqPerSec / (baseline.runs[i]?.reqPerSec ?? Number.NaN)) * 100) / 100,
        })),
      },
    }),
  })
} finally {
  await api.stop()
}
