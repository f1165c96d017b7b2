// The diner's dish page on a slow 4G phone: how soon after the tap on a dish card the frame shows the dish's
// photo, and when the 3D model replaces it. The real stack (a production build of the web app, the API, the
// model worker) with the demo restaurant and its models, as `npm start` has them. Debian's Chromium at 390×844
// (3x, touch), a fresh cache per run, its network throttled through the DevTools protocol
// (Network.emulateNetworkConditions: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) from the first request.
// The menu is opened and left to settle, then a 3D dish's card is tapped. Timed in the page, from the tap's click:
//   photoMs      the photo in the frame is complete and visible (and a frame has been painted since)
//   viewerMs     the <model-viewer> element is on the page (its code has arrived and run)
//   modelFileMs  the model's GLB has arrived (resource timing's responseEnd), and its size as transferred
//   modelMs      model-viewer's `load`: the model is on screen and the photo fades out
// Two ways a diner reaches the card: `tap` (the touch that starts the viewer's download is the tap itself) and
// `touchedFirst` (a finger rested on the card BENCH_TOUCH_LEAD_MS before the tap, as when scrolling past it).
// Medians of BENCH_RUNS runs (default 3). Run: npx tsx bench/dish-page-slow4g.ts
import { execFileSync } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser } from "playwright-core"
import { launchChromium } from "../test/e2e/support/chromium.js"
import { menuUsable, phone } from "../test/e2e/support/dinerBytes.js"
import { demoDishWithModel, recordModelLoad, slow4g, throttle } from "../test/e2e/support/dishPage.js"
import { median } from "./stats.js"
import { report, root, sleep, startApiProcess } from "./support/apiProcess.js"
import { spawnWorker } from "./support/workerProcess.js"

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const TOUCH_LEAD_MS = Number(process.env.BENCH_TOUCH_LEAD_MS ?? 1_000)

// From the first click on: a frame loop that notes when the frame's photo is painted and when the viewer
// element arrives. The model's `load` is noted by recordModelLoad.
const recordDishPage = `
  window.__dishPage = {}
  document.addEventListener("click", () => {
    const marks = window.__dishPage
    if (marks.tapAt !== undefined) return
    marks.tapAt = performance.now()
    let photoComplete = false
    const watch = () => {
      if (marks.viewerAt === undefined && document.querySelector(".dish-stage model-viewer")) marks.viewerAt = performance.now()
      if (photoComplete && marks.photoAt === undefined) marks.photoAt = performance.now()
      const img = document.querySelector(".dish-stage .model-poster img.dish-photo")
      if (img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0 &&
          getComputedStyle(img.parentElement.closest(".model-poster")).visibility === "visible") photoComplete = true
      if (marks.photoAt === undefined || marks.viewerAt === undefined) requestAnimationFrame(watch)
    }
    requestAnimationFrame(watch)
  }, true)
`

/** The few fields of a PerformanceResourceTiming read here (this file has no DOM types). */
interface ResourceTiming {
  readonly name: string
  readonly responseEnd: number
  readonly transferSize: number
}

interface Marks {
  readonly tapAt: number
  readonly photoAt: number
  readonly viewerAt: number
  readonly modelAt: number
  readonly modelFileAt: number
  readonly modelFileBytes: number
}

interface Run {
  readonly photoMs: number
  readonly viewerMs: number
  readonly modelMs: number
  readonly modelFileMs: number
  readonly modelFileBytes: number
}

