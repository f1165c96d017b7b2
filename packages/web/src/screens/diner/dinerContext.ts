import type { Menu } from "@ardine/domain"
import { type Accessor, createContext, useContext } from "solid-js"
import type { CartState } from "../../state/cart.js"

export interface DinerContextValue {
  readonly slug: string
  readonly menu: Accessor<Menu>
  readonly cart: CartState
  /** The menu's address with the table kept, for every "back to the menu" link. */
  readonly menuHref: Accessor<string>
}

export const DinerContext = createContext<DinerContextValue>()

export const useDiner = (): DinerContextValue => {
  const value = useContext(DinerContext)
  if (value === undefined) throw new Error("useDiner outside DinerShell")
  return value
}
