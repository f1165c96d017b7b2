import type { Dictionary } from "../i18n/dictionaries/en.js"
import { bpsToPercent } from "./percent.js"

/** The totals' words, as a language's dictionary gives them. */
export type TotalsWords = Dictionary["totals"]

/** What a cart preview and a placed order both carry (from the domain's priceOrder). */
export interface Totals {
  readonly subtotalMinor: number
  readonly taxMinor: number
  readonly totalMinor: number
  readonly pricesIncludeTax: boolean
}

export interface TotalsRow {
  readonly label: string
  readonly amountMinor: number
  readonly isTotal: boolean
}

/**
 * The totals as a diner reads them. Tax on top: subtotal, tax, total. Tax included: the lines already
 * add up to the total, so a subtotal without tax would only confuse; the tax part is shown inside it.
 */
export const totalsRows = (
  totals: Totals,
  words: TotalsWords,
  options: { readonly taxRateBps?: number; readonly totalLabel?: string } = {},
): ReadonlyArray<TotalsRow> => {
  const rate = options.taxRateBps === undefined ? "" : ` (${bpsToPercent(options.taxRateBps)}%)`
  const total = { label: options.totalLabel ?? words.total, amountMinor: totals.totalMinor, isTotal: true }
  if (totals.pricesIncludeTax) {
    return [{ label: words.includesTax(rate), amountMinor: totals.taxMinor, isTotal: false }, total]
  }
  return [
    { label: words.subtotal, amountMinor: totals.subtotalMinor, isTotal: false },
    { label: words.tax(rate), amountMinor: totals.taxMinor, isTotal: false },
    total,
  ]
}
