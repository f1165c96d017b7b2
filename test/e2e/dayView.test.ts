// Browser test of the owner's day at a glance: orders placed by diners (moved to a known day in New York),
// the figures, top dishes and hourly chart on screen, the previous and next day, and axe-core on the view.
// Debian's Chromium against a production build of the web app and the real API (no model worker).
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { AxeResults } from "axe-core"
import type { Page } from "playwright-core"
import sharp from "sharp"
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

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

/** An order placed as a diner places it, then moved to `at` with `status`. */
const orderAt = async (owner: Owner, items: ReadonlyArray<[string, number]>, at: string, status = "served") => {
  const reply = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, {
    ...owner.order(items[0]?.[0] ?? "", 1),
    items: items.map(([dishId, quantity]) => ({ dishId, quantity })),
  })
  expect(reply.status, reply.text).toBe(201)
  await api.db.query("UPDATE orders SET created_at = $2, status = $3 WHERE id = $1", [reply.body.order.id, at, status])
}

/** serious and critical axe-core violations on the page as it is now (axe evaluated past the app's CSP). */
const axeViolations = async (page: Page) => {
  await page.evaluate(await readFile(join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8"))
  const results = (await page.evaluate("window.axe.run(document)")) as AxeResults
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")) }))
}

/** The figure under a label of the day's four ("Orders", "Revenue", …). */
const figure = (page: Page, label: string) =>
  page.locator(".day-figures > div", { has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) }).locator("dd")

describe("the owner's day at a glance in a browser", () => {
  it("shows a day's figures, top dishes and hours, goes to the days around it, and passes axe", async () => {
    const owner = await ownerWithMenu(api, { taxRateBps: 1000 })
    const zone = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { timeZone: "America/New_York" })
    expect(zone.status, zone.text).toBe(200)
    const { soup, steak } = owner.dishes
    // 2026-06-15 in New York (UTC-4): 2 soups at 12:40 (990), a steak and a soup at 19:10 (3134),
    // a cancelled steak at 20:00, and a soup at 23:30 local, already the 16th in UTC (495).
    await orderAt(owner, [[soup, 2]], "2026-06-15T16:40:00Z")
    await orderAt(
      owner,
      [
        [steak, 1],
        [soup, 1],
      ],
      "2026-06-15T23:10:00Z",
    )
    await orderAt(owner, [[steak, 1]], "2026-06-16T00:00:00Z", "cancelled")
    await orderAt(owner, [[soup, 1]], "2026-06-16T03:30:00Z")

    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: api.baseUrl })
    const page = await context.newPage()
    await page.goto(`/login?next=${encodeURIComponent(`/owner/${owner.restaurant.id}/today?date=2026-06-15`)}`)
    await page.getByLabel("Email").fill(owner.email)
    await page.getByLabel("Password").fill(password)
    await page.getByRole("button", { name: "Log in" }).click()
    await page.getByRole("heading", { level: 2, name: "Monday, June 15, 2026" }).waitFor()

    await expect.poll(() => figure(page, "Orders").textContent()).toBe("3")
    expect(await figure(page, "Revenue").textContent()).toBe("€46.19")
    // (990 + 3134 + 495) / 3 = 1539.67
    expect(await figure(page, "Average ticket").textContent()).toBe("€15.40")
    expect(await figure(page, "Cancelled").textContent()).toBe("1")
    const dishes = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Dish" }) })
    expect(await dishes.locator("tbody tr").allTextContents()).toEqual(["Soup4€18.00", "Steak1€23.99"])
    const chart = page.getByRole("img", { name: "Orders per hour, Monday, June 15, 2026" })
    await chart.waitFor()
    expect(await chart.locator("desc").textContent()).toBe("Busiest hour 12:00–13:00 with 1 order.")
    expect(await chart.locator(".hour-chart-bar[height]:not([height='0'])").count()).toBe(3)
    await page.getByText("Orders per hour as a table").click()
    expect(
      await page
        .getByRole("row", { name: /^23:00–00:00/ })
        .getByRole("cell")
        .textContent(),
    ).toBe("1")

    expect(await axeViolations(page)).toEqual([])
    await mkdir(join(repoRoot, "docs/screenshots"), { recursive: true })
    await page.getByText("Orders per hour as a table").click()
    await sharp(await page.screenshot())
      .png({ palette: true, quality: 85, compressionLevel: 9 })
      .toFile(join(repoRoot, "docs/screenshots/day-view.png"))

    await page.getByRole("link", { name: /Previous day/ }).click()
    await page.getByRole("heading", { level: 2, name: "Sunday, June 14, 2026" }).waitFor()
    await expect.poll(() => figure(page, "Orders").textContent()).toBe("0")
    await page.getByText("Nothing ordered yet.").waitFor()
    await page.getByRole("link", { name: /Next day/ }).click()
    await page.getByRole("heading", { level: 2, name: "Monday, June 15, 2026" }).waitFor()
    await expect.poll(() => figure(page, "Orders").textContent()).toBe("3")

    // Today, where the restaurant is: no later day to go to.
    await page.getByRole("link", { name: "Today" }).click()
    await page.getByRole("heading", { level: 2, name: "Today" }).waitFor()
    expect(await page.getByRole("link", { name: /Next day/ }).count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])

    // The owner moves the restaurant to Paris in Settings: the same orders now fall on other local days.
    await page.getByRole("link", { name: "Settings" }).click()
    await page.getByLabel("Time zone").selectOption("Europe/Paris")
    await page.getByRole("button", { name: "Save changes" }).click()
    await page.getByRole("status").getByText("Saved.").waitFor()
    const saved = await owner.client.get(`/api/restaurants/${owner.restaurant.id}`)
    expect(saved.body.timeZone).toBe("Europe/Paris")
    await page.goto(`/owner/${owner.restaurant.id}/today?date=2026-06-15`)
    // In Paris (UTC+2) only the 12:40 New York order (18:40) is on the 15th.
    await page.getByText("Europe/Paris time").waitFor()
    await expect.poll(() => figure(page, "Orders").textContent()).toBe("1")
    await context.close()
  }, 120_000)
})
