import { DishId, MAX_QUANTITY } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { addOne, emptyCart, itemCount, parseTable, quantityOf, removeOne, setQuantity } from "../src/lib/cart.js"
import { previewCart } from "../src/lib/cartPreview.js"
import { formatMoney } from "../src/lib/money.js"

const burrata = DishId.make("00000000-0000-4000-8000-000000000001")
const pizza = DishId.make("00000000-0000-4000-8000-000000000002")
const gone = DishId.make("00000000-0000-4000-8000-000000000003")

const onTop = (taxRateBps: number) => ({ taxRateBps, pricesIncludeTax: false })

const menu = [
  { id: burrata, name: "Burrata", priceMinor: 1150 },
  { id: pizza, name: "Margherita", priceMinor: 1300 },
]

describe("cart", () => {
  it("adds, counts and removes dishes; a double tap on add is one line of two", () => {
    let cart = addOne(addOne(emptyCart, { dishId: burrata }), { dishId: burrata })
    cart = addOne(cart, { dishId: pizza })
    expect(cart.lines).toEqual([
      { dishId: burrata, quantity: 2 },
      { dishId: pizza, quantity: 1 },
    ])
    expect(itemCount(cart)).toBe(3)
    cart = removeOne(removeOne(cart, { dishId: burrata }), { dishId: burrata })
    expect(quantityOf(cart, { dishId: burrata })).toBe(0)
    expect(cart.lines).toEqual([{ dishId: pizza, quantity: 1 }])
  })

  it("keeps quantities within what the server accepts", () => {
    expect(quantityOf(setQuantity(emptyCart, { dishId: pizza }, 500), { dishId: pizza })).toBe(MAX_QUANTITY)
    expect(setQuantity(emptyCart, { dishId: pizza }, -3).lines).toEqual([])
  })

  it("reads the table from the QR code's query", () => {
    expect(parseTable("4")).toBe(4)
    expect(parseTable("0")).toBeUndefined()
    expect(parseTable("501")).toBeUndefined()
    expect(parseTable("4abc")).toBeUndefined()
    expect(parseTable(undefined)).toBeUndefined()
  })
})

describe("cart preview totals", () => {
  it("prices lines from menu prices with the domain's tax rounding", () => {
    const lines = [
      { dishId: burrata, quantity: 2 },
      { dishId: pizza, quantity: 1 },
    ]
    const preview = previewCart(lines, menu, onTop(1000))
    expect(preview.lines.map((line) => line.lineTotalMinor)).toEqual([2300, 1300])
    expect(preview.subtotalMinor).toBe(3600)
    expect(preview.taxMinor).toBe(360)
    expect(preview.totalMinor).toBe(3960)
    expect(formatMoney(preview.totalMinor, "EUR", "en-IE")).toBe("€39.60")
  })

  it("rounds tax half up to a whole minor unit, as the server does", () => {
    // 1150 * 7.5 % = 86.25 -> 86; 1170 * 7.5 % = 87.75 -> 88; 10 * 5 % = 0.5 -> 1
    expect(previewCart([{ dishId: burrata, quantity: 1 }], menu, onTop(750)).taxMinor).toBe(86)
    expect(
      previewCart([{ dishId: burrata, quantity: 1 }], [{ ...menu[0], priceMinor: 1170 }] as never, onTop(750)).taxMinor,
    ).toBe(88)
    expect(
      previewCart([{ dishId: pizza, quantity: 1 }], [{ id: pizza, name: "x", priceMinor: 10 }], onTop(500)).taxMinor,
    ).toBe(1)
  })

  it("works in currencies without minor units", () => {
    const yen = [{ id: pizza, name: "Ramen", priceMinor: 980 }]
    const preview = previewCart([{ dishId: pizza, quantity: 3 }], yen, onTop(1000))
    expect(preview.totalMinor).toBe(3234)
    expect(formatMoney(preview.totalMinor, "JPY", "en-US")).toBe("¥3,234")
  })

  it("leaves dishes that left the menu out of the totals and names them", () => {
    const preview = previewCart(
      [
        { dishId: gone, quantity: 1 },
        { dishId: pizza, quantity: 2 },
      ],
      menu,
      onTop(1800),
    )
    expect(preview.unavailable).toEqual([{ dishId: gone, quantity: 1 }])
    expect(preview.subtotalMinor).toBe(2600)
    expect(preview.taxMinor).toBe(468)
    expect(formatMoney(preview.totalMinor, "INR", "en-IN")).toBe("₹30.68")
  })

  it("is zero for an empty cart", () => {
    expect(previewCart([], menu, onTop(1000))).toMatchObject({ subtotalMinor: 0, taxMinor: 0, totalMinor: 0 })
  })
})
