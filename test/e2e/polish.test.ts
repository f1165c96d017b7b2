// Browser test of the small things owners and diners met trying Ardine: the shape editor shows the dish's
// own vessel, "+" says why it stops at the most one order takes, unfiled dishes come last on the menu, and
// a too-long name or too-high price is called that. Debian's Chromium against a production build of the
// web app and the real API (no model worker: the dish's shape is written to the database directly).
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { MAX_QUANTITY } from "@ardine/domain"
import type { AxeResults } from "axe-core"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu, password } from "../../packages/api/test/support/fixtures.js"
import type { TestApi } from "../../packages/api/test/support/testApi.js"
import { type BrowserApp, startBrowserApp } from "./support/browserApp.js"
import { repoRoot } from "./support/stack.js"

let app: BrowserApp
let api: TestApi

beforeAll(async () => {
  await mkdir(join(repoRoot, "test-artifacts"), { recursive: true })
  app = await startBrowserApp()
  api = app.api
}, 180_000)

afterAll(async () => {
  await app?.close()
}, 60_000)

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

/** serious and critical axe-core violations on the page as it is now (axe evaluated past the app's CSP). */
const axeViolations = async (page: Page) => {
  await page.evaluate(await readFile(join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8"))
  const results = (await page.evaluate("window.axe.run(document)")) as AxeResults
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")) }))
}

const logInTo = async (owner: Owner, path: string) => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: api.baseUrl })
  const page = await context.newPage()
  await page.goto(`/login?next=${encodeURIComponent(path)}`)
  await page.getByLabel("Email").fill(owner.email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Log in" }).click()
  return page
}

const board = {
  vessel: { kind: "board", widthCm: 30, depthCm: 20, heightCm: 2, color: "#a0522d", roughness: 0.6 },
  components: [
    { shape: "slices", widthCm: 8, heightCm: 1, position: { x: 0, z: 0 }, count: 3, color: "#c8642a", roughness: 0.7 },
  ],
}

describe("the owner's dish editor", () => {
  it("shows the dish's own vessel kind, and says a price is too high rather than badly written", async () => {
    const owner = await ownerWithMenu(api)
    await api.db.query("UPDATE dishes SET geometry = $2 WHERE id = $1", [owner.dishes.steak, JSON.stringify(board)])
    const page = await logInTo(owner, `/owner/${owner.restaurant.id}/menu`)
    await page.getByRole("button", { name: "Edit Steak" }).click()
    const editor = page.getByRole("dialog")
    await editor.getByText("Adjust the shape").click()
    const kind = editor.getByLabel("Kind")
    await kind.waitFor()
    expect(await kind.inputValue()).toBe("board")
    expect(await kind.locator("option:checked").textContent()).toBe("Board")
    // A rectangular vessel: width and depth, no diameter.
    await editor.getByLabel("Depth").waitFor()
    expect(await editor.getByLabel("Diameter").count()).toBe(0)

    const price = editor.getByLabel("Price")
    await price.fill("100000.01")
    await editor.getByRole("button", { name: "Save dish" }).click()
    const tooHigh = editor.getByText("Enter a price of at most 100000.00")
    await tooHigh.waitFor()
    await price.fill("24.50")
    await tooHigh.waitFor({ state: "detached", timeout: 5_000 })
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  }, 90_000)
})

describe("the diner's menu and order", () => {
  it("says why '+' stops at the most one order takes, and keeps focus on it", async () => {
    const { slug } = await ownerWithMenu(api)
    const page = await app.phone()
    await page.goto(`/r/${slug}`)
    await page.getByRole("button", { name: "Add Soup" }).click()
    const more = page.getByRole("button", { name: "One more Soup" })
    await more.focus()
    for (let quantity = 1; quantity < MAX_QUANTITY; quantity++) await page.keyboard.press("Enter")
    await expect.poll(() => more.getAttribute("aria-disabled")).toBe("true")
    const why = page.getByText(`${MAX_QUANTITY} at most per order`)
    await why.waitFor()
    expect(await more.getAttribute("aria-describedby")).toBe(await why.getAttribute("id"))

    await page.keyboard.press("Enter")
    expect(await page.locator(".stepper-count").textContent()).toBe(String(MAX_QUANTITY))
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe("One more Soup")
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  }, 90_000)

  it("lists dishes nobody has filed after every real category, drinks included", async () => {
    const owner = await ownerWithMenu(api)
    for (const [name, category] of [
      ["Lemonade", "Drinks"],
      ["Mystery plate", "Uncategorised"],
      ["Tiramisu", "Desserts"],
      ["Bruschetta", "Starters"],
    ]) {
      await api.db.query(
        `INSERT INTO dishes (restaurant_id, name, category, price_minor, available, published, allergens_confirmed)
         VALUES ($1, $2, $3, 500, true, true, true)`,
        [owner.restaurant.id, name, category],
      )
    }
    const page = await app.phone()
    await page.goto(`/r/${owner.slug}`)
    await page.getByRole("button", { name: "Add Soup" }).waitFor()
    expect(await page.locator(".menu-section-title").allTextContents()).toEqual([
      "Starters",
      "Mains",
      "Desserts",
      "Drinks",
      "Uncategorised",
    ])
    await page.context().close()
  }, 60_000)

  it("tells a diner whose name is too long what is wrong, and drops it once it fits", async () => {
    const { slug, tableTokens } = await ownerWithMenu(api)
    const page = await app.phone()
    await page.goto(`/r/${slug}?table=2#token=${tableTokens.get(2)}`)
    await page.getByRole("button", { name: "Add Soup" }).click()
    await page.getByRole("link", { name: /View order/ }).click()
    const name = page.getByLabel("Your name")
    await name.fill("A".repeat(81))
    await page.getByLabel("Phone").fill("+44 20 7946 0000")
    await page.getByRole("button", { name: /Place order/ }).click()
    const message = page.getByText("That is too long: use at most 80 characters.")
    await message.waitFor()
    expect(await page.getByText(/Enter your name/).count()).toBe(0)
    await name.fill("A".repeat(80))
    await message.waitFor({ state: "detached", timeout: 5_000 })
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  }, 60_000)
})
