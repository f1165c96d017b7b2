import type { Restaurant } from "@ardine/domain"
import { type Accessor, createContext, useContext } from "solid-js"

export interface RestaurantContextValue {
  readonly restaurant: Accessor<Restaurant>
  /** After settings are saved, every tab sees the new name, currency and table count. */
  readonly replace: (restaurant: Restaurant) => void
}

export const RestaurantContext = createContext<RestaurantContextValue>()

/** The restaurant whose screens are open; provided by RestaurantShell. */
export const useRestaurant = (): RestaurantContextValue => {
  const value = useContext(RestaurantContext)
  if (value === undefined) throw new Error("useRestaurant outside RestaurantShell")
  return value
}
