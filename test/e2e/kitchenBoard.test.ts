// Browser test of the kitchen board built for the pass, on a 1024x768 tablet: oldest order first, ages in
// amber and red past the restaurant's thresholds, four cards in view per column, the tab title counting new
// orders, the printed 80 mm ticket, automatic printing, and a diner's bill request arriving live.
// Debian's Chromium against a production build of the web app and the real API (no model worker).
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import type { AxeResults } from "axe-core"
import type { BrowserContext, Page } from "playwright-core"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu, password } from "../../packages/api/test/support/fixtures.js"
import { Client } from "../../packages/api/test/support/httpClient.js"
import type { TestApi } from "../../packages/api/test/support/testApi.js"
import { type BrowserApp, startBrowserApp } from "./support/browserApp.js"
import { repoRoot } from "./support/stack.js"

let app: BrowserApp
let api: TestApi
const contexts: Array<BrowserContext> = []

beforeAll(async () => {
  await mkdir(join(repoRoot, "test-artifacts"), { recursive: true })
  app = await startBrowserApp()
  api = app.api
}, 180_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await app?.close()
}, 60_000)

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

/** An order placed as a diner places it (soup and steak), then dated `minutesAgo` before now. */
const placeOrder = async (owner: Owner, table: number, minutesAgo: number) => {
  const reply = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, {
    ...owner.order(owner.dishes.soup, 1, { table }),
    items: [
      { dishId: owner.dishes.soup, quantity: 2 },
      { dishId: owner.dishes.steak, quantity: 1 },
    ],
  })
  expect(reply.status, reply.text).toBe(201)
  if (minutesAgo > 0) {
    await api.db.query("UPDATE orders SET created_at = now() - make_interval(mins => $2) WHERE id = $1", [
      reply.body.order.id,
      minutesAgo,
    ])
  }
  return { token: reply.body.token as string, id: reply.body.order.id as string }
}

