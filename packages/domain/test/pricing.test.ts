import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { DishId } from "../src/ids.js"
import { taxOn } from "../src/money.js"
import { mergeLines, type PricedDish, priceOrder } from "../src/pricing.js"

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` as DishId
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
      1000,
    )
    expect(priced).toEqual(
      Either.right({
        items: [
          { dishId: id(1), name: "D1", unitPriceMinor: 450, quantity: 2, lineTotalMinor: 900 },
          { dishId: id(2), name: "D2", unitPriceMinor: 2399, quantity: 1, lineTotalMinor: 2399 },
        ],
        subtotalMinor: 3299,
        taxMinor: 330,
        totalMinor: 3629,
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
      0,
    )
    expect(Either.isLeft(priced) && priced.left.dishIds).toEqual([id(3), id(9)])
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
            bps,
          )
          if (Either.isLeft(result)) return false
          const subtotal = lines.reduce((s, l) => s + l.price * l.quantity, 0)
          return result.right.subtotalMinor === subtotal && result.right.totalMinor === subtotal + taxOn(subtotal, bps)
        },
      ),
    )
  })
})
