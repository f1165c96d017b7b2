import {
  chooseOptions,
  type DishId,
  type PricedDish,
  type PricedLine,
  type PricedOptionGroup,
  priceOrder,
  type TaxRule,
} from "@ardine/domain"
import { Either } from "effect"
import type { CartLine } from "./cart.js"

/** What the cart shows before ordering: an estimate from menu prices; the server's order is the truth. */
export interface CartPreview {
  readonly lines: ReadonlyArray<PricedLine>
  readonly subtotalMinor: number
  readonly taxMinor: number
  readonly totalMinor: number
  readonly pricesIncludeTax: boolean
  /**
   * Cart lines the menu can no longer serve (the dish is gone, or a chosen option is, or the dish's
   * options changed so the choice no longer fits): shown apart, left out of the totals.
   */
  readonly unavailable: ReadonlyArray<CartLine>
}

/** A dish as the cart prices it: the public menu's fields it needs, options included. */
export interface PreviewDish {
  readonly id: DishId
  readonly name: string
  readonly priceMinor: number
  readonly optionGroups?: ReadonlyArray<PricedOptionGroup>
}

/**
 * Prices the cart with the domain's own `priceOrder` (the same rules the server applies, options and tax
 * rounded the same way), so the preview matches the order unless a price changed in between.
 */
export const previewCart = (
  lines: ReadonlyArray<CartLine>,
  menu: ReadonlyArray<PreviewDish>,
  restaurant: TaxRule,
): CartPreview => {
  // The public menu only lists dishes (and options) that can be ordered, so every one on it is available.
  const dishes = new Map<DishId, PricedDish>(menu.map((dish) => [dish.id, { ...dish, available: true }]))
  const servable = (line: CartLine) => {
    const dish = dishes.get(line.dishId)
    return dish !== undefined && Either.isRight(chooseOptions(dish.id, dish.optionGroups ?? [], line.optionIds ?? []))
  }
  const unavailable = lines.filter((line) => !servable(line))
  const priced = priceOrder(lines.filter(servable), dishes, restaurant)
  return Either.match(priced, {
    // Unreachable (only servable lines are priced); an empty preview is the safe answer anyway.
    onLeft: () => ({
      lines: [],
      subtotalMinor: 0,
      taxMinor: 0,
      totalMinor: 0,
      pricesIncludeTax: restaurant.pricesIncludeTax,
      unavailable,
    }),
    onRight: (order) => ({ ...order, lines: order.items, unavailable }),
  })
}
