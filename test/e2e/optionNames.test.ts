// Browser test of option names per language: in a restaurant that also offers Spanish, the owner names a
// group and its option in Spanish next to their main names in the dish editor, corrects one later (the
// field shows what was saved), and the Spanish menu carries those names. axe-core on the editor.
// Debian's Chromium against a production build of the web app and the real API (no model worker).
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { AxeResults } from "axe-core"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu, password } from "../../packages/api/test/support/fixtures.js"
import { Client, type Json } from "../../packages/api/test/support/httpClient.js"
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

/** serious and critical axe-core violations on the page as it is now. */
const axeViolations = async (page: Page) => {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) {
    await page.evaluate(await readFile(join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8"))
  }
  const results = (await page.evaluate("window.axe.run(document)")) as AxeResults
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")) }))
}

describe("option names per language in a browser", () => {
  it("an owner names a group and an option in Spanish; the Spanish menu shows them", async () => {
    const owner = await ownerWithMenu(api)
    const settings = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages: ["es"] })
    expect(settings.status, settings.text).toBe(200)

    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: api.baseUrl })
    const page = await context.newPage()
    await page.goto(`/login?next=${encodeURIComponent(`/owner/${owner.restaurant.id}/menu`)}`)
    await page.getByLabel("Email").fill(owner.email)
    await page.getByLabel("Password").fill(password)
    await page.getByRole("button", { name: "Log in" }).click()
    await page.getByRole("button", { name: "Edit Steak" }).click()
    const editor = page.locator("dialog.dish-editor")
    await editor.waitFor({ state: "visible" })

    await editor.getByRole("button", { name: "Add an option group" }).click()
    const groupForm = editor.getByRole("form", { name: "Add group" })
    await groupForm.getByLabel("Group name").fill("Cooking")
    await groupForm.getByLabel("Name in Español").fill("Cocción")
    expect(await axeViolations(page)).toEqual([])
    await groupForm.getByRole("button", { name: "Add group" }).click()
    const card = editor.locator(".option-group-card", { has: page.locator("h4", { hasText: "Cooking" }) })
    await card.waitFor()

    await card.getByRole("button", { name: "Add an option to Cooking" }).click()
    const optionForm = card.getByRole("form", { name: "Add option to Cooking" })
    await optionForm.getByLabel("Option name").fill("Rare")
    await optionForm.getByLabel("Name in Español").fill("Poco hecho")
    await optionForm.getByRole("button", { name: "Add option to Cooking" }).click()
    await card.locator(".option-row-name", { hasText: "Rare" }).waitFor()

    // Corrected later: the form shows the saved Spanish name, and saving replaces it.
    await card.getByRole("button", { name: "Edit group Cooking" }).click()
    const editForm = editor.getByRole("form", { name: "Save group" })
    const spanishName = editForm.getByLabel("Name in Español")
    expect(await spanishName.inputValue()).toBe("Cocción")
    await spanishName.fill("Punto")
    await editForm.getByRole("button", { name: "Save group" }).click()
    await editForm.waitFor({ state: "detached" })

    const spanish = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}/es`)
    const [group] = spanish.body.dishes.find((dish: Json) => dish.id === owner.dishes.steak).optionGroups
    expect([group.name, ...group.options.map((option: Json) => option.name)]).toEqual(["Punto", "Poco hecho"])
    const main = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}`)
    const [mainGroup] = main.body.dishes.find((dish: Json) => dish.id === owner.dishes.steak).optionGroups
    expect([mainGroup.name, ...mainGroup.options.map((option: Json) => option.name)]).toEqual(["Cooking", "Rare"])
    await context.close()
  }, 120_000)
})
