import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { MenuDish } from "../src/dish.js"
import type { DishId } from "../src/ids.js"
import { chooseOptions, type PricedOptionGroup, unitPriceWithOptions } from "../src/optionChoice.js"
import {
  CreateOptionGroupRequest,
  type DishOptionId,
  optionGroupRulesProblem,
  rulesAfterUpdate,
  rulesForNewGroup,
} from "../src/options.js"
import { OrderItem, OrderLineRequest } from "../src/order.js"
import { mergeLines, type PricedDish, priceOrder } from "../src/pricing.js"

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`
const optionId = (n: number) => uuid(100 + n) as DishOptionId
const dishId = uuid(1) as DishId

const option = (n: number, priceDeltaMinor = 0, available = true) => ({
  id: optionId(n),
  name: `O${n}`,
  priceDeltaMinor,
  available,
})
const cooking: PricedOptionGroup = {
  id: uuid(50),
  name: "Cooking",
  minSelections: 1,
  maxSelections: 1,
  options: [option(1), option(2)],
}
const extras: PricedOptionGroup = {
  id: uuid(51),
  name: "Extras",
  minSelections: 0,
  maxSelections: 2,
  options: [option(3, 250), option(4, -50), option(5, 900, false)],
}
const groups = [cooking, extras]
const tagOf = (result: Either.Either<unknown, { readonly _tag: string }>) =>
  Either.isLeft(result) ? result.left._tag : "ok"

describe("group rules", () => {
  it("derives consistent defaults for a new group", () => {
    expect(rulesForNewGroup({ selection: "single", optionCount: 3 })).toEqual({
      selection: "single",
      required: false,
      minSelections: 0,
      maxSelections: 1,
    })
    expect(rulesForNewGroup({ selection: "single", required: true, optionCount: 3 })).toMatchObject({
      minSelections: 1,
      maxSelections: 1,
    })
    expect(rulesForNewGroup({ selection: "multiple", optionCount: 4 })).toMatchObject({ maxSelections: 4 })
    expect(rulesForNewGroup({ selection: "multiple", minSelections: 2, optionCount: 0 })).toEqual({
      selection: "multiple",
      required: true,
      minSelections: 2,
      maxSelections: 2,
    })
  })

  it("names what contradicts", () => {
    const ok = { selection: "multiple", required: true, minSelections: 1, maxSelections: 3 } as const
    expect(optionGroupRulesProblem(ok)).toBeUndefined()
    expect(optionGroupRulesProblem({ ...ok, selection: "single" })).toMatch(/exactly one/)
    expect(optionGroupRulesProblem({ ...ok, required: false })).toMatch(/no minimum/)
    expect(optionGroupRulesProblem({ ...ok, minSelections: 0 })).toMatch(/at least one/)
    expect(optionGroupRulesProblem({ ...ok, minSelections: 4 })).toMatch(/above the maximum/)
    expect(optionGroupRulesProblem({ ...ok, maxSelections: 0, minSelections: 0, required: false })).toMatch(/allow/)
  })

  it("keeps a group consistent through updates that change one thing", () => {
    const multiple = { selection: "multiple", required: false, minSelections: 0, maxSelections: 3 } as const
    expect(rulesAfterUpdate(multiple, { selection: "single" })).toMatchObject({ maxSelections: 1 })
    expect(rulesAfterUpdate(multiple, { required: true })).toMatchObject({ minSelections: 1, maxSelections: 3 })
    expect(rulesAfterUpdate(multiple, { minSelections: 2 })).toMatchObject({ required: true, minSelections: 2 })
    const required = rulesAfterUpdate(multiple, { minSelections: 2 })
    expect(rulesAfterUpdate(required, { required: false })).toMatchObject({ minSelections: 0 })
    expect(rulesAfterUpdate(required, { selection: "single" })).toMatchObject({ minSelections: 1, maxSelections: 1 })
    for (const update of [{ selection: "single" as const }, { required: true }, { required: false }, {}]) {
      expect(optionGroupRulesProblem(rulesAfterUpdate(multiple, update))).toBeUndefined()
    }
  })
})

describe("choosing options", () => {
  it("accepts a valid choice and returns it in the menu's order", () => {
    const chosen = chooseOptions(dishId, groups, [optionId(4), optionId(2), optionId(3)])
    expect(Either.getOrThrow(chosen).map((o) => o.name)).toEqual(["O2", "O3", "O4"])
    expect(unitPriceWithOptions(1000, Either.getOrThrow(chosen))).toBe(1200)
  })

  it("refuses unknown, unavailable, missing, too few and too many", () => {
    expect(tagOf(chooseOptions(dishId, groups, [optionId(1), optionId(99)]))).toBe("UnknownOption")
    expect(tagOf(chooseOptions(dishId, groups, [optionId(1), optionId(5)]))).toBe("OptionUnavailable")
    expect(tagOf(chooseOptions(dishId, groups, [optionId(3)]))).toBe("RequiredOptionMissing")
    expect(tagOf(chooseOptions(dishId, groups, []))).toBe("RequiredOptionMissing")
    expect(tagOf(chooseOptions(dishId, groups, [optionId(1), optionId(2)]))).toBe("TooManyOptions")
    const pickTwo = { ...extras, minSelections: 2 }
    expect(tagOf(chooseOptions(dishId, [pickTwo], [optionId(3)]))).toBe("TooFewOptions")
    expect(tagOf(chooseOptions(dishId, [pickTwo], [optionId(3), optionId(4)]))).toBe("ok")
  })

  it("never prices below zero, and adds every difference otherwise", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 10 }),
        (base, deltas) => {
          const options = deltas.map((d, i) => ({
            optionId: optionId(i),
            groupName: "G",
            name: "O",
            priceDeltaMinor: d,
          }))
          const sum = deltas.reduce((a, b) => a + b, base)
          return unitPriceWithOptions(base, options) === Math.max(0, sum)
        },
      ),
    )
  })
})

describe("order lines with options", () => {
  const steak: PricedDish = { id: dishId, name: "Steak", priceMinor: 2000, available: true, optionGroups: groups }

  it("merges the same dish with the same options in any order, not with other options", () => {
    const merged = Either.getOrThrow(
      mergeLines([
        { dishId, quantity: 1, optionIds: [optionId(1), optionId(3)] },
        { dishId, quantity: 2, optionIds: [optionId(3), optionId(1)] },
        { dishId, quantity: 1, optionIds: [optionId(2)] },
      ]),
    )
    expect(merged.map((line) => line.quantity)).toEqual([3, 1])
  })

  it("prices each line as base plus its options and totals with tax", () => {
    const priced = priceOrder(
      [
        { dishId, quantity: 2, optionIds: [optionId(1), optionId(3)] },
        { dishId, quantity: 1, optionIds: [optionId(2), optionId(4)] },
      ],
      new Map([[dishId, steak]]),
      { taxRateBps: 1000, pricesIncludeTax: false },
    )
    const order = Either.getOrThrow(priced)
    expect(order.items.map((i) => [i.unitPriceMinor, i.lineTotalMinor])).toEqual([
      [2250, 4500],
      [1950, 1950],
    ])
    expect(order).toMatchObject({ subtotalMinor: 6450, taxMinor: 645, totalMinor: 7095 })
  })

  it("decodes option ids on a line, refusing repeats, and defaults the snapshot and menu groups", () => {
    const decode = Schema.decodeUnknownEither(OrderLineRequest)
    expect(Either.isRight(decode({ dishId, quantity: 1 }))).toBe(true)
    expect(Either.isRight(decode({ dishId, quantity: 1, optionIds: [optionId(1)] }))).toBe(true)
    expect(Either.isLeft(decode({ dishId, quantity: 1, optionIds: [optionId(1), optionId(1)] }))).toBe(true)
    expect(Either.isLeft(decode({ dishId, quantity: 1, optionIds: ["not-a-uuid"] }))).toBe(true)
    const item = Schema.decodeUnknownSync(OrderItem)({
      dishId,
      name: "Steak",
      unitPriceMinor: 1,
      quantity: 1,
      lineTotalMinor: 1,
    })
    expect(item.options).toEqual([])
    const menuDish = Schema.decodeUnknownSync(MenuDish)({
      id: dishId,
      name: "Steak",
      description: "",
      category: "Mains",
      priceMinor: 1,
      portionSize: "",
      allergens: [],
      dietaryTags: [],
      imageUrl: null,
      modelUrl: null,
      allergensConfirmed: true,
      usdzUrl: null,
    })
    expect(menuDish.optionGroups).toEqual([])
  })

  it("bounds what an owner may create", () => {
    const decode = Schema.decodeUnknownEither(CreateOptionGroupRequest)
    expect(Either.isRight(decode({ name: "Milk", selection: "single" }))).toBe(true)
    expect(Either.isLeft(decode({ name: "", selection: "single" }))).toBe(true)
    expect(Either.isLeft(decode({ name: "Milk", selection: "any" }))).toBe(true)
    expect(
      Either.isLeft(decode({ name: "Milk", selection: "single", options: [{ name: "Oat", priceDeltaMinor: 0.5 }] })),
    ).toBe(true)
    const many = Array.from({ length: 31 }, (_, i) => ({ name: `O${i}` }))
    expect(Either.isLeft(decode({ name: "Milk", selection: "multiple", options: many }))).toBe(true)
  })
})
