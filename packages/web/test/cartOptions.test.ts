import { DishId, DishOptionId, OptionGroupId, type PlaceOrderRequest } from "@ardine/domain"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { addOne, emptyCart, quantityOf, removeOne, withoutLines } from "../src/lib/cart.js"
import { previewCart } from "../src/lib/cartPreview.js"
import { checkGroupForm, checkOptionForm, deltaToInput, parseDeltaInput, rulesSummary } from "../src/lib/optionForms.js"
import { fingerprintOf } from "../src/lib/submitOrder.js"

const burger = DishId.make("00000000-0000-4000-8000-000000000001")
const salad = DishId.make("00000000-0000-4000-8000-000000000002")
const medium = DishOptionId.make("00000000-0000-4000-8000-0000000000a1")
const wellDone = DishOptionId.make("00000000-0000-4000-8000-0000000000a2")
const bacon = DishOptionId.make("00000000-0000-4000-8000-0000000000b1")
const noCheese = DishOptionId.make("00000000-0000-4000-8000-0000000000b2")

const cooking = {
  id: OptionGroupId.make("00000000-0000-4000-8000-0000000000c1"),
  name: "Cooking",
  minSelections: 1,
  maxSelections: 1,
  options: [
    { id: medium, name: "Medium", priceDeltaMinor: 0, available: true },
    { id: wellDone, name: "Well done", priceDeltaMinor: 0, available: true },
  ],
}
const extras = {
  id: OptionGroupId.make("00000000-0000-4000-8000-0000000000c2"),
  name: "Extras",
  minSelections: 0,
  maxSelections: 2,
  options: [
    { id: bacon, name: "Bacon", priceDeltaMinor: 150, available: true },
    { id: noCheese, name: "No cheese", priceDeltaMinor: -50, available: true },
  ],
}
const menu = [
  { id: burger, name: "Burger", priceMinor: 1200, optionGroups: [cooking, extras] },
  { id: salad, name: "Salad", priceMinor: 900 },
]
const onTop = { taxRateBps: 1000, pricesIncludeTax: false }

describe("a cart line is a dish with its options", () => {
  it("keeps the same dish with other options as another line, and the same options in any order as one", () => {
    let cart = addOne(emptyCart, { dishId: burger, optionIds: [medium, bacon] })
    cart = addOne(cart, { dishId: burger, optionIds: [bacon, medium] })
    cart = addOne(cart, { dishId: burger, optionIds: [wellDone] })
    cart = addOne(cart, { dishId: salad, optionIds: [] })
    expect(cart.lines).toEqual([
      { dishId: burger, quantity: 2, optionIds: [medium, bacon] },
      { dishId: burger, quantity: 1, optionIds: [wellDone] },
      { dishId: salad, quantity: 1 },
    ])
    expect(quantityOf(cart, { dishId: burger, optionIds: [wellDone] })).toBe(1)
    expect(quantityOf(cart, { dishId: burger })).toBe(0)
    cart = removeOne(cart, { dishId: burger, optionIds: [wellDone] })
    expect(cart.lines.map((line) => line.quantity)).toEqual([2, 1])
    expect(withoutLines(cart, [{ dishId: burger, optionIds: [bacon, medium] }]).lines).toEqual([
      { dishId: salad, quantity: 1 },
    ])
  })

  it("prices each line with its options, negative differences included, as the server will", () => {
    const preview = previewCart(
      [
        { dishId: burger, quantity: 2, optionIds: [bacon, medium] },
        { dishId: burger, quantity: 1, optionIds: [wellDone, noCheese] },
      ],
      menu,
      onTop,
    )
    expect(preview.lines.map((line) => [line.unitPriceMinor, line.lineTotalMinor])).toEqual([
      [1350, 2700],
      [1150, 1150],
    ])
    expect(preview.lines[0]?.options.map((option) => option.name)).toEqual(["Medium", "Bacon"])
    expect(preview.subtotalMinor).toBe(3850)
    expect(preview.totalMinor).toBe(4235)
    expect(preview.unavailable).toEqual([])
  })

  it("sets apart lines whose choice the menu no longer allows, and prices the rest", () => {
    const gone = DishOptionId.make("00000000-0000-4000-8000-0000000000ff")
    const lines = [
      { dishId: burger, quantity: 1, optionIds: [medium, gone] },
      { dishId: burger, quantity: 1 },
      { dishId: salad, quantity: 1 },
    ]
    const preview = previewCart(lines, menu, onTop)
    expect(preview.unavailable).toEqual([lines[0], lines[1]])
    expect(preview.subtotalMinor).toBe(900)
  })

  it("gives another fingerprint (so another Idempotency-Key) when only the options change", () => {
    const request = (optionIds: ReadonlyArray<DishOptionId>): PlaceOrderRequest => ({
      table: 4,
      items: [{ dishId: burger, quantity: 1, optionIds }],
      customerName: "Ada",
      customerPhone: "+44 20 7946 0958",
      paymentMethod: "Cash",
    })
    expect(fingerprintOf(request([medium]))).not.toBe(fingerprintOf(request([wellDone])))
    expect(fingerprintOf(request([medium, bacon]))).toBe(fingerprintOf(request([bacon, medium])))
  })
})

describe("the owner's option forms", () => {
  it("reads price differences with either sign", () => {
    expect(parseDeltaInput("0.40", "EUR")).toBe(40)
    expect(parseDeltaInput("+1", "EUR")).toBe(100)
    expect(parseDeltaInput("-0.5", "EUR")).toBe(-50)
    expect(parseDeltaInput("−1,20", "EUR")).toBe(-120)
    expect(parseDeltaInput("abc", "EUR")).toBeUndefined()
    expect(deltaToInput(-50, "EUR")).toBe("-0.50")
    expect(deltaToInput(120, "JPY")).toBe("120")
  })

  it("checks an option's name and price difference", () => {
    expect(checkOptionForm({ name: "No cheese", priceDelta: "-0.50", available: true }, "EUR")).toEqual(
      Either.right({ name: "No cheese", priceDeltaMinor: -50, available: true, translations: {} }),
    )
    const wrong = checkOptionForm({ name: "", priceDelta: "1.234", available: true }, "EUR")
    expect(Either.isLeft(wrong) && Object.keys(wrong.left).sort()).toEqual(["name", "priceDeltaMinor"])
  })

  it("fills in what a single choice implies and refuses rules that contradict each other", () => {
    const single = checkGroupForm(
      { name: "Cooking", selection: "single", required: true, minSelections: "", maxSelections: "" },
      0,
    )
    expect(single).toEqual(
      Either.right({
        name: "Cooking",
        rules: { selection: "single", required: true, minSelections: 1, maxSelections: 1 },
      }),
    )
    const several = checkGroupForm(
      { name: "Extras", selection: "multiple", required: false, minSelections: "0", maxSelections: "3" },
      2,
    )
    expect(Either.isRight(several) && rulesSummary(several.right.rules)).toBe("Several choices, optional, up to 3")
    const upsideDown = checkGroupForm(
      { name: "Sauces", selection: "multiple", required: false, minSelections: "3", maxSelections: "2" },
      4,
    )
    expect(Either.isLeft(upsideDown) && upsideDown.left.maxSelections).toBe("The minimum is above the maximum")
    const unnamed = checkGroupForm(
      { name: " ", selection: "multiple", required: false, minSelections: "x", maxSelections: "2" },
      4,
    )
    expect(Either.isLeft(unnamed) && Object.keys(unnamed.left).sort()).toEqual(["minSelections", "name"])
  })
})
