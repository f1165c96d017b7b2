import type { OptionGroup, SuggestedOptionGroup } from "@ardine/domain"
import { For, Show } from "solid-js"
import { acceptOptionSuggestion, type DishRef, dismissOptionSuggestion } from "../../api/options.js"
import { announce } from "../../components/Announcer.jsx"
import { formatMoney } from "../../lib/money.js"
import { deltaText } from "../../lib/optionChoice.js"
import type { RunRequest } from "./OptionGroupCard.jsx"

/**
 * Option groups the analyzer suggested for the dish, each waiting for the owner: "Add" makes it one of the
 * dish's groups (then editable like any other), "Dismiss" drops it. Diners never see a suggestion.
 */
export const OptionSuggestions = (props: {
  suggestions: ReadonlyArray<SuggestedOptionGroup>
  dish: DishRef
  currency: string
  busy: boolean
  run: RunRequest
  onAccepted: (group: OptionGroup, index: number) => void
  onDismissed: (index: number) => void
}) => {
  const money = (minor: number) => formatMoney(minor, props.currency)
  const describe = (suggestion: SuggestedOptionGroup) =>
    suggestion.options
      .map((option) => [option.name, deltaText(option.priceDeltaMinor, money)].filter(Boolean).join(" "))
      .join(", ")
  return (
    <Show when={props.suggestions.length > 0}>
      <section class="notice notice-info stack-sm" aria-labelledby="option-suggestions-title">
        <h4 id="option-suggestions-title">Suggested from the photo: please check</h4>
        <ul class="option-group-list stack-sm">
          <For each={props.suggestions}>
            {(suggestion, index) => (
              <li class="option-suggestion">
                <p>
                  <strong>{suggestion.name}</strong>{" "}
                  <span class="small">
                    ({suggestion.selection === "single" ? "one choice" : "several choices"},{" "}
                    {suggestion.required ? "required" : "optional"}): {describe(suggestion)}
                  </span>
                </p>
                <div class="cluster">
                  <button
                    type="button"
                    class="button button-small button-primary"
                    aria-label={`Add suggested group ${suggestion.name}`}
                    disabled={props.busy}
                    onClick={() =>
                      void props.run(
                        () => acceptOptionSuggestion(props.dish, index()),
                        (group) => {
                          props.onAccepted(group, index())
                          announce(`Group ${group.name} added`)
                        },
                      )
                    }
                  >
                    Add
                  </button>
                  <button
                    type="button"
                    class="button button-small"
                    aria-label={`Dismiss suggested group ${suggestion.name}`}
                    disabled={props.busy}
                    onClick={() =>
                      void props.run(
                        () => dismissOptionSuggestion(props.dish, index()),
                        () => {
                          props.onDismissed(index())
                          announce(`Suggestion ${suggestion.name} dismissed`)
                        },
                      )
                    }
                  >
                    Dismiss
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
