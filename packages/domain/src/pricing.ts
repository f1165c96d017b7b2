import { Either } from "effect"
import { DishUnavailable, QuantityTooLarge } from "./errors.js"
import type { DishId } from "./ids.js"
import { taxIncludedIn, taxOn } from "./money.js"
import {
  type ChosenOption,
  chooseOptions,
  lineKey,
  type PricedOptionGroup,
  unitPriceWithOptions,
} from "./optionChoice.js"
import type { OptionChoiceError } from "./optionErrors.js"
import { lineTotal, MAX_QUANTITY, type OrderLineRequest } from "./order.js"

/** What the server knows about a dish when pricing a cart: read from the database, never from the request. */
export interface PricedDish {
  readonly id: DishId
  readonly name: string
  readonly priceMinor: number
  readonly available: boolean
  /** The dish's option groups, every option with its availability; left out: the dish has none. */
  readonly optionGroups?: ReadonlyArray<PricedOptionGroup>
}

export interface PricedLine {
  readonly dishId: DishId
  readonly name: string
  /** The dish's price plus its chosen options' differences. */
  readonly unitPriceMinor: number
  readonly quantity: number
  readonly lineTotalMinor: number
  readonly options: ReadonlyArray<ChosenOption>
}

export interface PricedOrder {
  readonly items: ReadonlyArray<PricedLine>
  readonly subtotalMinor: number
  readonly taxMinor: number
  readonly totalMinor: number
  readonly pricesIncludeTax: boolean
}

/** How a restaurant taxes its menu prices (a Restaurant and a PublicRestaurant both are one). */
export interface TaxRule {
  readonly taxRateBps: number
  readonly pricesIncludeTax: boolean
}

/**
 * Totals of a sum of line prices. Tax on top: tax = rate of the sum, total = sum + tax. Tax included:
 * total = the sum (what the menu said), tax = the part of it that is tax, subtotal = the rest; either
 * way total = subtotal + tax, as the orders table checks.
 */
export const totalsOf = (linesMinor: number, rule: TaxRule): Omit<PricedOrder, "items"> => {
  if (rule.pricesIncludeTax) {
    const taxMinor = taxIncludedIn(linesMinor, rule.taxRateBps)
    return { subtotalMinor: linesMinor - taxMinor, taxMinor, totalMinor: linesMinor, pricesIncludeTax: true }
  }
  const taxMinor = taxOn(linesMinor, rule.taxRateBps)
  return { subtotalMinor: linesMinor, taxMinor, totalMinor: linesMinor + taxMinor, pricesIncludeTax: false }
}

/**
 * Repeated lines for the same dish with the same options (in any order) are merged (quantities added,
 * first position kept): a double tap on "add" is one line with quantity 2, not an error. The same dish with
 * other options stays a line of its own. A merged quantity is still capped at MAX_QUANTITY.
 */
export const mergeLines = (
  lines: ReadonlyArray<OrderLineRequest>,
): Either.Either<ReadonlyArray<OrderLineRequest>, QuantityTooLarge> => {
  const merged = new Map<string, OrderLineRequest>()
  for (const line of lines) {
    const key = lineKey(line.dishId, line.optionIds)
    const earlier = merged.get(key)
    merged.set(key, earlier === undefined ? line : { ...earlier, quantity: earlier.quantity + line.quantity })
  }
  for (const { dishId, quantity } of merged.values()) {
    if (quantity > MAX_QUANTITY) {
      return Either.left(
        new QuantityTooLarge({
          dishId,
          quantity,
          message: `At most ${MAX_QUANTITY} of one dish (with the same options) per order`,
        }),
      )
    }
  }
  return Either.right([...merged.values()])
}

/**
 * Prices merged lines from the restaurant's own dishes; unknown, foreign and unavailable dishes are refused,
 * and so is a choice of options the dish's groups do not allow.
 * The server prices orders and the cart previews them with this one function, so their totals agree.
 */
export const priceOrder = (
  lines: ReadonlyArray<OrderLineRequest>,
  dishes: ReadonlyMap<DishId, PricedDish>,
  rule: TaxRule,
): Either.Either<PricedOrder, DishUnavailable | OptionChoiceError> => {
  const missing = lines.filter((line) => dishes.get(line.dishId)?.available !== true).map((line) => line.dishId)
  if (missing.length > 0) {
    return Either.left(
      new DishUnavailable({ dishIds: missing, message: "Some dishes are not on this menu or not available right now" }),
    )
  }
  const items: Array<PricedLine> = []
  for (const line of lines) {
    const dish = dishes.get(line.dishId)
    if (dish === undefined) continue
    const options = chooseOptions(dish.id, dish.optionGroups ?? [], line.optionIds ?? [])
    if (Either.isLeft(options)) return Either.left(options.left)
    const unitPriceMinor = unitPriceWithOptions(dish.priceMinor, options.right)
    items.push({
      dishId: dish.id,
      name: dish.name,
      unitPriceMinor,
      quantity: line.quantity,
      lineTotalMinor: lineTotal(unitPriceMinor, line.quantity),
      options: options.right,
    })
  }
  const linesMinor = items.reduce((sum, item) => sum + item.lineTotalMinor, 0)
  return Either.right({ items, ...totalsOf(linesMinor, rule) })
}
