// Scanner benchmark: the INSTREAM client's streaming throughput against clamd's own `clamdscan
// --stream` on the same 50 MB file, and the client's memory for a 10 MB and a 200 MB stream (it must
// not grow with the file; exit 1 if its RSS grows by 20 MiB or more). Uses a private clamd with a 512 MB
// stream limit on its own port.
// Run: npx tsx --expose-gc bench/scanner.ts
import { execFileSync, spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createReadStream, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Duration, Effect, Stream } from "effect"
import { makeMalwareScanner } from "../packages/infra/src/MalwareScanner.js"
import { median, round } from "./stats.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const port = 3498
const dir = join(tmpdir(), "ardine-clamd-bench")
execFileSync("bash", ["scripts/services/clamd.sh"], {
  cwd: root,
  env: { ...process.env, CLAMD_PORT: String(port), CLAMD_DIR: dir, CLAMD_STREAM_MAX: "512M", CLAMD_SCAN_MAX: "1024M" },
  stdio: "inherit",
})

const MiB = 1024 * 1024
const work = join(tmpdir(), `ardine-scan-bench-${randomBytes(4).toString("hex")}`)
mkdirSync(work, { recursive: true })
const file = join(work, "50mb.bin")
// Compressible-ish, not all zeros: a repeated 1 MiB random block.
const block = randomBytes(MiB)
writeFileSync(file, Buffer.concat(Array.from({ length: 50 }, () => block)))

const scanner = makeMalwareScanner({
  host: "127.0.0.1",
  port,
  chunkBytes: 2 * MiB,
  timeout: Duration.minutes(5),
  connectTimeout: Duration.seconds(3),
})
const fromFile = (path: string) =>
  Stream.fromAsyncIterable(createReadStream(path, { highWaterMark: 256 * 1024 }), (e) => e as Error)
// The same 1 MiB block again and again: the stream allocates nothing, so growth is the client's own.
const generated = (bytes: number) => Stream.range(1, Math.ceil(bytes / MiB)).pipe(Stream.map(() => block))

const clientRuns: Array<number> = []
const clamdscanRuns: Array<number> = []
const conf = join(dir, "clamd.conf")
for (let i = 0; i < 5; i++) {
  const t0 = performance.now()
  const verdict = await Effect.runPromise(scanner.scan(fromFile(file)))
  clientRuns.push(performance.now() - t0)
  if (verdict._tag !== "Clean") throw new Error(`unexpected verdict ${verdict._tag}`)
  const t1 = performance.now()
  const run = spawnSync("clamdscan", ["--stream", "--no-summary", `--config-file=${conf}`, file], { encoding: "utf8" })
  clamdscanRuns.push(performance.now() - t1)
  if (!run.stdout.includes("OK")) throw new Error(`clamdscan: ${run.stdout} ${run.stderr}`)
}

/** Peak growth of live memory (V8 heap + buffers) and of RSS while scanning `bytes`, sampled every 10 ms. */
const live = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.external + m.arrayBuffers
}
const memoryFor = async (bytes: number) => {
  globalThis.gc?.()
  const base = live()
  const baseRss = process.memoryUsage().rss
  let peak = base
  let peakRss = baseRss
  const timer = setInterval(() => {
    peak = Math.max(peak, live())
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 10)
  await Effect.runPromise(scanner.scan(generated(bytes)))
  clearInterval(timer)
  return { liveMiB: round((peak - base) / MiB, 1), rssMiB: round((peakRss - baseRss) / MiB, 1) }
}
const small = await memoryFor(10 * MiB)
const large = await memoryFor(200 * MiB)
rmSync(work, { recursive: true, force: true })
// The bound the scanner test used to assert inside a shared test process, where RSS is other tests' too.
const RSS_BOUND_MIB = 20
const withinRssBound = small.rssMiB < RSS_BOUND_MIB && large.rssMiB < RSS_BOUND_MIB

const mbps = (ms: number) => round(50 / (ms / 1000), 0)
console.log(
  JSON.stringify(
    {
      file: "50 MiB",
      clientMs: { median: round(median(clientRuns), 0), runs: clientRuns.map((r) => round(r, 0)) },
      clamdscanMs: { median: round(median(clamdscanRuns), 0), runs: clamdscanRuns.map((r) => round(r, 0)) },
      throughputMiBps: { client: mbps(median(clientRuns)), clamdscan: mbps(median(clamdscanRuns)) },
      clientOverClamdscanTime: round(median(clientRuns) / median(clamdscanRuns), 2),
      memoryGrowth: { stream10MiB: small, stream200MiB: large },
      rssGrowthUnderMiB: { bound: RSS_BOUND_MIB, met: withinRssBound },
    },
    null,
    2,
  ),
)
execFileSync("bash", ["scripts/services/clamd-stop.sh"], {
  cwd: root,
  env: { ...process.env, CLAMD_DIR: dir },
  stdio: "ignore",
})
if (!withinRssBound) {
  console.error(`RSS grew by ${RSS_BOUND_MIB} MiB or more while scanning: the client holds the stream`)
  process.exitCode = 1
}
