import type { DishOptionId } from "@ardine/domain"
import { For, Show } from "solid-js"
import { t } from "../../i18n/index.js"
import {
  type ChoiceGroup,
  clearGroup,
  deltaText,
  groupProblem,
  isFull,
  ruleText,
  toggleOption,
} from "../../lib/optionChoice.js"
import "../../styles/options.css"

/**
 * A dish's option groups on its page: radios for a single choice, checkboxes for several, each option with
 * its price difference, each group with its rule. A group's problem shows once the diner tried to add.
 */
export const OptionPicker = (props: {
  dishId: string
  groups: ReadonlyArray<ChoiceGroup>
  chosen: ReadonlyArray<DishOptionId>
  onChange: (chosen: ReadonlyArray<DishOptionId>) => void
  money: (minor: number) => string
  showProblems: boolean
}) => {
  const groupKey = (group: ChoiceGroup) => `options-${props.dishId}-${group.id}`
  return (
    <div class="option-groups stack">
      <For each={props.groups}>
        {(group) => {
          const problem = () => (props.showProblems ? groupProblem(group, props.chosen, t("options")) : undefined)
          const isSingle = group.selection === "single"
          return (
            <fieldset
              class="option-group"
              classList={{ "has-problem": problem() !== undefined }}
              aria-describedby={`${groupKey(group)}-rule`}
              data-problem={problem() !== undefined ? "" : undefined}
            >
              <legend class="option-group-name">{group.name}</legend>
              <p class="option-rule small muted" id={`${groupKey(group)}-rule`}>
                {ruleText(group, t("options"))}
                <Show when={problem()}>{(text) => <span class="field-error"> · {text()}</span>}</Show>
              </p>
              <ul class="option-list">
                <Show when={isSingle && !group.required && group.minSelections === 0}>
                  <li>
                    <label class="option-choice">
                      <input
                        type="radio"
                        name={groupKey(group)}
                        checked={!group.options.some((option) => props.chosen.includes(option.id))}
                        onChange={() => props.onChange(clearGroup(group, props.chosen))}
                      />
                      <span class="option-name">{t("options.none")}</span>
                    </label>
                  </li>
                </Show>
                <For each={group.options}>
                  {(option) => {
                    const checked = () => props.chosen.includes(option.id)
                    // A full group keeps its other boxes focusable and says why they do nothing.
                    const blocked = () => !checked() && isFull(group, props.chosen)
                    return (
                      <li>
                        <label class="option-choice" classList={{ "is-unavailable": !option.available }}>
                          <input
                            type={isSingle ? "radio" : "checkbox"}
                            name={groupKey(group)}
                            value={option.id}
                            checked={checked()}
                            disabled={!option.available}
                            aria-disabled={blocked() ? true : undefined}
                            onChange={(event) => {
                              const next = toggleOption(props.groups, props.chosen, option.id)
                              // A refused tick is put back: the box shows what was really chosen.
                              event.currentTarget.checked = next.includes(option.id)
                              props.onChange(next)
                            }}
                          />
                          <span class="option-name">{option.name}</span>
                          <span class="option-price small tabular">
                            {option.available
                              ? deltaText(option.priceDeltaMinor, props.money)
                              : t("options.notAvailable")}
                          </span>
                        </label>
                      </li>
                    )
                  }}
                </For>
              </ul>
              <Show
                when={
                  isFull(group, props.chosen) &&
                  group.options.some((option) => option.available && !props.chosen.includes(option.id))
                }
              >
                <p class="small muted" role="status">
                  {t("options.full", group.maxSelections)}
                </p>
              </Show>
            </fieldset>
          )
        }}
      </For>
    </div>
  )
}
