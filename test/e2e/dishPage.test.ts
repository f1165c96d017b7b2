// Browser: the diner's dish page is never an empty box. Until the 3D model is on screen the dish's photo fills
// the frame with the loading progress over it, then the model replaces it; "Add to order" is on the first
// screen of a 390×844 phone; touching a dish card starts downloading the viewer before the tap. The real stack
// (production build, API, model worker) with the demo restaurant and its models, as `npm start` has them.
// bench/dish-page-slow4g.ts times the same page on a throttled slow-4G connection.
import { join } from "node:path"
import { Effect } from "effect"
import type { Browser, Request } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { loadDemoSeed, seedDemo, seedDemoPhotos } from "../../packages/api/src/seed/seed.js"
import { launchChromium } from "./support/chromium.js"
import { menuUsable, phone } from "./support/dinerBytes.js"
import { type DemoDish, demoDishWithModel, recordModelLoad, viewerChunkOf } from "./support/dishPage.js"
import { repoRoot, type Stack, startStack } from "./support/stack.js"

let stack: Stack
let dish: DemoDish
let viewerChunk: string
let browser: Browser

beforeAll(async () => {
  stack = await startStack(join(repoRoot, "test-artifacts", "dish-page"))
  // Seeded as `npm start` seeds it: the dishes, their drawn photos, and their models queued for the worker.
  const seeded = await stack.api.run(Effect.flatMap(loadDemoSeed, seedDemo))
  await stack.api.run(seedDemoPhotos(seeded.restaurantId))
  dish = await demoDishWithModel(stack.baseUrl)
  viewerChunk = await viewerChunkOf(stack.webDist)
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close().catch(() => undefined)
  await stack?.close()
}, 60_000)

// This file is type-checked without the DOM's types: the little of them the page functions use.
interface LoadedImage {
  readonly complete: boolean
  readonly naturalWidth: number
}
interface PageElement {
  getBoundingClientRect(): { x: number; y: number; width: number; height: number }
  contains(other: unknown): boolean
}

const modelLoaded = () => (globalThis as { __modelLoadedAt?: number }).__modelLoadedAt !== undefined

describe("the dish page on a phone", () => {
  it("shows the photo with progress until the model replaces it, and Add to order without scrolling", async () => {
    const context = await browser.newContext(phone)
    try {
      const page = await context.newPage()
      await page.addInitScript(recordModelLoad)
      // The viewer's code is held back until the photo has been checked: the state a slow connection is in.
      let release: () => void = () => undefined
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      await page.route(`**${viewerChunk}`, async (route) => {
        await released
        await route.continue()
      })
      await page.goto(`${stack.baseUrl}/r/demo/dish/${dish.id}?table=4`)

      const frame = page.locator(".dish-stage .model-frame")
      const photo = frame.locator("img.dish-photo")
      await photo.waitFor({ state: "visible", timeout: 15_000 })
      await expect.poll(() => photo.evaluate((img: LoadedImage) => img.complete && img.naturalWidth > 0)).toBe(true)
      expect(await page.locator("model-viewer").count()).toBe(0)
      const [frameBox, photoBox] = await Promise.all([frame.boundingBox(), photo.boundingBox()])
      expect(frameBox?.width).toBeGreaterThan(300)
      expect(photoBox).toEqual(frameBox)
      await frame.getByRole("progressbar").waitFor({ state: "visible" })

      // On the first screen, not under anything, with the page unscrolled.
      const add = page.getByRole("button", { name: /^Add to order/ })
      const addBox = await add.boundingBox()
      expect(addBox).not.toBeNull()
      expect((addBox?.y ?? 0) + (addBox?.height ?? 0)).toBeLessThanOrEqual(phone.viewport.height)
      expect(await page.evaluate("window.scrollY")).toBe(0)
      // Nothing covers its middle (as a fixed cart bar could).
      const onTop = await add.evaluate((button: PageElement) => {
        const box = button.getBoundingClientRect()
        const { document } = globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }
        return button.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2))
      })
      expect(onTop).toBe(true)

      release()
      await page.waitForFunction(modelLoaded, null, { timeout: 90_000 })
      await frame.locator(".model-poster").waitFor({ state: "hidden", timeout: 5_000 })
      await page.locator("model-viewer").waitFor({ state: "visible" })
      expect(await frame.getByRole("progressbar").count()).toBe(0)
    } finally {
      await context.close()
    }
  }, 150_000)

  it("starts downloading the viewer when a finger touches a 3D dish's card, not before", async () => {
    const context = await browser.newContext(phone)
    try {
      const page = await context.newPage()
      await page.addInitScript(recordModelLoad)
      const viewerRequests: Array<Request> = []
      page.on("request", (request) => {
        if (new URL(request.url()).pathname === viewerChunk) viewerRequests.push(request)
      })
      await page.goto(`${stack.baseUrl}/r/demo?table=4`)
      await page.locator(menuUsable).first().waitFor({ state: "visible", timeout: 30_000 })
      await page.waitForLoadState("networkidle")
      expect(viewerRequests).toHaveLength(0)

      // A finger lands on the card and lifts off as a scroll would: no tap, no navigation.
      const link = page.locator("li.dish-card", { hasText: dish.name }).locator("a.dish-card-link")
      await link.scrollIntoViewIfNeeded()
      const box = await link.boundingBox()
      if (box === null) throw new Error("the dish card has no box")
      const cdp = await context.newCDPSession(page)
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      const requested = page.waitForRequest((request) => new URL(request.url()).pathname === viewerChunk, {
        timeout: 5_000,
      })
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] })
      await cdp.send("Input.dispatchTouchEvent", { type: "touchCancel", touchPoints: [] })
      await requested
      expect(new URL(page.url()).pathname).toBe("/r/demo")

      // The tap opens the dish; its model loads with the code already asked for, which is not fetched again.
      await link.tap()
      await page.waitForFunction(modelLoaded, null, { timeout: 90_000 })
      expect(viewerRequests).toHaveLength(1)
    } finally {
      await context.close()
    }
  }, 150_000)
})
