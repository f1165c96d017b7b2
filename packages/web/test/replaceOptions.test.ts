import { DishId, DishOptionId, MAX_QUANTITY } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { type Cart, replaceOptions } from "../src/lib/cart.js"

const burger = DishId.make("00000000-0000-4000-8000-000000000001")
const salad = DishId.make("00000000-0000-4000-8000-000000000002")
const medium = DishOptionId.make("00000000-0000-4000-8000-0000000000a1")
const wellDone = DishOptionId.make("00000000-0000-4000-8000-0000000000a2")
const bacon = DishOptionId.make("00000000-0000-4000-8000-0000000000b1")

const cart: Cart = {
  table: 4,
  tableToken: "token",
  lines: [
    { dishId: burger, quantity: 2, optionIds: [medium, bacon] },
    { dishId: salad, quantity: 1 },
    { dishId: burger, quantity: 3, optionIds: [wellDone] },
  ],
}

describe("changing a cart line's options", () => {
  it("replaces the options in place, keeping the quantity, the other lines and the table", () => {
    const changed = replaceOptions(cart, { dishId: burger, optionIds: [bacon, medium] }, [medium])
    expect(changed).toEqual({
      ...cart,
      lines: [
        { dishId: burger, quantity: 2, optionIds: [medium] },
        { dishId: salad, quantity: 1 },
        { dishId: burger, quantity: 3, optionIds: [wellDone] },
      ],
    })
  })

  it("merges into a line that already has those options, where the changed line was", () => {
    const changed = replaceOptions(cart, { dishId: burger, optionIds: [wellDone] }, [bacon, medium])
    expect(changed.lines).toEqual([
      { dishId: salad, quantity: 1 },
      { dishId: burger, quantity: 5, optionIds: [bacon, medium] },
    ])
    const back = replaceOptions(cart, { dishId: burger, optionIds: [medium, bacon] }, [wellDone])
    expect(back.lines).toEqual([
      { dishId: burger, quantity: 5, optionIds: [wellDone] },
      { dishId: salad, quantity: 1 },
    ])
  })

  it("caps a merged quantity at the most one line may hold", () => {
    const full: Cart = {
      lines: [
        { dishId: burger, quantity: MAX_QUANTITY - 1, optionIds: [medium] },
        { dishId: burger, quantity: 4, optionIds: [wellDone] },
      ],
    }
    expect(replaceOptions(full, { dishId: burger, optionIds: [wellDone] }, [medium]).lines).toEqual([
      { dishId: burger, quantity: MAX_QUANTITY, optionIds: [medium] },
    ])
  })

  it("stores no options as a line without them, and leaves the cart alone for the same or an unknown line", () => {
    expect(replaceOptions(cart, { dishId: burger, optionIds: [wellDone] }, []).lines[2]).toEqual({
      dishId: burger,
      quantity: 3,
    })
    expect(replaceOptions(cart, { dishId: burger, optionIds: [bacon, medium] }, [medium, bacon])).toBe(cart)
    expect(replaceOptions(cart, { dishId: salad, optionIds: [bacon] }, [medium])).toBe(cart)
  })
})