const axeViolations = async (page: Page) => {
  await page.evaluate(await readFile(join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8"))
  const results = (await page.evaluate("window.axe.run(document)")) as AxeResults
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")) }))
}

/** A tablet at the pass, logged in as the owner, with window.print counted instead of opening a dialog. */
const openBoard = async (owner: Owner): Promise<Page> => {
  const context = await app.browser.newContext({ viewport: { width: 1024, height: 768 }, baseURL: api.baseUrl })
  contexts.push(context)
  const page = await context.newPage()
  await page.addInitScript({ content: "window.__prints = 0; window.print = () => { window.__prints += 1 }" })
  await page.goto(`/login?next=${encodeURIComponent(`/owner/${owner.restaurant.id}/kitchen`)}`)
  await page.getByLabel("Email").fill(owner.email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Log in" }).click()
  await page.getByRole("heading", { level: 2, name: "Kitchen" }).waitFor()
  await page.locator(".column-received .order-card").first().waitFor()
  return page
}

// Evaluated in the page from source text: this project's Node types have no DOM.
// This project's Node types have no DOM: what the page functions below touch, typed by hand.
interface Box {
  readonly top: number
  readonly bottom: number
  readonly width: number
}
interface PageElement {
  getBoundingClientRect(): Box
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): Iterable<PageElement>
  readonly selectionStart: number
  readonly selectionEnd: number
}
interface PageGlobals {
  getComputedStyle(element: PageElement): { readonly backgroundColor: string; readonly fontSize: string }
  readonly innerHeight: number
}

const prints = async (page: Page) => Number(await page.evaluate("window.__prints"))
const receivedTables = (page: Page) => page.locator(".column-received .order-card .order-table").allTextContents()
const card = (page: Page, table: number) =>
  page.locator(".board .order-card", { has: page.locator(".order-table", { hasText: new RegExp(`^Table ${table}$`) }) })

describe("the kitchen board at the pass, on a 1024x768 tablet", () => {
  it("shows the oldest order first with its age, four cards in view, counts new ones and prints tickets", async () => {
    const owner = await ownerWithMenu(api, { tableCount: 20 })
    // Eight orders waiting: placed 30, 25, 15, 12, 8, 5, 3 and 1 minutes ago (tables chosen out of order).
    const ages: ReadonlyArray<[number, number]> = [
      [7, 5],
      [2, 30],
      [9, 1],
      [4, 15],
      [3, 25],
      [8, 3],
      [5, 12],
      [6, 8],
    ]
    for (const [table, minutesAgo] of ages) await placeOrder(owner, table, minutesAgo)
    const page = await openBoard(owner)

    // Oldest first: the order waiting longest is at the top of its column.
    expect(await receivedTables(page)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((t) => `Table ${t}`))
    expect(await card(page, 2).locator(".order-age").textContent()).toMatch(/^30 min/)

    // Ages against the default thresholds (amber at 10, red at 20 minutes), and colour is not the only cue.
    const level = async (table: number) => (await card(page, table).getAttribute("class")) ?? ""
    for (const table of [2, 3]) expect(await level(table)).toContain("age-red")
    for (const table of [4, 5]) expect(await level(table)).toContain("age-amber")
    for (const table of [6, 7, 8, 9]) expect(await level(table)).toContain("age-fresh")
    const ageStyle = (table: number) =>
      card(page, table)
        .locator(".order-age")
        .evaluate(
          (element: PageElement) => (globalThis as unknown as PageGlobals).getComputedStyle(element).backgroundColor,
        )
    expect(await ageStyle(2)).toBe("rgb(179, 38, 30)")
    expect(await ageStyle(5)).toBe("rgb(253, 240, 210)")
    expect(await ageStyle(9)).not.toBe(await ageStyle(5))
    expect(await card(page, 2).locator(".order-age").textContent()).toContain("waiting too long")

    // At least four whole cards visible in the column without scrolling.
    const fullyVisible = await page.locator(".column-received .board-cards").evaluate((list: PageElement) => {
      const box = list.getBoundingClientRect()
      const bottom = Math.min(box.bottom, (globalThis as unknown as PageGlobals).innerHeight)
      return [...list.querySelectorAll(".order-card")].filter((element) => {
        const cardBox = element.getBoundingClientRect()
        return cardBox.top >= box.top - 1 && cardBox.bottom <= bottom + 1
      }).length
    })
    expect(fullyVisible).toBeGreaterThanOrEqual(4)

    // The board asks once about sound; the answer is remembered on this device.
    const prompt = page.getByRole("region", { name: "Sound for new orders" })
    await prompt.waitFor()
    expect(await axeViolations(page)).toEqual([])
    await prompt.getByRole("button", { name: "Not now" }).click()
    await prompt.waitFor({ state: "hidden" })

    // A new order: its card arrives live and the tab title counts it until someone touches the board.
    expect(await page.title()).toBe("Kitchen — Test Kitchen · Ardine")
    await placeOrder(owner, 11, 0)
    await card(page, 11).waitFor({ timeout: 15_000 })
    await expect.poll(() => page.title()).toBe("(1) Kitchen — Test Kitchen · Ardine")
    await placeOrder(owner, 12, 0)
    await card(page, 12).waitFor({ timeout: 15_000 })
    await expect.poll(() => page.title()).toBe("(2) Kitchen — Test Kitchen · Ardine")
    // Newest last in the column, after every older order.
    expect((await receivedTables(page)).slice(-2)).toEqual(["Table 11", "Table 12"])
    await page.locator(".kitchen-toolbar h2").click()
    await expect.poll(() => page.title()).toBe("Kitchen — Test Kitchen · Ardine")

    // The printed ticket: one order on an 80 mm slip, the table number largest, the items listed.
    expect(await page.locator(".kitchen-print .ticket").count()).toBe(0)
    await card(page, 4)
      .getByRole("button", { name: /^Print ticket: Table 4/ })
      .click()
    await expect.poll(() => prints(page)).toBe(1)
    await page.emulateMedia({ media: "print" })
    const ticket = page.locator(".kitchen-print .ticket")
    expect(await ticket.count()).toBe(1)
    expect(await ticket.isVisible()).toBe(true)
    expect(await page.locator(".board").isVisible()).toBe(false)
    expect(await ticket.locator(".ticket-table").textContent()).toBe("Table 4")
    expect(await ticket.locator(".ticket-items li").allTextContents()).toEqual(["2× Soup", "1× Steak"])
    expect(await ticket.locator(".ticket-code").textContent()).toBe(
      await card(page, 4).locator(".order-code").textContent(),
    )
    const layout = await ticket.evaluate((element: PageElement) => {
      const fontSize = (selector: string) =>
        Number.parseFloat(
          (globalThis as unknown as PageGlobals).getComputedStyle(element.querySelector(selector) ?? element).fontSize,
        )
      return {
        width: element.getBoundingClientRect().width,
        table: fontSize(".ticket-table"),
        items: fontSize(".ticket-items"),
        meta: fontSize(".ticket-meta"),
      }
    })
    // 80 mm paper with 3 mm margins: at most 74 mm (280 CSS px) wide.
    expect(layout.width).toBeLessThanOrEqual(281)
    expect(layout.width).toBeGreaterThan(200)
    expect(layout.table).toBeGreaterThanOrEqual(36)
    expect(layout.table).toBeGreaterThan(layout.items * 1.5)
    expect(layout.table).toBeGreaterThan(layout.meta * 1.5)
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1")
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)
    // 80 mm is 226.8 PDF points.
    expect(Number(mediaBox?.[1])).toBeCloseTo(226.8, 0)
    await page.emulateMedia({ media: "screen" })
    expect(await ticket.isVisible()).toBe(false)

    // Printing new orders automatically: a remembered switch, then each arrival prints its own ticket.
    const autoPrint = page.getByRole("button", { name: "Auto-print new orders" })
    expect(await autoPrint.getAttribute("aria-pressed")).toBe("false")
    await autoPrint.click()
    expect(await autoPrint.getAttribute("aria-pressed")).toBe("true")
    await placeOrder(owner, 13, 0)
    await card(page, 13).waitFor({ timeout: 15_000 })
    await expect.poll(() => prints(page)).toBe(2)
    expect(await page.locator(".kitchen-print .ticket-table").allTextContents()).toEqual(["Table 13"])
    await page.reload()
    await page.getByRole("heading", { level: 2, name: "Kitchen" }).waitFor()
    expect(await autoPrint.getAttribute("aria-pressed")).toBe("true")
    expect(await page.getByRole("region", { name: "Sound for new orders" }).count()).toBe(0)
    await autoPrint.click()
  }, 180_000)

  it("shows a diner's bill request live on the card, with the same order code on both screens", async () => {
    const owner = await ownerWithMenu(api, { tableCount: 20 })
    await placeOrder(owner, 2, 14)
    const placed = await placeOrder(owner, 6, 3)
    // A few more on the stove and at the pass, as on a real evening.
    for (const [table, minutesAgo, status] of [
      [3, 16, "preparing"],
      [8, 9, "preparing"],
      [5, 6, "ready"],
    ] as const) {
      const other = await placeOrder(owner, table, minutesAgo)
      await api.db.query("UPDATE orders SET status = $2 WHERE id = $1", [other.id, status])
    }
    const board = await openBoard(owner)
    // The owner sets the thresholds in Settings: red before amber is refused on the spot, then 2 and 12 saved.
    await board.getByRole("link", { name: "Settings" }).click()
    const amber = board.getByLabel("Amber after (minutes)")
    const red = board.getByLabel("Red after (minutes)")
    await amber.fill("15")
    await red.fill("12")
    await board.getByRole("button", { name: "Save kitchen timings" }).click()
    await board.getByText("Red must come after amber: enter more minutes than for amber.").waitFor()
    expect(await red.getAttribute("aria-invalid")).toBe("true")
    expect(await axeViolations(board)).toEqual([])
    await amber.fill("2")
    await board.getByRole("button", { name: "Save kitchen timings" }).click()
    await board.getByRole("status").getByText("Saved.").waitFor()
    const { rows } = await api.db.query(
      "SELECT kitchen_amber_minutes AS amber, kitchen_red_minutes AS red FROM restaurants WHERE id = $1",
      [owner.restaurant.id],
    )
    expect(rows[0]).toEqual({ amber: 2, red: 12 })
    await board.getByRole("link", { name: "Kitchen" }).click()
    await card(board, 6).waitFor()
    // The restaurant's own thresholds: 3 minutes is amber and 14 red with amber at 2 and red at 12.
    expect(await card(board, 6).getAttribute("class")).toContain("age-amber")
    expect(await card(board, 2).getAttribute("class")).toContain("age-red")
    const boardCode = (await card(board, 6).locator(".order-code").textContent()) ?? ""
    expect(boardCode).toMatch(/^#[0-9A-F]{4}$/)

    const dinerContext = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: api.baseUrl,
      permissions: ["clipboard-read", "clipboard-write"],
    })
    contexts.push(dinerContext)
    const diner = await dinerContext.newPage()
    await diner.goto(`/o/${placed.token}`)
    await diner.locator(".status-title").getByText("Received").waitFor()
    expect(await diner.locator(".order-code-large strong").textContent()).toBe(boardCode)

    await diner.getByRole("button", { name: "Copy link to this order" }).click()
    await diner.getByText("Link copied.").waitFor()
    expect(await diner.evaluate("navigator.clipboard.readText()")).toBe(`${api.baseUrl}/o/${placed.token}`)

    await diner.getByRole("button", { name: "Ask for the bill" }).click()
    await diner.getByText(/You asked for the bill at/).waitFor()
    expect(await diner.getByRole("button", { name: "Ask for the bill" }).count()).toBe(0)
    expect(await axeViolations(diner)).toEqual([])

    // The board hears it without a reload.
    await card(board, 6)
      .getByText(/^Bill requested/)
      .waitFor({ timeout: 15_000 })
    expect(
      await card(board, 2)
        .getByText(/^Bill requested/)
        .count(),
    ).toBe(0)
    expect(await axeViolations(board)).toEqual([])
    await mkdir(join(repoRoot, "docs/screenshots"), { recursive: true })
    await board.getByRole("button", { name: "Turn sound on" }).click()
    await sharp(await board.screenshot())
      .png({ palette: true, quality: 85, compressionLevel: 9 })
      .toFile(join(repoRoot, "docs/screenshots/kitchen-board.png"))

    // Without a usable Clipboard API the link is shown, selected, to copy by hand.
    const plain = await app.browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: api.baseUrl })
    contexts.push(plain)
    const fallback = await plain.newPage()
    await fallback.addInitScript({
      content:
        "Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } })",
    })
    await fallback.goto(`/o/${placed.token}`)
    await fallback.getByRole("button", { name: "Copy link to this order" }).click()
    const field = fallback.getByLabel("Copy this link to come back to your order")
    await field.waitFor()
    expect(await field.inputValue()).toBe(`${api.baseUrl}/o/${placed.token}`)
    expect(await field.evaluate((input: PageElement) => input.selectionEnd - input.selectionStart)).toBe(
      `${api.baseUrl}/o/${placed.token}`.length,
    )
  }, 180_000)
})
