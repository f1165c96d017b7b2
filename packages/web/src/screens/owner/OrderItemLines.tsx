import { For } from "solid-js"
import { type LineOption, LineOptions } from "../../components/LineOptions.jsx"

/**
 * What an order line carries that the kitchen reads: quantity, name and the chosen options (by group and
 * name, as they were when the order was placed).
 */
export interface KitchenLine {
  readonly quantity: number
  readonly name: string
  readonly options: ReadonlyArray<LineOption>
}

/** The lines of an order as the cook reads them, on the board card and on the printed ticket alike. */
export const OrderItemLines = (props: { items: ReadonlyArray<KitchenLine>; class: string }) => (
  <ul class={props.class}>
    <For each={props.items}>
      {(item) => (
        <li>
          <span class="order-qty tabular">{item.quantity}×</span> {item.name}
          <LineOptions options={item.options} withGroup />
        </li>
      )}
    </For>
  </ul>
)
