import { Schema } from "effect"
import { RestaurantId } from "./ids.js"
import { KitchenAlertThresholds } from "./kitchen.js"
import { ExtraLanguages, Language } from "./language.js"
import { CurrencyCode, TaxRateBps } from "./money.js"
import { defaultPricingSettings, PaymentMethods, type PricingSettings } from "./payment.js"
import { Line } from "./text.js"

export const Slug = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, {
    message: () => "must be 1-48 lowercase letters, digits or dashes, not starting or ending with a dash",
  }),
)

// Whether the runtime's time zone database knows the name (Intl throws a RangeError for an unknown one).
const knownTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone name such as "Europe/Paris" or "UTC": a restaurant's days begin at its midnight. */
export const TimeZone = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/, { message: () => "must be a time zone name like Europe/Paris" }),
  Schema.filter((name) => knownTimeZone(name) || "is not a known time zone"),
)

export const DEFAULT_TIME_ZONE = "UTC"

export const TableCount = Schema.Int.pipe(Schema.between(1, 500))
export const TableNumber = Schema.Int.pipe(Schema.between(1, 500))

export class Restaurant extends Schema.Class<Restaurant>("Restaurant")({
  id: RestaurantId,
  slug: Schema.String,
  name: Schema.String,
  currency: CurrencyCode,
  taxRateBps: Schema.Int,
  tableCount: Schema.Int,
  createdAt: Schema.Date,
  updatedAt: Schema.Date,
  pricesIncludeTax: Schema.Boolean,
  paymentMethods: PaymentMethods,
  /** Where the restaurant's days begin and end (its reports count in it). */
  timeZone: Schema.String,
  /** When an order on the kitchen board turns amber, then red. */
  kitchenAlerts: KitchenAlertThresholds,
  /** The language its menu is written in; dishes' own fields are in it. */
  language: Language,
  /** Further languages its menu is offered in (the dishes' translations). */
  languages: ExtraLanguages,
}) {}

export class CreateRestaurantRequest extends Schema.Class<CreateRestaurantRequest>("CreateRestaurantRequest")({
  slug: Slug,
  name: Line(120),
  currency: CurrencyCode,
  taxRateBps: TaxRateBps,
  tableCount: TableCount,
  /** Left out: on for EUR and GBP (see defaultPricingSettings). */
  pricesIncludeTax: Schema.optional(Schema.Boolean),
  /** Left out: Cash and Card, and UPI for INR. */
  paymentMethods: Schema.optional(PaymentMethods),
  /** Left out: UTC. */
  timeZone: Schema.optional(TimeZone),
  /** Left out: English. */
  language: Schema.optional(Language),
  /** Left out: none. */
  languages: Schema.optional(ExtraLanguages),
}) {}

export class UpdateRestaurantRequest extends Schema.Class<UpdateRestaurantRequest>("UpdateRestaurantRequest")({
  slug: Schema.optional(Slug),
  name: Schema.optional(Line(120)),
  currency: Schema.optional(CurrencyCode),
  taxRateBps: Schema.optional(TaxRateBps),
  tableCount: Schema.optional(TableCount),
  pricesIncludeTax: Schema.optional(Schema.Boolean),
  paymentMethods: Schema.optional(PaymentMethods),
  timeZone: Schema.optional(TimeZone),
  kitchenAlerts: Schema.optional(KitchenAlertThresholds),
  language: Schema.optional(Language),
  languages: Schema.optional(ExtraLanguages),
}) {}

/** What a diner sees of a restaurant. */
export class PublicRestaurant extends Schema.Class<PublicRestaurant>("PublicRestaurant")({
  slug: Schema.String,
  name: Schema.String,
  currency: CurrencyCode,
  taxRateBps: Schema.Int,
  tableCount: Schema.Int,
  pricesIncludeTax: Schema.Boolean,
  /** Only these are offered to the diner, and only these are accepted with an order. */
  paymentMethods: PaymentMethods,
  /** The main language of the menu. */
  language: Schema.optionalWith(Language, { default: () => "en" }),
  /** Every language the menu is offered in, the main one first. */
  languages: Schema.optionalWith(Schema.Array(Language), { default: () => ["en"] }),
}) {}

/** A new restaurant's request with every setting decided: what the owner chose, else the currency's default. */
export const withPricingDefaults = (
  request: CreateRestaurantRequest,
): Omit<CreateRestaurantRequest, keyof PricingSettings> & PricingSettings => {
  const defaults = defaultPricingSettings(request.currency)
  return {
    ...request,
    pricesIncludeTax: request.pricesIncludeTax ?? defaults.pricesIncludeTax,
    paymentMethods: request.paymentMethods ?? defaults.paymentMethods,
  }
}
