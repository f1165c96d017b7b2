import { For, Show } from "solid-js"

/**
 * What an order line carries that the kitchen reads: quantity, name and, when the order has them, the
 * chosen options (by name, as they were when the order was placed).
 */
export interface KitchenLine {
  readonly quantity: number
  readonly name: string
  readonly options?: ReadonlyArray<{ readonly name: string }> | undefined
}

/** The lines of an order as the cook reads them, on the board card and on the printed ticket alike. */
export const OrderItemLines = (props: { items: ReadonlyArray<KitchenLine>; class: string }) => (
  <ul class={props.class}>
    <For each={props.items}>
      {(item) => (
        <li>
          <span class="order-qty tabular">{item.quantity}×</span> {item.name}
          <Show when={item.options !== undefined && item.options.length > 0}>
            <span class="order-options">{item.options?.map((option) => option.name).join(", ")}</span>
          </Show>
        </li>
      )}
    </For>
  </ul>
)
