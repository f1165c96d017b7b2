// Bytes on the wire for a diner opening the demo menu on a phone, as `npm start` serves it: a production
// build of the web app (with its .br/.gz copies), the API as production runs it serving that build, the demo
// restaurant seeded (SEED_DEMO=true, with its photos). Chromium (Debian's) at 390×844, a fresh cache per run,
// opens /r/demo?table=4 and counts every response's encodedDataLength (headers and body, as transferred):
//   initialJs  JavaScript requested before the menu is usable (its first dish on screen)
//   all        everything once the page has been scrolled to the bottom and the network is quiet
// Medians of BENCH_RUNS runs (default 5): as a phone asks (Accept-Encoding: gzip, deflate, br, zstd), gzip
// only (what nginx's gzip_static gives behind Docker/Helm: its image has no brotli), and, for comparison,
// with compression refused (identity).
// Run: npx tsx bench/diner-bytes.ts
import { execFileSync } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { launchChromium } from "../test/e2e/support/chromium.js"
import { type DinerBytes, isJavaScript, measureDinerBytes } from "../test/e2e/support/dinerBytes.js"
import { median, round } from "./stats.js"
import { report, root, sleep, startApiProcess } from "./support/apiProcess.js"

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const kB = (bytes: number) => round(bytes / 1000, 1)

const webDist = await mkdtemp(join(tmpdir(), "ardine-bench-web-"))
execFileSync("npx", ["--no-install", "vite", "build", "packages/web", "--outDir", webDist, "--emptyOutDir"], {
  cwd: root,
  stdio: "ignore",
})
const api = await startApiProcess("diner_bytes", {
  SEED_DEMO: "true",
  SEED_FILE: join(root, "database/seed/demo.json"),
  WEB_DIST_DIR: webDist,
})
const browser = await launchChromium()
try {
  // The seed draws and stores each dish's photo after the API starts listening.
  const deadline = Date.now() + 60_000
  for (;;) {
    const reply = await fetch(`${api.baseUrl}/api/menu/demo`)
    const menu = reply.ok ? ((await reply.json()) as { dishes: ReadonlyArray<{ imageUrl: string | null }> }) : undefined
    if (menu !== undefined && menu.dishes.length > 0 && menu.dishes.every((dish) => dish.imageUrl !== null)) break
    if (Date.now() > deadline) throw new Error("the demo menu's photos were not seeded in 60 s")
    await sleep(500)
  }
  const url = `${api.baseUrl}/r/demo?table=4`
  const measure = async (acceptEncoding: string | undefined) => {
    const runs: Array<DinerBytes> = []
    const options = acceptEncoding === undefined ? {} : { acceptEncoding }
    for (let i = 0; i < RUNS; i++) runs.push(await measureDinerBytes(browser, url, options))
    const last = runs[runs.length - 1] as DinerBytes
    const byKind = (pick: (mimeType: string) => boolean) =>
      kB(last.transfers.filter((t) => pick(t.mimeType)).reduce((sum, t) => sum + t.bytes, 0))
    return {
      initialJsKB: kB(median(runs.map((run) => run.initialJs))),
      allKB: kB(median(runs.map((run) => run.all))),
      usableMs: Math.round(median(runs.map((run) => run.usableMs))),
      initialJsFiles: last.transfers.filter((t) => t.beforeUsable && isJavaScript(t)).length,
      lastRunByKindKB: {
        javascript: byKind((m) => /javascript/.test(m)),
        css: byKind((m) => m === "text/css"),
        html: byKind((m) => m === "text/html"),
        json: byKind((m) => m === "application/json"),
        images: byKind((m) => m.startsWith("image/")),
      },
      encodings: [...new Set(last.transfers.map((t) => t.encoding ?? "identity"))],
    }
  }
  report({
    url: `/r/demo?table=4 at 390x844 (3x, mobile), fresh cache, Chromium ${browser.version()}`,
    runs: RUNS,
    browserDefault: await measure(undefined),
    gzipOnly: await measure("gzip"),
    identity: await measure("identity"),
  })
} finally {
  await browser.close()
  await api.stop()
  await rm(webDist, { recursive: true, force: true })
  await rm(api.settings.STORAGE_DIR ?? "", { recursive: true, force: true })
}
