import { DishId } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { dictionary } from "../src/i18n/dictionaries/en.js"
import { previewCart } from "../src/lib/cartPreview.js"
import { formatMoney } from "../src/lib/money.js"
import { chosenPayment } from "../src/lib/payment.js"
import { totalsRows } from "../src/lib/totals.js"

const burrata = DishId.make("00000000-0000-4000-8000-000000000001")
const pizza = DishId.make("00000000-0000-4000-8000-000000000002")
const menu = [
  { id: burrata, name: "Burrata", priceMinor: 1150 },
  { id: pizza, name: "Margherita", priceMinor: 1300 },
]
const lines = [
  { dishId: burrata, quantity: 2 },
  { dishId: pizza, quantity: 1 },
]

describe("a cart where menu prices include tax", () => {
  it("totals what the menu says and shows the tax inside it", () => {
    const preview = previewCart(lines, menu, { taxRateBps: 1000, pricesIncludeTax: true })
    expect(preview.lines.map((line) => line.lineTotalMinor)).toEqual([2300, 1300])
    // 36.00 incl. 10 %: 36.00 / 11 = 3.2727 -> 3.27
    expect(preview).toMatchObject({ subtotalMinor: 3273, taxMinor: 327, totalMinor: 3600, pricesIncludeTax: true })
    expect(formatMoney(preview.totalMinor, "EUR", "en-IE")).toBe("€36.00")
  })

  it("reads as the tax it includes and the total; with tax on top as subtotal, tax and total", () => {
    const included = previewCart(lines, menu, { taxRateBps: 1000, pricesIncludeTax: true })
    expect(totalsRows(included, dictionary.totals, { taxRateBps: 1000 })).toEqual([
      { label: "Includes tax (10%)", amountMinor: 327, isTotal: false },
      { label: "Total", amountMinor: 3600, isTotal: true },
    ])
    const onTop = previewCart(lines, menu, { taxRateBps: 1000, pricesIncludeTax: false })
    expect(totalsRows(onTop, dictionary.totals, { taxRateBps: 1000, totalLabel: "Estimated total" })).toEqual([
      { label: "Subtotal", amountMinor: 3600, isTotal: false },
      { label: "Tax (10%)", amountMinor: 360, isTotal: false },
      { label: "Estimated total", amountMinor: 3960, isTotal: true },
    ])
  })

  it("a placed order reads the same as its cart did (the order status page shows no rate)", () => {
    const order = { subtotalMinor: 3273, taxMinor: 327, totalMinor: 3600, pricesIncludeTax: true }
    expect(totalsRows(order, dictionary.totals).map((row) => row.amountMinor)).toEqual([327, 3600])
    expect(totalsRows(order, dictionary.totals)[0]?.label).toBe("Includes tax")
  })
})

describe("the diner's way to pay", () => {
  it("keeps the remembered method where the restaurant takes it, else offers its first", () => {
    expect(chosenPayment(["Cash", "Card", "UPI"], "UPI")).toBe("UPI")
    expect(chosenPayment(["Card", "Cash"], "UPI")).toBe("Card")
    expect(chosenPayment(["Cash"], "Card")).toBe("Cash")
  })
})
