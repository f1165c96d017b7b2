import { Schema } from "effect"

/** Money is always integer minor units (cents, paise, yen): no floating point anywhere near a price. */
export const MinorUnits = Schema.Int.pipe(Schema.nonNegative(), Schema.lessThanOrEqualTo(Number.MAX_SAFE_INTEGER))
export type MinorUnits = typeof MinorUnits.Type

/** The highest dish price: 10,000,000 minor units (100,000.00 in a two-decimal currency). */
export const MAX_PRICE_MINOR = 10_000_000

/** A dish price: up to MAX_PRICE_MINOR. */
export const PriceMinor = Schema.Int.pipe(Schema.between(0, MAX_PRICE_MINOR))

const knownCurrencies = new Set(Intl.supportedValuesOf("currency"))

/** ISO 4217 alphabetic code that the runtime's Intl knows how to format. */
export const CurrencyCode = Schema.String.pipe(
  Schema.pattern(/^[A-Z]{3}$/, { message: () => "must be a three-letter ISO 4217 code" }),
  Schema.filter((code) => knownCurrencies.has(code) || "is not a known ISO 4217 currency"),
  Schema.brand("CurrencyCode"),
)
export type CurrencyCode = typeof CurrencyCode.Type

/** Tax rate in basis points: 1000 = 10.00 %. */
export const TaxRateBps = Schema.Int.pipe(Schema.between(0, 10_000))

/** Tax on a subtotal, rounded half up to a whole minor unit. */
export const taxOn = (subtotalMinor: number, taxRateBps: number): number =>
  Math.floor((subtotalMinor * taxRateBps + 5_000) / 10_000)

/**
 * The tax contained in a tax-inclusive total, rounded half up like `taxOn`: total * rate / (1 + rate).
 * Integers throughout (a total of at most 5e10 times 2e4 stays far below 2^53), so no float decides a cent.
 */
export const taxIncludedIn = (totalMinor: number, taxRateBps: number): number => {
  const divisor = 2 * (10_000 + taxRateBps)
  const doubled = 2 * totalMinor * taxRateBps + (10_000 + taxRateBps)
  return (doubled - (doubled % divisor)) / divisor
}
