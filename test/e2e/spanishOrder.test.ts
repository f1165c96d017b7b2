// Browser test of the whole story in another language: a phone whose browser prefers Spanish orders a steak
// with options (the picker's rules, problems and buttons in Spanish), while an older order waits; the kitchen
// board (owner logged in) lists both oldest first, the new one with its options, and its printed ticket shows
// them. axe-core on the Spanish dish page and cart.
// Debian's Chromium against a production build of the web app and the real API (no model worker).
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { AxeResults } from "axe-core"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu, password } from "../../packages/api/test/support/fixtures.js"
import { Client } from "../../packages/api/test/support/httpClient.js"
import type { TestApi } from "../../packages/api/test/support/testApi.js"
import { type BrowserApp, startBrowserApp } from "./support/browserApp.js"
import { repoRoot } from "./support/stack.js"

let app: BrowserApp
let api: TestApi

beforeAll(async () => {
  // The web build writes its log there, and a fresh checkout has no such directory yet.
  await mkdir(join(repoRoot, "test-artifacts"), { recursive: true })
  app = await startBrowserApp()
  api = app.api
}, 180_000)

afterAll(async () => {
  await app?.close()
}, 60_000)

/** serious and critical axe-core violations on the page as it is now (axe evaluated past the app's CSP). */
const axeViolations = async (page: Page) => {
  await page.evaluate(await readFile(join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8"))
  const results = (await page.evaluate("window.axe.run(document)")) as AxeResults
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")) }))
}

describe("a diner ordering in Spanish, and the kitchen that makes it", () => {
  it("orders a dish with options in Spanish; the board shows it after the older order, and prints it", async () => {
    const owner = await ownerWithMenu(api)
    const restaurantPath = `/api/restaurants/${owner.restaurant.id}`
    expect((await owner.client.patch(restaurantPath, { languages: ["es"] })).status).toBe(200)
    const cooking = await owner.client.post(`${restaurantPath}/dishes/${owner.dishes.steak}/option-groups`, {
      name: "Punto",
      selection: "single",
      required: true,
      options: [{ name: "Poco hecho" }, { name: "Al punto" }, { name: "Muy hecho" }],
    })
    expect(cooking.status, cooking.text).toBe(201)
    const extras = await owner.client.post(`${restaurantPath}/dishes/${owner.dishes.steak}/option-groups`, {
      name: "Extras",
      selection: "multiple",
      maxSelections: 2,
      options: [
        { name: "Huevo frito", priceDeltaMinor: 100 },
        { name: "Beicon", priceDeltaMinor: 150 },
        { name: "Queso", priceDeltaMinor: 80 },
      ],
    })
    expect(extras.status, extras.text).toBe(201)

    // An order already waiting at table 3, placed ten minutes ago.
    const earlier = await new Client(api.baseUrl).post(
      `/api/menu/${owner.slug}/orders`,
      owner.order(owner.dishes.soup, 1, { table: 3 }),
    )
    expect(earlier.status, earlier.text).toBe(201)
    await api.db.query("UPDATE orders SET created_at = now() - interval '10 minutes' WHERE id = $1", [
      earlier.body.order.id,
    ])

    // ---- Diner: a phone whose browser prefers Spanish.
    const dinerContext = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: api.baseUrl,
      locale: "es-ES",
      isMobile: true,
      hasTouch: true,
    })
    const diner = await dinerContext.newPage()
    await diner.goto(`/r/${owner.slug}?table=2#token=${owner.tableTokens.get(2)}`)
    await diner.getByRole("link", { name: "Añadir Steak: elige opciones" }).click()
    await diner.waitForURL(`**/dish/${owner.dishes.steak}**`)
    expect(await diner.evaluate("document.documentElement.lang")).toBe("es")
    expect(await diner.getByText("Obligatorio · elige 1").count()).toBe(1)
    expect(await diner.getByText("Opcional · elige hasta 2").count()).toBe(1)
    const add = diner.getByRole("button", { name: /^Añadir al pedido/ })
    await add.click()
    await diner.locator(".option-group .field-error", { hasText: "Elige una opción de punto" }).waitFor()
    await diner.getByRole("radio", { name: /Al punto/ }).check()
    await diner.getByRole("checkbox", { name: /Huevo frito/ }).check()
    await diner.getByRole("checkbox", { name: /Beicon/ }).check()
    await diner.getByText("2 como máximo: desmarca una para elegir otra.").waitFor()
    expect(await axeViolations(diner)).toEqual([])
    await add.click()
    await diner.getByRole("link", { name: /Ver pedido/ }).click()
    await diner.waitForURL(/\/cart/)
    const line = diner.locator(".cart-line").first()
    expect(await line.textContent()).toMatch(/Steak.*Al punto.*Huevo frito.*Beicon/)
    await line.getByRole("button", { name: /^Cambiar opciones de Steak/ }).waitFor()
    await diner.getByText("Subtotal").first().waitFor()
    expect(await axeViolations(diner)).toEqual([])
    await diner.getByLabel("Tu nombre").fill("Lucía")
    await diner.getByLabel("Teléfono").fill("+34 912 345 678")
    await diner.getByRole("button", { name: /^Hacer el pedido/ }).click()
    await diner.waitForURL(/\/o\//)
    await diner.getByRole("button", { name: "Pedir la cuenta" }).waitFor()
    await diner.getByText("Estado del pedido").waitFor()
    expect(await diner.locator(".receipt-lines").textContent()).toMatch(/Steak.*Al punto.*Huevo frito.*Beicon/)

    // ---- Kitchen: the owner's board at the pass, oldest first, the new order with its options.
    const boardContext = await app.browser.newContext({ viewport: { width: 1024, height: 768 }, baseURL: api.baseUrl })
    const board = await boardContext.newPage()
    await board.addInitScript({ content: "window.__prints = 0; window.print = () => { window.__prints += 1 }" })
    await board.goto(`/login?next=${encodeURIComponent(`/owner/${owner.restaurant.id}/kitchen`)}`)
    await board.getByLabel("Email").fill(owner.email)
    await board.getByLabel("Password").fill(password)
    await board.getByRole("button", { name: "Log in" }).click()
    const cards = board.locator(".column-received .order-card")
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(2)
    expect(await cards.locator(".order-table").allTextContents()).toEqual(["Table 3", "Table 2"])
    expect(await cards.nth(1).locator(".order-items").textContent()).toMatch(
      /1×\s*Steak\s*Punto:\s*Al punto\s*Extras:\s*Huevo frito\s*Extras:\s*Beicon/,
    )

    // Its printed ticket lists the options under the steak.
    await cards
      .nth(1)
      .getByRole("button", { name: /^Print ticket: Table 2/ })
      .click()
    await expect.poll(() => board.evaluate("window.__prints")).toBe(1)
    await board.emulateMedia({ media: "print" })
    const ticket = board.locator(".kitchen-print .ticket")
    expect(await ticket.isVisible()).toBe(true)
    expect(await ticket.locator(".ticket-table").textContent()).toBe("Table 2")
    expect(await ticket.locator(".ticket-items").textContent()).toMatch(/Steak.*Al punto.*Huevo frito.*Beicon/)
    await board.emulateMedia({ media: "screen" })
    await boardContext.close()
    await dinerContext.close()
  }, 180_000)
})
