import { type CurrencyCode, MAX_PRICE_MINOR } from "@ardine/domain"

// Formatters are costly to build and a menu formats hundreds of prices: one per locale and currency.
const formatters = new Map<string, Intl.NumberFormat>()

const formatter = (currency: string, locale: string | undefined): Intl.NumberFormat => {
  const cacheKey = `${locale ?? ""}|${currency}`
  let cached = formatters.get(cacheKey)
  if (cached === undefined) {
    cached = new Intl.NumberFormat(locale, { style: "currency", currency })
    formatters.set(cacheKey, cached)
  }
  return cached
}

/** How many minor units a currency has after the decimal point (EUR 2, JPY 0, KWD 3), as Intl knows it. */
export const fractionDigits = (currency: string): number =>
  formatter(currency, "en").resolvedOptions().maximumFractionDigits ?? 2

/** Integer minor units shown in the currency's own format: 1150 EUR -> "€11.50", 1200 JPY -> "¥1,200". */
export const formatMoney = (minor: number, currency: CurrencyCode | string, locale?: string): string =>
  formatter(currency, locale).format(minor / 10 ** fractionDigits(currency))

/** Minor units as the owner types them in a price field: 1150 EUR -> "11.50", 1200 JPY -> "1200". */
export const minorToInput = (minor: number, currency: string): string => {
  const digits = fractionDigits(currency)
  if (digits === 0) return String(minor)
  const text = String(minor).padStart(digits + 1, "0")
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/**
 * What the owner typed ("11.5", "11,50", "1200") as integer minor units, without floating point;
 * undefined when it is not a plain amount or has more decimals than the currency allows.
 */
export const parseMoneyInput = (input: string, currency: string): number | undefined => {
  const match = /^(\d{1,9})(?:[.,](\d*))?$/.exec(input.trim())
  if (match === null) return undefined
  const whole = match[1] ?? "0"
  const fraction = match[2] ?? ""
  const digits = fractionDigits(currency)
  if (fraction.length > digits) return undefined
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0")
}

/** The currency's symbol as people see it next to a price field: "€", "¥", "₹", "CHF". */
export const currencySymbol = (currency: string, locale?: string): string =>
  formatter(currency, locale)
    .formatToParts(0)
    .find((part) => part.type === "currency")?.value ?? currency

/**
 * What is wrong with a typed price, in the owner's words (undefined when nothing is): not an
 * amount at all, or more than the highest price a dish may have.
 */
export const priceProblem = (input: string, currency: string): string | undefined => {
  const minor = parseMoneyInput(input, currency)
  if (minor === undefined) return `Enter a price like ${minorToInput(1250, currency)}`
  if (minor > MAX_PRICE_MINOR) return `Enter a price of at most ${minorToInput(MAX_PRICE_MINOR, currency)}`
  return undefined
}
