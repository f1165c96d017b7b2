// Browser: what a diner's phone downloads for the demo menu, counted by Chromium on the wire. Fails if the
// JavaScript needed before the menu is usable grows over 120 kB as transferred (brotli, or gzip alone as
// behind nginx), or if the app's scripts, styles or the menu stop being compressed. The real production
// build (with its .br/.gz copies) served by the real API; the demo restaurant as `npm start` seeds it.
// bench/diner-bytes.ts reports the same figures.
import { mkdir, readdir } from "node:fs/promises"
import { join } from "node:path"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { Effect } from "effect"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { loadDemoSeed, seedDemo } from "../../packages/api/src/seed/seed.js"
import { launchChromium } from "./support/chromium.js"
import { isJavaScript, measureDinerBytes } from "./support/dinerBytes.js"
import { buildWeb, repoRoot } from "./support/stack.js"

/** The diner's budget (docs/PERFORMANCE.md): JavaScript before the menu is usable, compressed, all files. */
const initialJsBudget = 120_000

let api: TestApi
let browser: Browser
let webDist: string

beforeAll(async () => {
  const logDir = join(repoRoot, "test-artifacts")
  await mkdir(logDir, { recursive: true })
  // No model worker: the menu is usable without 3D models, and the bytes counted here do not depend on them.
  webDist = await buildWeb(logDir)
  api = await startTestApi({ WEB_DIST_DIR: webDist })
  await api.run(Effect.flatMap(loadDemoSeed, seedDemo))
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close().catch(() => undefined)
  await api?.close()
}, 60_000)

describe("the diner's phone, on the wire", () => {
  it("loads at most 120 kB of compressed JavaScript before the menu is usable", async () => {
    const measured = await measureDinerBytes(browser, `${api.baseUrl}/r/demo?table=4`)
    const scripts = measured.transfers.filter((transfer) => transfer.beforeUsable && isJavaScript(transfer))
    const listing = scripts.map((s) => `${s.bytes} ${s.encoding ?? "identity"} ${new URL(s.url).pathname}`).join("\n")
    expect(scripts.length, listing).toBeGreaterThan(0)
    expect(measured.initialJs, listing).toBeLessThanOrEqual(initialJsBudget)
    // The owners' typed client (the whole HttpApi contract) is built, and stays off the diner's first load.
    expect((await readdir(join(webDist, "assets"))).some((file) => /^owner-api-.*\.js$/.test(file))).toBe(true)
    expect(listing).not.toMatch(/owner-api/)

    // Every script, stylesheet and JSON answer worth compressing came compressed (a few small chunks are not).
    const textual = measured.transfers.filter((t) => /javascript|text\/css|application\/json/.test(t.mimeType))
    const large = textual.filter((t) => t.bytes > 4_096 || /\/api\/menu\//.test(t.url))
    expect(large.length).toBeGreaterThan(0)
    for (const transfer of large) expect(transfer.encoding, transfer.url).toMatch(/^(br|gzip)$/)
  }, 120_000)

  it("stays within the budget with gzip alone, as behind nginx (whose image has no brotli)", async () => {
    const measured = await measureDinerBytes(browser, `${api.baseUrl}/r/demo?table=4`, { acceptEncoding: "gzip" })
    const scripts = measured.transfers.filter((transfer) => transfer.beforeUsable && isJavaScript(transfer))
    const listing = scripts.map((s) => `${s.bytes} ${s.encoding ?? "identity"} ${new URL(s.url).pathname}`).join("\n")
    expect(measured.initialJs, listing).toBeLessThanOrEqual(initialJsBudget)
    expect(
      scripts.filter((s) => s.bytes > 4_096).every((s) => s.encoding === "gzip"),
      listing,
    ).toBe(true)
  }, 120_000)

  it("would be several times heavier uncompressed (what the budget above depends on)", async () => {
    const compressed = await measureDinerBytes(browser, `${api.baseUrl}/r/demo?table=4`)
    const identity = await measureDinerBytes(browser, `${api.baseUrl}/r/demo?table=4`, { acceptEncoding: "identity" })
    expect(identity.transfers.every((transfer) => transfer.encoding === undefined)).toBe(true)
    expect(identity.initialJs).toBeGreaterThan(initialJsBudget * 2)
    expect(compressed.initialJs).toBeLessThan(identity.initialJs / 2.5)
  }, 120_000)
})
