// Browser end-to-end: Debian's Chromium driven by playwright-core against the real stack (web build,
// API, worker, Postgres, Redis, clamd). One owner and one diner walk through the whole product.
import { randomBytes } from "node:crypto"
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { AxeResults } from "axe-core"
import type { Browser, BrowserContext, Page } from "playwright-core"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launchChromium } from "./support/chromium.js"
import { repoRoot, type Stack, startStack } from "./support/stack.js"

const artifacts = join(repoRoot, "test-artifacts")
const screenshots = join(artifacts, "screenshots")
const docsScreenshots = join(repoRoot, "docs/screenshots")
const axePath = join(repoRoot, "node_modules/axe-core/axe.min.js")

const desktop = { width: 1280, height: 800 }
const phone = { width: 390, height: 844 }

let stack: Stack
let browser: Browser
const contexts: Array<BrowserContext> = []

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true })
  await mkdir(docsScreenshots, { recursive: true })
  stack = await startStack(artifacts)
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close().catch(() => undefined)
  await stack?.close()
}, 60_000)

// --------------------------------------------------------------------------------------- helpers

interface Violation {
  readonly screen: string
  readonly id: string
  readonly impact: string
  readonly help: string
  readonly targets: ReadonlyArray<string>
}
const violations: Array<Violation> = []
let axeSource: string | undefined

/** axe-core on the page as it is now; serious and critical violations are collected for the final check. */
const audit = async (page: Page, screen: string): Promise<void> => {
  // The app's CSP refuses inline scripts, so `addScriptTag` cannot inject axe; DevTools evaluation can.
  axeSource ??= await readFile(axePath, "utf8")
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(axeSource)
  const results = (await page.evaluate("window.axe.run(document)")) as AxeResults
  for (const v of results.violations) {
    if (v.impact === "serious" || v.impact === "critical") {
      violations.push({
        screen,
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")),
      })
    }
  }
}

/** Screenshots at desktop and phone sizes; the page returns to `restore` afterwards. */
const shoot = async (page: Page, name: string, restore: { width: number; height: number }): Promise<void> => {
  for (const [label, size] of [
    ["desktop", desktop],
    ["phone", phone],
  ] as const) {
    await page.setViewportSize(size)
    await page.waitForTimeout(250)
    await page.screenshot({ path: join(screenshots, `${name}-${label}.png`) })
  }
  await page.setViewportSize(restore)
}

/** A README screenshot: PNG at 1x, palette-quantised so it stays small. */
const docsShot = async (png: Buffer, name: string): Promise<void> => {
  await sharp(png)
    .png({ palette: true, quality: 85, compressionLevel: 9 })
    .toFile(join(docsScreenshots, `${name}.png`))
}

/** Marks the document; a later `expectSameDocument` fails if the page was reloaded meanwhile. */
const markDocument = (page: Page) => page.evaluate("window.__e2eMark = true")
const expectSameDocument = async (page: Page) => expect(await page.evaluate("window.__e2eMark === true")).toBe(true)

/** A plate of food seen from above, as a phone would photograph it. */
const dishPhoto = () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
    <rect width="100%" height="100%" fill="#6b4f3a"/>
    <circle cx="600" cy="450" r="400" fill="#f4f1ea"/><circle cx="600" cy="450" r="300" fill="#e6e0d4"/>
    <ellipse cx="580" cy="440" rx="190" ry="140" fill="#c8642a"/>
    <ellipse cx="540" cy="400" rx="90" ry="50" fill="#e08a4a"/>
    <circle cx="700" cy="510" r="40" fill="#3f8a2f"/><circle cx="640" cy="570" r="26" fill="#52a23a"/>
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()
}

// ------------------------------------------------------------------------------------------ test

