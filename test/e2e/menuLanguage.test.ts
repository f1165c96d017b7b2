// Browser test of the menu in the diner's language: a phone whose browser prefers Spanish opens a restaurant
// that offers English, Spanish and French; the dishes and the app's own words are Spanish, untranslated
// words fall back to English, the switcher moves everything to French and is remembered; axe-core on both.
// Debian's Chromium against a production build of the web app and the real API (no model worker).
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { AxeResults } from "axe-core"
import type { Page } from "playwright-core"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu, password } from "../../packages/api/test/support/fixtures.js"
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

describe("the menu in the diner's language, in a browser", () => {
  it("shows a Spanish browser the menu and buttons in Spanish, and switches to French", async () => {
    const owner = await ownerWithMenu(api)
    const restaurantPath = `/api/restaurants/${owner.restaurant.id}`
    expect((await owner.client.patch(restaurantPath, { languages: ["es", "fr"] })).status).toBe(200)
    const soup = await owner.client.patch(`${restaurantPath}/dishes/${owner.dishes.soup}`, {
      description: "Tomato soup with basil",
      allergens: ["milk", "celery"],
      allergensConfirmed: true,
      translations: {
        es: { name: "Sopa de tomate", description: "Sopa de tomate con albahaca", category: "Principales" },
        fr: { name: "Soupe à la tomate", category: "Plats" },
      },
    })
    expect(soup.status, soup.text).toBe(200)
    const steak = await owner.client.patch(`${restaurantPath}/dishes/${owner.dishes.steak}`, {
      translations: { es: { category: "Principales" } },
    })
    expect(steak.status, steak.text).toBe(200)

    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: api.baseUrl,
      locale: "es-ES",
    })
    const page = await context.newPage()
    const menuReads: Array<string> = []
    page.on("request", (request) => {
      if (request.url().includes("/api/menu/")) menuReads.push(new URL(request.url()).pathname)
    })
    await page.goto(`/r/${owner.slug}`)

    await page.getByRole("heading", { level: 2, name: "Principales" }).waitFor()
    await page.getByRole("heading", { level: 3, name: "Sopa de tomate" }).waitFor()
    await page.getByText("Sopa de tomate con albahaca").waitFor()
    await page.getByText("Contiene leche, apio").waitFor()
    // The steak has only its Spanish category: its name is the English one.
    await page.getByRole("heading", { level: 3, name: "Steak" }).waitFor()
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual(["Principales"])
    await page.getByRole("button", { name: "Añadir Sopa de tomate" }).waitFor()
    await page.getByRole("button", { name: "Filtros" }).waitFor()
    await page.getByRole("searchbox", { name: "Buscar en la carta" }).waitFor()
    expect(await page.evaluate("document.documentElement.lang")).toBe("es")
    const switcher = page.getByRole("combobox", { name: "Idioma" })
    expect(await switcher.inputValue()).toBe("es")
    expect(await switcher.locator("option").allTextContents()).toEqual(["English", "Español", "Français"])
    // The Spanish menu was asked for by its own address, once, and no other language before it.
    expect(menuReads).toEqual([`/api/menu/${owner.slug}/es`])

    await page.getByRole("button", { name: "Añadir Sopa de tomate" }).click()
    await page.getByRole("link", { name: /Ver pedido/ }).waitFor()
    await page.getByRole("button", { name: "Filtros" }).click()
    await page.getByRole("group", { name: "Ocultar platos con" }).getByText("Frutos de cáscara").waitFor()
    await page.getByRole("button", { name: "Filtros" }).click()

    expect(await axeViolations(page)).toEqual([])
    await mkdir(join(repoRoot, "docs/screenshots"), { recursive: true })
    await sharp(await page.screenshot())
      .png({ palette: true, quality: 85, compressionLevel: 9 })
      .toFile(join(repoRoot, "docs/screenshots/menu-spanish.png"))

    // The dish page speaks Spanish too.
    await page
      .getByRole("link", { name: /Sopa de tomate/ })
      .first()
      .click()
    await page.getByRole("heading", { level: 1, name: "Sopa de tomate" }).waitFor()
    await page.getByRole("heading", { level: 2, name: "Alérgenos" }).waitFor()
    await page.getByRole("link", { name: "← Volver a la carta" }).click()

    // So does the order page.
    await page.getByRole("link", { name: /Ver pedido/ }).click()
    await page.getByRole("heading", { level: 1, name: "Tu pedido" }).waitFor()
    await page.getByRole("heading", { level: 2, name: "Tus datos" }).waitFor()
    await page.getByRole("textbox", { name: "Tu nombre" }).waitFor()
    await page.getByRole("button", { name: /^Hacer el pedido · / }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole("link", { name: "← Volver a la carta" }).click()

    await switcher.selectOption("fr")
    await page.getByRole("heading", { level: 3, name: "Soupe à la tomate" }).waitFor()
    await page.getByRole("heading", { level: 2, name: "Plats" }).waitFor()
    // The steak has no French words at all: the English ones, under the English category.
    await page.getByRole("heading", { level: 2, name: "Mains" }).waitFor()
    await page.getByRole("button", { name: "Filtres" }).waitFor()
    await page.getByRole("link", { name: /Voir la commande/ }).waitFor()
    // No French description: the main language's.
    await page.getByText("Tomato soup with basil").waitFor()
    expect(await page.evaluate("document.documentElement.lang")).toBe("fr")
    expect(await axeViolations(page)).toEqual([])

    // Remembered on this device: the next visit opens in French although the browser prefers Spanish.
    await page.reload()
    await page.getByRole("heading", { level: 3, name: "Soupe à la tomate" }).waitFor()
    expect(await page.getByRole("combobox", { name: "Langue" }).inputValue()).toBe("fr")
    await context.close()
  }, 120_000)

  it("lets the owner offer Spanish in Settings and write a dish's Spanish words beside the English", async () => {
    const owner = await ownerWithMenu(api)
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: api.baseUrl })
    const page = await context.newPage()
    await page.goto(`/login?next=${encodeURIComponent(`/owner/${owner.restaurant.id}/settings`)}`)
    await page.getByLabel("Email").fill(owner.email)
    await page.getByLabel("Password").fill(password)
    await page.getByRole("button", { name: "Log in" }).click()
    await page.getByRole("group", { name: "Also offer the menu in" }).getByText("Español").click()
    await page.getByRole("button", { name: "Save changes" }).click()
    await page.getByRole("status").getByText("Saved.").waitFor()
    const saved = await owner.client.get(`/api/restaurants/${owner.restaurant.id}`)
    expect(saved.body).toMatchObject({ language: "en", languages: ["es"] })

    await page.getByRole("link", { name: "Menu", exact: true }).click()
    await page.getByRole("button", { name: "Edit Soup" }).click()
    const editor = page.getByRole("dialog")
    await editor.getByRole("columnheader", { name: "Español" }).waitFor()
    await editor.getByRole("textbox", { name: "Name in Español" }).fill("Sopa")
    await editor.getByRole("textbox", { name: "Category in Español" }).fill("Principales")
    expect(await axeViolations(page)).toEqual([])
    await editor.getByRole("button", { name: "Save dish" }).click()
    await editor.waitFor({ state: "hidden" })
    const soup = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}`)
    expect(soup.body.translations).toEqual({ es: { name: "Sopa", category: "Principales" } })
    await context.close()
  }, 120_000)

  it("shows a browser preferring a language the restaurant does not offer the main language's menu", async () => {
    const owner = await ownerWithMenu(api)
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: api.baseUrl,
      locale: "de-DE",
    })
    const page = await context.newPage()
    await page.goto(`/r/${owner.slug}`)
    // The dishes in English (all the restaurant offers), the app's own words in German; no switcher for one.
    await page.getByRole("heading", { level: 3, name: "Soup" }).waitFor()
    await page.getByRole("button", { name: "Soup hinzufügen" }).waitFor()
    expect(await page.getByRole("combobox").count()).toBe(0)
    await context.close()
  }, 60_000)
})
