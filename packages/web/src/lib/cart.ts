import {
  ChosenOptionIds,
  DishId,
  type DishOptionId,
  lineKey,
  MAX_ORDER_LINES,
  MAX_QUANTITY,
  TableNumber,
} from "@ardine/domain"
import { Schema } from "effect"

// What a diner's cart holds: dish ids, chosen option ids and quantities only. Prices always come from the
// menu (for the preview) and from the server (for the order), never from what was stored.
export const CartLine = Schema.Struct({
  dishId: DishId,
  quantity: Schema.Int.pipe(Schema.between(1, MAX_QUANTITY)),
  /** Left out when none were chosen (so carts saved before options still read). */
  optionIds: Schema.optional(ChosenOptionIds),
})
export type CartLine = typeof CartLine.Type

/** One diner's cart at one restaurant, with the table they sit at and its token (both from the QR code). */
export const Cart = Schema.Struct({
  lines: Schema.Array(CartLine).pipe(Schema.maxItems(MAX_ORDER_LINES)),
  table: Schema.optional(TableNumber),
  tableToken: Schema.optional(Schema.String),
})
export type Cart = typeof Cart.Type

export const emptyCart: Cart = { lines: [] }

/** Which line: a dish with the options chosen for it. The same dish with other options is another line. */
export interface LineChoice {
  readonly dishId: DishId
  readonly optionIds?: ReadonlyArray<DishOptionId> | undefined
}

const isLine = (choice: LineChoice) => {
  const key = lineKey(choice.dishId, choice.optionIds)
  return (line: CartLine) => lineKey(line.dishId, line.optionIds) === key
}

const lineOf = ({ dishId, optionIds }: LineChoice, quantity: number): CartLine =>
  optionIds === undefined || optionIds.length === 0 ? { dishId, quantity } : { dishId, quantity, optionIds }

export const quantityOf = (cart: Cart, choice: LineChoice): number => cart.lines.find(isLine(choice))?.quantity ?? 0

/** Sets a line's quantity, kept within 0..MAX_QUANTITY; 0 removes the line, a new line goes last. */
export const setQuantity = (cart: Cart, choice: LineChoice, quantity: number): Cart => {
  const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)))
  const matches = isLine(choice)
  if (clamped === 0) return { ...cart, lines: cart.lines.filter((line) => !matches(line)) }
  if (cart.lines.some(matches)) {
    return { ...cart, lines: cart.lines.map((line) => (matches(line) ? { ...line, quantity: clamped } : line)) }
  }
  if (cart.lines.length >= MAX_ORDER_LINES) return cart
  return { ...cart, lines: [...cart.lines, lineOf(choice, clamped)] }
}

export const addOne = (cart: Cart, choice: LineChoice): Cart => setQuantity(cart, choice, quantityOf(cart, choice) + 1)

export const removeOne = (cart: Cart, choice: LineChoice): Cart =>
  setQuantity(cart, choice, quantityOf(cart, choice) - 1)

/**
 * Gives a line other options, keeping its quantity and its place. When another line already has the dish
 * with those options, the two become one (quantities added, capped at MAX_QUANTITY) where the changed line
 * was, as adding the same choice twice makes one line. An unknown line leaves the cart as it is.
 */
export const replaceOptions = (cart: Cart, choice: LineChoice, optionIds: ReadonlyArray<DishOptionId>): Cart => {
  const index = cart.lines.findIndex(isLine(choice))
  const line = cart.lines[index]
  if (line === undefined) return cart
  const next: LineChoice = { dishId: line.dishId, optionIds }
  const same = isLine(next)
  if (same(line)) return cart
  const twin = cart.lines.find(same)
  const quantity = Math.min(MAX_QUANTITY, line.quantity + (twin?.quantity ?? 0))
  const lines = cart.lines.map((candidate, at) => (at === index ? lineOf(next, quantity) : candidate))
  return { ...cart, lines: lines.filter((candidate) => candidate !== twin) }
}

export const itemCount = (cart: Cart): number => cart.lines.reduce((sum, line) => sum + line.quantity, 0)

/** Drops the given lines (a dish with options no longer on the menu, say). */
export const withoutLines = (cart: Cart, lines: ReadonlyArray<LineChoice>): Cart => ({
  ...cart,
  lines: cart.lines.filter((line) => !lines.some((gone) => isLine(gone)(line))),
})

/** Drops lines for dishes the menu no longer has (sold out, removed). */
export const withoutDishes = (cart: Cart, dishIds: ReadonlyArray<string>): Cart => ({
  ...cart,
  lines: cart.lines.filter((line) => !dishIds.includes(line.dishId)),
})

/** The table number from `?table=N`, when it is a whole number in range. */
export const parseTable = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d{1,3}$/.test(value)) return undefined
  const table = Number(value)
  return Schema.is(TableNumber)(table) ? table : undefined
}

/**
 * The cart at the table a code was scanned for. A scan without a token keeps the token already held for that
 * same table (a link back to the menu carries only the number); any other table starts without one.
 */
export const atTable = (cart: Cart, table: number, token: string | undefined): Cart => {
  const tableToken = token ?? (cart.table === table ? cart.tableToken : undefined)
  const { tableToken: _, ...rest } = cart
  return tableToken === undefined ? { ...rest, table } : { ...rest, table, tableToken }
}

/** The cart with no table: a code for a table the restaurant does not have must not leave an older one in place. */
export const withoutTable = ({ lines }: Cart): Cart => ({ lines })

/** What the address says about the diner's table: nothing, a table this restaurant has, or one it does not. */
export type ScannedTable =
  | { readonly _tag: "None" }
  | { readonly _tag: "Table"; readonly table: number; readonly token: string | undefined }
  | { readonly _tag: "Unknown"; readonly value: string }

export const scannedTable = (
  search: { readonly table?: string | undefined; readonly token?: string | undefined },
  tableCount: number,
): ScannedTable => {
  if (search.table === undefined) return { _tag: "None" }
  const table = parseTable(search.table)
  if (table === undefined || table > tableCount) return { _tag: "Unknown", value: search.table.slice(0, 12) }
  return { _tag: "Table", table, token: search.token === "" ? undefined : search.token }
}
