import { For } from "solid-js"
import { t } from "../i18n/index.js"
import { type Totals, totalsRows } from "../lib/totals.js"

/** The totals of a cart or an order, laid out the same on both (see totalsRows). */
export const TotalsList = (props: {
  totals: Totals
  money: (minor: number) => string
  taxRateBps?: number
  totalLabel?: string
}) => (
  <dl class="totals tabular">
    <For
      each={totalsRows(props.totals, t("totals"), {
        ...(props.taxRateBps === undefined ? {} : { taxRateBps: props.taxRateBps }),
        ...(props.totalLabel === undefined ? {} : { totalLabel: props.totalLabel }),
      })}
    >
      {(row) => (
        <div class={row.isTotal ? "totals-total" : undefined}>
          <dt>{row.label}</dt>
          <dd>{props.money(row.amountMinor)}</dd>
        </div>
      )}
    </For>
  </dl>
)
