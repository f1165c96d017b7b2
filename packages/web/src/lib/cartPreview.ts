import { type DishId, type PricedDish, type PricedLine, priceOrder, type TaxRule } from "@ardine/domain"
import { Either } from "effect"
import type { CartLine } from "./cart.js"

/** What the cart shows before ordering: an estimate from menu prices; the server's order is the truth. */
export interface CartPreview {
  readonly lines: ReadonlyArray<PricedLine>
  readonly subtotalMinor: number
  readonly taxMinor: number
  readonly totalMinor: number
  readonly pricesIncludeTax: boolean
  /** Cart lines whose dish is no longer on the menu: shown apart, left out of the totals. */
  readonly unavailable: ReadonlyArray<DishId>
}

/**
 * Prices the cart with the domain's own `priceOrder` (the same rules the server applies, tax
 * rounded the same way), so the preview matches the order unless a price changed in between.
 */
export const previewCart = (
  lines: ReadonlyArray<CartLine>,
  menu: ReadonlyArray<{ readonly id: DishId; readonly name: string; readonly priceMinor: number }>,
  restaurant: TaxRule,
): CartPreview => {
  // The public menu only lists dishes that can be ordered, so every dish on it is available.
  const dishes = new Map<DishId, PricedDish>(menu.map((dish) => [dish.id, { ...dish, available: true }]))
  const unavailable = lines.filter((line) => !dishes.has(line.dishId)).map((line) => line.dishId)
  const orderable = lines.filter((line) => dishes.has(line.dishId))
  const priced = priceOrder(orderable, dishes, restaurant)
  return Either.match(priced, {
    // Unreachable (only known dishes are priced); an empty preview is the safe answer anyway.
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
