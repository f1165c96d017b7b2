// Browser test of the diner's table: the token from the scanned code, a table the restaurant does not have,
// and a code replaced by the owner. Debian's Chromium against a production build of the web app and the real
// API (no model worker: these dishes have no photos).

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

/** Adds the soup from the menu and opens the cart. */
const soupInCart = async (page: Page) => {
  await page.locator(".dish-card", { hasText: "Soup" }).getByRole("button", { name: /Add/ }).click()
  await page.getByRole("link", { name: /View order/ }).click()
  await page.waitForURL(/\/cart/)
}

describe("the diner's table in a browser", () => {
  it("a ?table= the restaurant does not have is an error on the page, never the last table used", async () => {
    const { slug, tableTokens } = await ownerWithMenu(api, { tableCount: 6 })
    const page = await phone()
    await page.goto(`/r/${slug}?table=2#token=${tableTokens.get(2)}`)
    await page.locator(".table-pill", { hasText: "Table 2" }).waitFor()

    await page.goto(`/r/${slug}?table=9`)
    await page.locator(".unknown-table").getByText("has no table “9”").waitFor()
    expect(await page.locator(".table-pill").count()).toBe(0)
    await soupInCart(page)
    await page.locator(".cart-table").getByText("Scan the code on your table").waitFor()
    await page.context().close()
  }, 60_000)

  it("orders with the scanned token, and says to scan again once the owner replaced the code", async () => {
    const { slug, restaurant, client, tableTokens } = await ownerWithMenu(api, { tableCount: 6 })
    const page = await phone()
    await page.goto(`/r/${slug}?table=3#token=${tableTokens.get(3)}`)
    await soupInCart(page)
    await page.getByLabel("Your name").fill("Grace")
    await page.getByLabel("Phone").fill("+44 20 7946 0000")
    await page.getByRole("button", { name: /Place order/ }).click()
    await page.waitForURL(/\/o\//)

    const rotated = await client.post(`/api/restaurants/${restaurant.id}/tables/3/rotate`)
    expect(rotated.status, rotated.text).toBe(200)
    await page.goto(`/r/${slug}?table=3`)
    await soupInCart(page)
    await page.getByRole("button", { name: /Place order/ }).click()
    await page.getByRole("alert").getByText("Please scan the code on your table again").waitFor()

    // Scanning the new code (its short address here) fixes it.
    await page.goto(`/t/${rotated.body.code.toLowerCase()}`)
    await page.waitForURL((url) => url.hash === `#token=${rotated.body.token}` && url.search === "?table=3")
    await page.getByRole("link", { name: /View order/ }).click()
    await page.getByRole("button", { name: /Place order/ }).click()
    await page.waitForURL(/\/o\//)
    const { rows } = await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM orders WHERE restaurant_id = $1 AND table_number = 3",
      [restaurant.id],
    )
    expect(rows[0]?.n).toBe(2)
    await page.context().close()
  }, 90_000)
})
