// Browser test of what a keyboard or screen-reader diner meets when the page changes under them: "Add"
// turning into the stepper and back, a cart line (and the last one) removed, a route change, an order
// form's message going once corrected, and the loading indicator on a phone. Debian's Chromium against
// a production build of the web app and the real API (no model worker: these dishes have no photos).

import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import type { TestApi } from "@ardine/api/test-support/testApi"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, startBrowserApp } from "./support/browserApp.js"

let app: BrowserApp
let api: TestApi

beforeAll(async () => {
  app = await startBrowserApp()
  api = app.api
}, 180_000)

afterAll(async () => {
  await app?.close()
}, 60_000)

const phone = (): Promise<Page> => app.phone()

/** The focused element as a screen reader names it: its aria-label, or its text. */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const element = document.activeElement
    if (element === null || element === document.body) return "(page body)"
    return element.getAttribute("aria-label") ?? element.textContent?.trim() ?? element.tagName
  })()`) as Promise<string>

const focusedIs = async (page: Page, name: string) => {
  await expect.poll(() => focused(page), { timeout: 5_000 }).toBe(name)
}

const announced = async (page: Page, text: string) => {
  await expect.poll(() => page.locator("[data-announcer]").textContent(), { timeout: 5_000 }).toBe(text)
}

describe("focus and announcements as the page changes", () => {
  it("moves focus between 'Add' and the stepper on a menu card, and says what changed", async () => {
    const { slug } = await ownerWithMenu(api)
    const page = await phone()
    await page.goto(`/r/${slug}`)
    await page.getByRole("button", { name: "Add Soup" }).focus()
    await page.keyboard.press("Enter")
    await focusedIs(page, "One more Soup")
    await announced(page, "Soup added to your order")

    await page.keyboard.press("Shift+Tab")
    await focusedIs(page, "Remove Soup")
    await page.keyboard.press("Enter")
    await focusedIs(page, "Add Soup")
    await announced(page, "Soup removed from your order")
    await page.context().close()
  }, 60_000)

  it("does the same on a dish's page: 'Add to order' and the stepper hand focus over, and say so", async () => {
    const { slug, dishes } = await ownerWithMenu(api)
    const page = await phone()
    await page.goto(`/r/${slug}/dish/${dishes.soup}`)
    const add = page.getByRole("button", { name: /^Add to order/ })
    await add.focus()
    await page.keyboard.press("Enter")
    await focusedIs(page, "One more Soup")
    await announced(page, "Soup added to your order")

    await page.keyboard.press("Shift+Tab")
    await focusedIs(page, "Remove Soup")
    await page.keyboard.press("Enter")
    await focusedIs(page, "Add to order · €4.50")
    await announced(page, "Soup removed from your order")
    await page.context().close()
  }, 60_000)

  it("takes focus to the new screen's heading after a route change, and says which screen it is", async () => {
    const { slug } = await ownerWithMenu(api)
    const page = await phone()
    await page.goto(`/r/${slug}`)
    await page.getByRole("button", { name: "Add Soup" }).click()
    await page.getByRole("link", { name: /View order/ }).focus()
    await page.keyboard.press("Enter")
    await page.waitForURL(/\/cart/)
    await focusedIs(page, "Your order")
    await announced(page, "Your order · Test Kitchen")

    await page.getByRole("link", { name: "← Back to the menu" }).click()
    await page.waitForURL((url) => !url.pathname.endsWith("/cart"))
    await focusedIs(page, "Test Kitchen: menu")
    await announced(page, "Test Kitchen")
    await page.context().close()
  }, 60_000)

  it("keeps focus in the cart as lines are removed, and on 'See the menu' once it is empty", async () => {
    const { slug } = await ownerWithMenu(api)
    const page = await phone()
    await page.goto(`/r/${slug}`)
    await page.getByRole("button", { name: "Add Soup" }).click()
    await page.getByRole("button", { name: "Add Steak" }).click()
    await page.getByRole("link", { name: /View order/ }).click()
    await page.waitForURL(/\/cart/)

    const first = await page.locator(".cart-line-name").first().textContent()
    const second = first === "Soup" ? "Steak" : "Soup"
    await page.getByRole("button", { name: `Remove ${first}` }).focus()
    await page.keyboard.press("Enter")
    await focusedIs(page, `Remove ${second}`)
    await announced(page, `${first} removed from your order`)

    await page.keyboard.press("Enter")
    await focusedIs(page, "See the menu")
    await announced(page, `${second} removed. Your order is empty.`)
    await page.context().close()
  }, 60_000)

  it("drops the name's message as soon as the diner types it, without another submit", async () => {
    const { slug, tableTokens } = await ownerWithMenu(api)
    const page = await phone()
    await page.goto(`/r/${slug}?table=2#token=${tableTokens.get(2)}`)
    await page.getByRole("button", { name: "Add Soup" }).click()
    await page.getByRole("link", { name: /View order/ }).click()
    await page.getByLabel("Your name").fill("")
    await page.getByLabel("Phone").fill("+44 20 7946 0000")
    await page.getByRole("button", { name: /Place order/ }).click()
    const message = page.getByText("Enter your name, so the staff know whose order it is.")
    await message.waitFor()
    await page.getByLabel("Your name").fill("Grace")
    await message.waitFor({ state: "detached", timeout: 5_000 })
    expect(await page.getByLabel("Your name").getAttribute("aria-invalid")).toBe("false")
    await page.context().close()
  }, 60_000)

  it("keeps the loading indicator clear of a phone screen's edge", async () => {
    const { slug } = await ownerWithMenu(api)
    const page = await phone()
    // Hold the menu back, so the indicator stays on screen to be measured.
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    // The diner asks for the menu in a language (`/api/menu/:slug/:language`).
    await page.route(`**/api/menu/${slug}/*`, async (route) => {
      await held
      await route.continue()
    })
    await page.goto(`/r/${slug}`)
    // The route's own "Loading…" or the shell's "Loading the menu…": the same indicator.
    const loading = page.getByRole("status").filter({ hasText: /^Loading/ })
    await loading.waitFor()
    const spinner = await loading.locator(".spinner").boundingBox()
    const label = await loading.locator("span").last().boundingBox()
    expect(spinner?.x).toBeGreaterThanOrEqual(16)
    expect((label?.x ?? 0) + (label?.width ?? 0)).toBeLessThanOrEqual(390 - 16)
    release()
    await page.getByRole("button", { name: "Add Soup" }).waitFor()
    await page.context().close()
  }, 60_000)
})
