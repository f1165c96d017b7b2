import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { DishId } from "../src/ids.js"
import { taxIncludedIn, taxOn } from "../src/money.js"
import { mergeLines, type PricedDish, priceOrder, type TaxRule } from "../src/pricing.js"

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` as DishId
const onTop = (taxRateBps: number): TaxRule => ({ taxRateBps, pricesIncludeTax: false })
const included = (taxRateBps: number): TaxRule => ({ taxRateBps, pricesIncludeTax: true })
const dish = (n: number, priceMinor: number, available = true): PricedDish => ({
  id: id(n),
  name: `D${n}`,
  priceMinor,
  available,
})

describe("tax", () => {
  it("rounds half up to a whole minor unit", () => {
    expect(taxOn(1000, 1000)).toBe(100)
    expect(taxOn(3299, 1250)).toBe(412) // 412.375
    expect(taxOn(4, 1250)).toBe(1) // 0.5 rounds up
    expect(taxOn(3, 1250)).toBe(0) // 0.375
    expect(taxOn(12345, 0)).toBe(0)
  })

  it("never produces fractions or negatives", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5e10 }), fc.integer({ min: 0, max: 10_000 }), (subtotal, bps) => {
        const tax = taxOn(subtotal, bps)
        return Number.isSafeInteger(tax) && tax >= 0 && Math.abs(tax - (subtotal * bps) / 10_000) <= 0.5
      }),
    )
  })
})

describe("merging cart lines", () => {
  it("adds quantities of repeated dishes, keeping first positions", () => {
    const merged = mergeLines([
      { dishId: id(1), quantity: 2 },
      { dishId: id(2), quantity: 1 },
      { dishId: id(1), quantity: 3 },
    ])
    expect(merged).toEqual(
      Either.right([
        { dishId: id(1), quantity: 5 },
        { dishId: id(2), quantity: 1 },
      ]),
    )
  })

  it("refuses a merged quantity over 50", () => {
    const merged = mergeLines([
      { dishId: id(1), quantity: 25 },
      { dishId: id(1), quantity: 26 },
    ])
    expect(Either.isLeft(merged) && merged.left._tag).toBe("QuantityTooLarge")
  })
})

describe("pricing", () => {
  const menu = new Map([dish(1, 450), dish(2, 2399), dish(3, 700, false)].map((d) => [d.id, d]))

  it("uses the database price for every line and totals subtotal + tax", () => {
    const priced = priceOrder(
      [
        { dishId: id(1), quantity: 2 },
        { dishId: id(2), quantity: 1 },
      ],
      menu,
      onTop(1000),
    )
    expect(priced).toEqual(
      Either.right({
        items: [
          { dishId: id(1), name: "D1", unitPriceMinor: 450, quantity: 2, lineTotalMinor: 900, options: [] },
          { dishId: id(2), name: "D2", unitPriceMinor: 2399, quantity: 1, lineTotalMinor: 2399, options: [] },
        ],
        subtotalMinor: 3299,
        taxMinor: 330,
        totalMinor: 3629,
        pricesIncludeTax: false,
      }),
    )
  })

  it("names every unavailable or unknown dish", () => {
    const priced = priceOrder(
      [
        { dishId: id(3), quantity: 1 },
        { dishId: id(1), quantity: 1 },
        { dishId: id(9), quantity: 1 },
      ],
      menu,
      onTop(0),
    )
    expect(Either.isLeft(priced) && priced.left._tag === "DishUnavailable" && priced.left.dishIds).toEqual([
      id(3),
      id(9),
    ])
  })

  it("total is always the sum of lines plus tax", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ price: fc.integer({ min: 0, max: 10_000_000 }), quantity: fc.integer({ min: 1, max: 50 }) }),
          { minLength: 1, maxLength: 100 },
        ),
        fc.integer({ min: 0, max: 10_000 }),
        (lines, bps) => {
          const dishes = new Map(lines.map((l, i) => [id(i), dish(i, l.price)]))
          const result = priceOrder(
            lines.map((l, i) => ({ dishId: id(i), quantity: l.quantity })),
            dishes,
            onTop(bps),
          )
          if (Either.isLeft(result)) return false
          const subtotal = lines.reduce((s, l) => s + l.price * l.quantity, 0)
          return result.right.subtotalMinor === subtotal && result.right.totalMinor === subtotal + taxOn(subtotal, bps)
        },
      ),
    )
  })
})

describe("tax contained in a tax-inclusive price", () => {
  it("is total * rate / (1 + rate), rounded half up like tax on top", () => {
    expect(taxIncludedIn(1100, 1000)).toBe(100)
    expect(taxIncludedIn(1000, 1000)).toBe(91) // 90.909
    expect(taxIncludedIn(1250, 2000)).toBe(208) // 208.33
    expect(taxIncludedIn(1, 10_000)).toBe(1) // 0.5 rounds up
    expect(taxIncludedIn(3, 10_000)).toBe(2) // 1.5 rounds up
    expect(taxIncludedIn(12345, 0)).toBe(0)
    expect(taxIncludedIn(0, 1000)).toBe(0)
  })

  it("is a whole minor unit within half a unit of the exact share, never more than the total", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5e10 }), fc.integer({ min: 0, max: 10_000 }), (total, bps) => {
        const tax = taxIncludedIn(total, bps)
        const exact = (total * bps) / (10_000 + bps)
        return Number.isSafeInteger(tax) && tax >= 0 && tax <= total && Math.abs(tax - exact) <= 0.5
      }),
    )
  })
})

describe("pricing with tax included in menu prices", () => {
  const menu = new Map([dish(1, 450), dish(2, 2399)].map((d) => [d.id, d]))

  it("charges what the menu says and records the tax part of it", () => {
    const priced = priceOrder(
      [
        { dishId: id(1), quantity: 2 },
        { dishId: id(2), quantity: 1 },
      ],
      menu,
      included(1000),
    )
    // 3299 incl. 10 %: tax 299.9 -> 300, net 2999.
    expect(Either.isRight(priced) && priced.right).toMatchObject({
      subtotalMinor: 2999,
      taxMinor: 300,
      totalMinor: 3299,
      pricesIncludeTax: true,
    })
  })

  const cart = fc.array(
    fc.record({ price: fc.integer({ min: 0, max: 10_000_000 }), quantity: fc.integer({ min: 1, max: 50 }) }),
    { minLength: 1, maxLength: 100 },
  )
  const price = (lines: ReadonlyArray<{ price: number; quantity: number }>, rule: TaxRule) =>
    priceOrder(
      lines.map((l, i) => ({ dishId: id(i), quantity: l.quantity })),
      new Map(lines.map((l, i) => [id(i), dish(i, l.price)])),
      rule,
    )

  it("total is the sum of lines, and subtotal + tax is the total", () => {
    fc.assert(
      fc.property(cart, fc.integer({ min: 0, max: 10_000 }), (lines, bps) => {
        const result = price(lines, included(bps))
        if (Either.isLeft(result)) return false
        const { subtotalMinor, taxMinor, totalMinor } = result.right
        const sum = lines.reduce((s, l) => s + l.price * l.quantity, 0)
        return (
          totalMinor === sum &&
          taxMinor === taxIncludedIn(sum, bps) &&
          subtotalMinor + taxMinor === totalMinor &&
          subtotalMinor >= 0
        )
      }),
    )
  })

  it("records the tax that charging it on top of the net would give, to within one minor unit", () => {
    fc.assert(
      fc.property(cart, fc.integer({ min: 0, max: 10_000 }), (lines, bps) => {
        const result = price(lines, included(bps))
        if (Either.isLeft(result)) return false
        return Math.abs(taxOn(result.right.subtotalMinor, bps) - result.right.taxMinor) <= 1
      }),
    )
  })

  it("leaves the lines as they are: only the totals differ from tax on top", () => {
    fc.assert(
      fc.property(cart, fc.integer({ min: 0, max: 10_000 }), (lines, bps) => {
        const inclusive = price(lines, included(bps))
        const exclusive = price(lines, onTop(bps))
        return (
          Either.isRight(inclusive) &&
          Either.isRight(exclusive) &&
          JSON.stringify(inclusive.right.items) === JSON.stringify(exclusive.right.items) &&
          inclusive.right.totalMinor === exclusive.right.subtotalMinor
        )
      }),
    )
  })
})