const measure = async (
  browser: Browser,
  baseUrl: string,
  dishName: string,
  scenario: "tap" | "touchedFirst",
): Promise<Run> => {
  const context = await browser.newContext(phone)
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send("Network.enable")
    await throttle(cdp)
    await page.addInitScript(recordModelLoad)
    await page.addInitScript(recordDishPage)
    await page.goto(`${baseUrl}/r/demo?table=4`)
    await page.locator(menuUsable).first().waitFor({ state: "visible", timeout: 60_000 })
    await page.waitForLoadState("networkidle", { timeout: 60_000 })
    const link = page.locator("li.dish-card", { hasText: dishName }).locator("a.dish-card-link")
    await link.scrollIntoViewIfNeeded()
    if (scenario === "touchedFirst") {
      const box = await link.boundingBox()
      if (box === null) throw new Error("the dish card has no box")
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] })
      await cdp.send("Input.dispatchTouchEvent", { type: "touchCancel", touchPoints: [] })
      await sleep(TOUCH_LEAD_MS)
    }
    await link.tap()
    // Functions, not strings: the app's CSP refuses eval, which a string predicate would need.
    const marksOf = () => {
      const page = globalThis as unknown as {
        __dishPage: Partial<Marks>
        __modelLoadedAt?: number
        performance: { getEntriesByType(type: "resource"): ReadonlyArray<ResourceTiming> }
      }
      const glb = page.performance.getEntriesByType("resource").find((entry) => /\.glb$/.test(entry.name))
      return {
        ...page.__dishPage,
        modelAt: page.__modelLoadedAt,
        modelFileAt: glb?.responseEnd,
        modelFileBytes: glb?.transferSize,
      }
    }
    await page.waitForFunction(
      () => {
        const page = globalThis as unknown as { __dishPage: Partial<Marks>; __modelLoadedAt?: number }
        return page.__modelLoadedAt !== undefined && page.__dishPage.photoAt !== undefined
      },
      null,
      { timeout: 180_000 },
    )
    const marks = (await page.evaluate(marksOf)) as Marks
    return {
      photoMs: marks.photoAt - marks.tapAt,
      viewerMs: marks.viewerAt - marks.tapAt,
      modelMs: marks.modelAt - marks.tapAt,
      modelFileMs: marks.modelFileAt - marks.tapAt,
      modelFileBytes: marks.modelFileBytes,
    }
  } finally {
    await context.close()
  }
}

const webDist = await mkdtemp(join(tmpdir(), "ardine-bench-web-"))
execFileSync("npx", ["--no-install", "vite", "build", "packages/web", "--outDir", webDist, "--emptyOutDir"], {
  cwd: root,
  stdio: "ignore",
})
// The API seeds the demo restaurant (SEED_DEMO=true): dishes, drawn photos, model jobs; the worker builds them.
const api = await startApiProcess("dish_page", {
  SEED_DEMO: "true",
  SEED_FILE: join(root, "database/seed/demo.json"),
  WEB_DIST_DIR: webDist,
})
const worker = spawnWorker(["--import", "tsx", "packages/worker/src/main.ts"], {
  ...api.settings,
  WORKER_HEALTH_PORT: "0",
  WORKER_HEALTH_HOST: "127.0.0.1",
})
const browser = await launchChromium()
try {
  const dish = await demoDishWithModel(api.baseUrl)
  const summarise = (runs: ReadonlyArray<Run>) => ({
    photoMs: Math.round(median(runs.map((run) => run.photoMs))),
    viewerMs: Math.round(median(runs.map((run) => run.viewerMs))),
    modelFileMs: Math.round(median(runs.map((run) => run.modelFileMs))),
    modelMs: Math.round(median(runs.map((run) => run.modelMs))),
    modelFileKB: Math.round(median(runs.map((run) => run.modelFileBytes)) / 1000),
    runs: runs.map((run) => ({
      photoMs: Math.round(run.photoMs),
      viewerMs: Math.round(run.viewerMs),
      modelFileMs: Math.round(run.modelFileMs),
      modelMs: Math.round(run.modelMs),
    })),
  })
  const scenarios: Record<string, ReturnType<typeof summarise>> = {}
  for (const scenario of ["tap", "touchedFirst"] as const) {
    const runs: Array<Run> = []
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, api.baseUrl, dish.name, scenario))
    scenarios[scenario] = summarise(runs)
  }
  report({
    page: `/r/demo/dish/<id> of "${dish.name}", tapped from the menu at 390x844 (3x, touch), fresh cache`,
    network: slow4g,
    chromium: browser.version(),
    runs: RUNS,
    touchLeadMs: TOUCH_LEAD_MS,
    ...scenarios,
  })
} finally {
  await browser.close()
  await worker.stop()
  await api.stop()
  await rm(webDist, { recursive: true, force: true })
  await rm(api.settings.STORAGE_DIR ?? "", { recursive: true, force: true })
}
