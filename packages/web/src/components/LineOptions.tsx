import { For, Show } from "solid-js"
import { deltaText } from "../lib/optionChoice.js"
import "../styles/line-options.css"

/** A chosen option as a line carries it: in the cart (priced now) and on an order (as it was priced then). */
export interface LineOption {
  readonly groupName: string
  readonly name: string
  readonly priceDeltaMinor: number
}

/**
 * The options chosen for an order line, under its name. With `money`, each shows its price difference
 * (the diner's view); with `withGroup`, each is prefixed by its group ("Cooking: medium", the kitchen's view).
 */
export const LineOptions = (props: {
  options: ReadonlyArray<LineOption>
  money?: (minor: number) => string
  withGroup?: boolean
}) => (
  <Show when={props.options.length > 0}>
    <ul class="line-options">
      <For each={props.options}>
        {(option) => (
          <li>
            <Show when={props.withGroup}>
              <span class="line-option-group">{option.groupName}: </span>
            </Show>
            {option.name}
            <Show when={props.money !== undefined && option.priceDeltaMinor !== 0 ? props.money : undefined}>
              {(money) => <span class="tabular"> {deltaText(option.priceDeltaMinor, money())}</span>}
            </Show>
          </li>
        )}
      </For>
    </ul>
  </Show>
)
