import { Allergen, DietaryTag, Language, PaymentMethod } from "@ardine/domain"
import { Schema } from "effect"
import { type Accessor, createSignal } from "solid-js"
import { localStore } from "../browser/store.js"
import { type MenuFilter, noFilter } from "../lib/menuFilter.js"
import { readJson, writeJson } from "../lib/storage.js"

// Remembered on this device: a diner's allergies and details carry over to their next visit.

const DietFilter = Schema.Struct({ hideAllergens: Schema.Array(Allergen), onlyTags: Schema.Array(DietaryTag) })
const Diner = Schema.Struct({ name: Schema.String, phone: Schema.String, paymentMethod: PaymentMethod })
export type DinerDetails = typeof Diner.Type

/** A signal kept in the device's storage under `key`, read back through `schema`. */
export const persisted = <A, I>(
  key: string,
  schema: Schema.Schema<A, I>,
  initial: A,
): [Accessor<A>, (value: A) => void] => {
  const [value, setValue] = createSignal<A>(readJson(localStore, key, schema) ?? initial)
  return [
    value,
    (next: A) => {
      setValue(() => next)
      writeJson(localStore, key, next)
    },
  ]
}

const [dietFilter, setDietFilter] = persisted("ardine.filters", DietFilter, {
  hideAllergens: noFilter.hideAllergens,
  onlyTags: noFilter.onlyTags,
})

export { dietFilter, setDietFilter }
export type DietFilter = Pick<MenuFilter, "hideAllergens" | "onlyTags">

const [dinerDetails, setDinerDetails] = persisted<DinerDetails, typeof Diner.Encoded>("ardine.diner", Diner, {
  name: "",
  phone: "",
  paymentMethod: "Cash",
})

export { dinerDetails, setDinerDetails }

/** The language a diner picked with the switcher; null until they pick one (their browser's languages lead). */
const [chosenLanguage, setChosenLanguage] = persisted("ardine.language", Schema.NullOr(Language), null)

export { chosenLanguage, setChosenLanguage }

const [kitchenSound, setKitchenSound] = persisted("ardine.kitchen-sound", Schema.Boolean, false)

export { kitchenSound, setKitchenSound }

/** Orders this device placed, newest first, so a diner can get back to one after closing the tab. */
const RecentOrder = Schema.Struct({ token: Schema.String, slug: Schema.String, placedAt: Schema.Number })
const [recentOrders, setRecentOrders] = persisted("ardine.orders", Schema.Array(RecentOrder), [])

export { recentOrders }
export const rememberOrder = (token: string, slug: string): void =>
  setRecentOrders(
    [{ token, slug, placedAt: Date.now() }, ...recentOrders().filter((o) => o.token !== token)].slice(0, 10),
  )