describe("Ardine in a browser", () => {
  it("an owner sets up a menu with a 3D dish, a diner orders it, and both follow the order live", async () => {
    const tag = randomBytes(3).toString("hex")
    const slug = `bistro-${tag}`

    // ---- Owner: sign up, set up the restaurant (desktop).
    const ownerContext = await browser.newContext({ viewport: desktop, baseURL: stack.baseUrl })
    contexts.push(ownerContext)
    const owner = await ownerContext.newPage()
    await owner.goto("/signup")
    await owner.getByLabel("Your name").fill("Ada Owner")
    await owner.getByLabel("Email").fill(`ada-${tag}@example.test`)
    await owner.getByLabel("Password").fill("correct horse battery")
    await audit(owner, "sign up")
    await shoot(owner, "01-signup", desktop)
    await owner.getByRole("button", { name: "Create account" }).click()

    await owner.waitForURL("**/owner/new")
    await owner.getByLabel("Restaurant name").fill("Bistro Ardine")
    await owner.getByLabel("Web address").fill(slug)
    await owner.getByLabel("Tax rate").fill("10")
    // A euro restaurant's menu prices include tax unless the owner says otherwise; it takes cash and card.
    expect(await owner.getByLabel("Menu prices include tax").isChecked()).toBe(true)
    expect(await owner.getByRole("checkbox", { name: /UPI/ }).isChecked()).toBe(false)
    await owner.getByLabel("Number of tables").fill("6")
    await audit(owner, "restaurant setup")
    await shoot(owner, "02-restaurant-setup", desktop)
    await owner.locator("form").getByRole("button").last().click()
    await owner.waitForURL(/\/owner\/[^/]+\/menu$/)
    const restaurantPath = new URL(owner.url()).pathname.replace(/\/menu$/, "")
    await owner.getByText("No dishes yet").waitFor()
    await audit(owner, "owner menu (empty)")
    await markDocument(owner)

    // ---- Owner: upload a dish photo and watch its 3D model become ready, live.
    await owner.locator('input[type="file"][multiple]').setInputFiles({
      name: "risotto.jpg",
      mimeType: "image/jpeg",
      buffer: await dishPhoto(),
    })
    const editor = owner.locator("dialog.dish-editor")
    await editor.waitFor({ state: "visible", timeout: 30_000 })
    await editor.getByText("3D model ready").waitFor({ timeout: 90_000 })
    await expectSameDocument(owner)
    await editor.locator(".model-preview model-viewer").waitFor({ state: "attached", timeout: 20_000 })
    // The new dish is a draft: not on the menu, and its Publish button says what it still needs.
    const draftCard = owner.locator(".owner-dish.is-draft")
    expect(await draftCard.locator("button.button-primary").isDisabled()).toBe(true)
    expect(await draftCard.locator(".draft-needs").textContent()).toContain("confirmed allergens")
    const publicMenu = (await (await fetch(`${stack.baseUrl}/api/menu/${slug}`)).json()) as {
      dishes: ReadonlyArray<unknown>
    }
    expect(publicMenu.dishes).toEqual([])
    await editor.getByText("Adjust the shape").click()
    await audit(owner, "dish editor")
    await shoot(owner, "03-dish-editor", desktop)
    await editor.getByLabel("Name", { exact: true }).fill("Tomato risotto")
    await editor.getByLabel("Price").fill("12.50")
    await editor.getByLabel("Category").fill("Mains")
    await editor.getByLabel("Description").fill("Carnaroli rice, roast tomatoes, parmesan.")
    await editor.getByLabel("Portion").fill("300 g")
    await editor.getByLabel("Contains the allergens ticked below").check()
    await editor.locator("label.chip", { hasText: /^✓Milk$/ }).click()
    await editor.locator(".allergen-answer").scrollIntoViewIfNeeded()
    await shoot(owner, "03-dish-allergens", desktop)
    await editor.getByRole("button", { name: "Save dish" }).click()
    await editor.waitFor({ state: "hidden" })
    const dishCard = owner.locator(".owner-dish", { hasText: "Tomato risotto" })
    await dishCard.getByText("ready to publish").waitFor()
    await shoot(owner, "04-owner-draft", desktop)
    await dishCard.getByRole("button", { name: "Publish Tomato risotto" }).click()
    await dishCard.getByRole("button", { name: "Unpublish Tomato risotto" }).waitFor()
    await dishCard.getByText("3D model ready").waitFor()
    await audit(owner, "owner menu")
    await shoot(owner, "04-owner-menu", desktop)
    await docsShot(await owner.screenshot(), "owner-menu")

    // ---- Owner: the printed sheet, one QR code per table with its token and a short address to type.
    await owner.getByRole("link", { name: "Tables & QR" }).click()
    await owner.waitForURL(`**${restaurantPath}/tables`)
    const tableTwo = owner.locator(".qr-card", { hasText: "Table 2" })
    const tableTwoLink = (await tableTwo.locator("a.qr-url").getAttribute("href")) ?? ""
    expect(tableTwoLink).toMatch(new RegExp(`/r/${slug}\\?table=2#token=[A-Za-z0-9_-]{43}$`))
    const shortAddress = (await tableTwo.locator(".qr-short-url").textContent()) ?? ""
    expect(shortAddress).toMatch(/\/t\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    await audit(owner, "tables and QR codes")
    await shoot(owner, "04b-tables", desktop)

    // ---- Owner: the kitchen board waits for orders.
    await owner.getByRole("link", { name: "Kitchen" }).click()
    await owner.waitForURL(`**${restaurantPath}/kitchen`)
    await owner.locator(".kitchen, main").first().waitFor()
    await owner.waitForTimeout(500)
    await audit(owner, "kitchen (empty)")
    await markDocument(owner)

    // ---- Diner (phone): the QR link, an allergen filter, the 3D view, the cart, the order.
    const dinerContext = await browser.newContext({
      viewport: phone,
      baseURL: stack.baseUrl,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    })
    contexts.push(dinerContext)
    const diner = await dinerContext.newPage()
    // model-viewer's `load` does not bubble; a capturing listener on the document still sees it.
    await diner.addInitScript({
      content: `document.addEventListener("load", (event) => {
        if (event.target && event.target.tagName === "MODEL-VIEWER") window.__modelLoaded = true
      }, true)`,
    })
    // A table the restaurant does not have is an error on the page, not the last table used.
    await diner.goto(`/r/${slug}?table=9`)
    await diner.locator(".unknown-table").getByText("has no table “9”").waitFor()
    // The short address from the card leads to the menu at table 2, with the table's token.
    await diner.goto(`/${shortAddress.split("/").slice(1).join("/")}`)
    await diner.waitForURL((url) => url.href === tableTwoLink)
    await diner.getByText("Tomato risotto").first().waitFor()
    expect(await diner.locator(".unknown-table").count()).toBe(0)
    await audit(diner, "diner menu")
    await shoot(diner, "05-diner-menu", phone)
    await docsShot(await diner.screenshot(), "diner-menu")

    await diner.getByRole("button", { name: "Filters" }).click()
    await diner.locator("#menu-filters label.chip", { hasText: /Milk$/ }).click()
    await expect.poll(() => diner.locator(".dish-card", { hasText: "Tomato risotto" }).count()).toBe(0)
    await audit(diner, "diner menu filtered")
    await shoot(diner, "06-diner-filtered", phone)
    await diner.locator("#menu-filters label.chip", { hasText: /Milk$/ }).click()
    await diner.getByRole("button", { name: "Filters" }).click()

    await diner
      .getByRole("link", { name: /Tomato risotto/ })
      .first()
      .click()
    await diner.waitForURL(/\/dish\//)
    await diner.waitForFunction(() => (globalThis as { __modelLoaded?: boolean }).__modelLoaded === true, null, {
      timeout: 45_000,
    })
    await diner.waitForTimeout(1_000)
    // iOS gets the server-built USDZ at fixed, real size instead of converting the GLB on the phone.
    const viewer = diner.locator("model-viewer")
    expect(await viewer.getAttribute("ar-scale")).toBe("fixed")
    const iosSrc = (await viewer.getAttribute("ios-src")) ?? ""
    expect(iosSrc).toMatch(/\/dishes\/[\da-f-]{36}\/model-v\d+-[\da-f]{16}\.usdz#allowsContentScaling=0$/)
    const usdz = await fetch(new URL(iosSrc, stack.baseUrl))
    expect(usdz.status).toBe(200)
    expect(usdz.headers.get("content-type")).toBe("model/vnd.usdz+zip")
    const viewerShot = await viewer.screenshot()
    const meta = await sharp(viewerShot).metadata()
    const width = meta.width ?? 0
    const height = meta.height ?? 0
    const centre = await sharp(viewerShot)
      .extract({
        left: Math.round(width * 0.3),
        top: Math.round(height * 0.3),
        width: Math.round(width * 0.4),
        height: Math.round(height * 0.4),
      })
      .stats()
    const spread = Math.max(...centre.channels.slice(0, 3).map((channel) => channel.stdev))
    expect(spread, "the 3D view's centre shows something, not a blank canvas").toBeGreaterThan(8)
    await audit(diner, "dish 3D view")
    await shoot(diner, "07-dish-3d", phone)
    await docsShot(await diner.screenshot(), "dish-3d")

    await diner.getByRole("button", { name: /Add/ }).first().click()
    await diner.getByRole("link", { name: /View order/ }).click()
    await diner.waitForURL(/\/cart/)
    await diner.getByLabel("Your name").fill("Grace")
    await diner.getByLabel("Phone").fill("+44 20 7946 0000")
    expect(await diner.locator(".cart-table").textContent()).toContain("Table 2")
    // The menu price is what the diner pays: 12.50, of which 10 % VAT is 1.14; only cash and card are offered.
    const cartTotals = await diner.locator(".totals").textContent()
    expect(cartTotals).toMatch(/Includes tax \(10%\)\s*€1\.14\s*Estimated total\s*€12\.50/)
    expect(await diner.getByRole("radio", { name: /UPI/ }).count()).toBe(0)
    await diner.getByRole("radio", { name: /Card/ }).check()
    await audit(diner, "cart")
    await shoot(diner, "08-cart", phone)
    await diner.getByRole("button", { name: "Place order · €12.50" }).click()
    await diner.waitForURL(/\/o\//)
    await diner.locator(".status-title").getByText("Received").waitFor()
    expect(await diner.locator(".totals").textContent()).toMatch(/Includes tax\s*€1\.14\s*Total\s*€12\.50/)
    await markDocument(diner)
    await audit(diner, "order status")
    await shoot(diner, "09-order-status", phone)

    // ---- Owner: the order arrives on the board without a reload; it moves to served.
    const card = owner.locator("article", { hasText: "Grace" })
    await card.waitFor({ timeout: 15_000 })
    expect(await card.textContent()).toMatch(/€12\.50[\s\S]*Card · unpaid/)
    await expectSameDocument(owner)
    await audit(owner, "kitchen with an order")
    await shoot(owner, "10-kitchen", desktop)

    for (const [button, status] of [
      ["Start preparing", "Preparing"],
      ["Mark ready", "Ready"],
      ["Mark served", "Served"],
    ] as const) {
      await owner.getByRole("button", { name: new RegExp(`^${button}`) }).click()
      // ---- Diner: the status page follows, live.
      await diner.locator(".status-title").getByText(status, { exact: true }).waitFor({ timeout: 15_000 })
    }
    await expectSameDocument(diner)
    await expectSameDocument(owner)
    await shoot(diner, "11-order-served", phone)
    await audit(diner, "order served")

    expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
  }, 180_000)
})
