import type { DishOptionId, PlaceOrderRequest } from "@ardine/domain"
import { Schema } from "effect"
import { type Accessor, createSignal } from "solid-js"
import { placeOrder } from "../api/diner.js"
import { localStore } from "../browser/store.js"
import {
  addOne,
  atTable,
  Cart,
  emptyCart,
  type LineChoice,
  removeOne,
  replaceOptions,
  setQuantity,
  withoutDishes,
  withoutLines,
  withoutTable,
} from "../lib/cart.js"
import { readJson, writeJson } from "../lib/storage.js"
import { makeSubmitOrder, type PendingSubmission, randomKey } from "../lib/submitOrder.js"

const cartKey = (slug: string) => `ardine.cart.${slug}`
const pendingKey = (slug: string) => `ardine.submission.${slug}`

const Pending = Schema.Struct({ fingerprint: Schema.String, key: Schema.String })

export interface CartState {
  readonly cart: Accessor<Cart>
  readonly add: (line: LineChoice) => void
  readonly removeOne: (line: LineChoice) => void
  readonly set: (line: LineChoice, quantity: number) => void
  /** Gives a line other options, merging it into a line that has them already (see `replaceOptions`). */
  readonly changeOptions: (line: LineChoice, optionIds: ReadonlyArray<DishOptionId>) => void
  readonly drop: (dishIds: ReadonlyArray<string>) => void
  readonly dropLines: (lines: ReadonlyArray<LineChoice>) => void
  /** The table from a scanned code, with its token when the code carried one (see `atTable`). */
  readonly setTable: (table: number, token: string | undefined) => void
  readonly forgetTable: () => void
  readonly clear: () => void
  readonly submit: (request: PlaceOrderRequest) => ReturnType<typeof placeOrder>
}

/** A diner's cart at one restaurant, kept in localStorage so a reload (or a phone call) loses nothing. */
export const createCart = (slug: string): CartState => {
  const [cart, setCart] = createSignal<Cart>(readJson(localStore, cartKey(slug), Cart) ?? emptyCart)
  const update = (change: (cart: Cart) => Cart) => {
    const next = change(cart())
    setCart(next)
    writeJson(localStore, cartKey(slug), next)
  }

  const submit = makeSubmitOrder({
    load: () => readJson(localStore, pendingKey(slug), Pending),
    save: (pending: PendingSubmission | undefined) =>
      pending === undefined
        ? localStore.removeItem(pendingKey(slug))
        : writeJson(localStore, pendingKey(slug), pending),
    newKey: () => randomKey((bytes) => crypto.getRandomValues(bytes)),
    send: (request, key) => placeOrder(slug, request, key),
  })

  return {
    cart,
    add: (line) => update((c) => addOne(c, line)),
    removeOne: (line) => update((c) => removeOne(c, line)),
    set: (line, quantity) => update((c) => setQuantity(c, line, quantity)),
    changeOptions: (line, optionIds) => update((c) => replaceOptions(c, line, optionIds)),
    drop: (dishIds) => update((c) => withoutDishes(c, dishIds)),
    dropLines: (lines) => update((c) => withoutLines(c, lines)),
    setTable: (table, token) => update((c) => atTable(c, table, token)),
    forgetTable: () => update(withoutTable),
    // The table (and its token) stays: the diner is still sitting there after ordering.
    clear: () => update((c) => ({ ...c, lines: [] })),
    submit,
  }
}
