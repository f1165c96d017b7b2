import type { DishOptionId, Language, OptionGroup } from "@ardine/domain"
import { createSignal, For, type JSX, Show } from "solid-js"
import {
  createDishOption,
  type DishRef,
  deleteDishOption,
  reorderDishOptions,
  updateDishOption,
} from "../../api/options.js"
import type { Outcome } from "../../api/outcome.js"
import { formatMoney } from "../../lib/money.js"
import { deltaText } from "../../lib/optionChoice.js"
import { rulesSummary } from "../../lib/optionForms.js"
import { moveItem } from "../../lib/reorder.js"
import { DishOptionForm } from "./DishOptionForm.jsx"

/** Runs one request of the editor: busy while it runs, its error shown, `apply` on success. */
export type RunRequest = <A>(
  request: () => Promise<Outcome<A, { readonly _tag: string }>>,
  apply: (value: A) => void,
) => Promise<boolean>

/** "Move up" and "Move down" for one item: buttons, never only a drag, and they keep the focus when moved. */
export const MoveButtons = (props: {
  label: string
  focusKey: string
  index: number
  count: number
  onMove: (by: -1 | 1) => void
}) => (
  <>
    <MoveButton
      label={`Move ${props.label} up`}
      focusKey={`${props.focusKey}-up`}
      at={props.index === 0}
      by={-1}
      onMove={props.onMove}
    />
    <MoveButton
      label={`Move ${props.label} down`}
      focusKey={`${props.focusKey}-down`}
      at={props.index === props.count - 1}
      by={1}
      onMove={props.onMove}
    />
  </>
)

const MoveButton = (props: {
  label: string
  focusKey: string
  at: boolean
  by: -1 | 1
  onMove: (by: -1 | 1) => void
}): JSX.Element => (
  // aria-disabled, not disabled: the button that just moved its item to the end keeps the keyboard focus.
  <button
    type="button"
    class="icon-button"
    aria-label={props.label}
    aria-disabled={props.at}
    data-focus-key={props.focusKey}
    onClick={() => {
      if (!props.at) props.onMove(props.by)
    }}
  >
    <span aria-hidden="true">{props.by < 0 ? "↑" : "↓"}</span>
  </button>
)

/** One option group in the owner's editor: its rules, its options (add, change, move, remove) and its actions. */
export const OptionGroupCard = (props: {
  group: OptionGroup
  index: number
  count: number
  dish: DishRef
  /** The restaurant's other languages, each option named in them too. */
  languages: ReadonlyArray<Language>
  currency: string
  busy: boolean
  run: RunRequest
  onChanged: (group: OptionGroup) => void
  onMove: (by: -1 | 1) => void
  onEdit: () => void
  onCopy: () => void
  onDelete: () => void
  /** Focuses the element with this data-focus-key once the list has been drawn again. */
  refocus: (focusKey: string) => void
}) => {
  const [editing, setEditing] = createSignal<DishOptionId | "new">()
  const money = (minor: number) => formatMoney(minor, props.currency)
  const groupId = () => props.group.id

  const moveOption = (index: number, by: -1 | 1) => {
    const options = moveItem(props.group.options, index, by)
    const option = props.group.options[index]
    if (option === undefined) return
    void props
      .run(
        () =>
          reorderDishOptions(
            props.dish,
            groupId(),
            options.map((candidate) => candidate.id),
          ),
        props.onChanged,
      )
      .then((done) => {
        if (done) props.refocus(`option-${option.id}-${by < 0 ? "up" : "down"}`)
      })
  }

  return (
    <li class="option-group-card card stack-sm">
      <div class="option-group-head">
        <div>
          <h4 class="option-group-title">{props.group.name}</h4>
          <p class="small muted">{rulesSummary(props.group)}</p>
        </div>
        <div class="cluster option-actions">
          <MoveButtons
            label={`group ${props.group.name}`}
            focusKey={`group-${props.group.id}`}
            index={props.index}
            count={props.count}
            onMove={props.onMove}
          />
          <button
            type="button"
            class="button button-small"
            onClick={() => props.onEdit()}
            aria-label={`Edit group ${props.group.name}`}
          >
            Edit
          </button>
          <button
            type="button"
            class="button button-small"
            onClick={() => props.onCopy()}
            aria-label={`Copy group ${props.group.name} to other dishes`}
          >
            Copy
          </button>
          <button
            type="button"
            class="button button-small button-danger"
            onClick={() => props.onDelete()}
            aria-label={`Delete group ${props.group.name}`}
          >
            Delete
          </button>
        </div>
      </div>
      <ul class="option-rows">
        <For each={props.group.options}>
          {(option, index) => (
            <li class="option-row">
              <Show
                when={editing() === option.id}
                fallback={
                  <>
                    <span class="option-row-name">
                      {option.name}
                      <Show when={!option.available}>
                        <span class="badge badge-warning">Not available</span>
                      </Show>
                    </span>
                    <span class="tabular small">{deltaText(option.priceDeltaMinor, money) || "no extra cost"}</span>
                    <span class="cluster option-actions">
                      <MoveButtons
                        label={option.name}
                        focusKey={`option-${option.id}`}
                        index={index()}
                        count={props.group.options.length}
                        onMove={(by) => moveOption(index(), by)}
                      />
                      <button
                        type="button"
                        class="button button-small"
                        aria-label={`Edit option ${option.name}`}
                        onClick={() => setEditing(option.id)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        class="button button-small button-danger"
                        aria-label={`Delete option ${option.name}`}
                        disabled={props.busy}
                        onClick={() =>
                          void props.run(() => deleteDishOption(props.dish, groupId(), option.id), props.onChanged)
                        }
                      >
                        Delete
                      </button>
                    </span>
                  </>
                }
              >
                <DishOptionForm
                  initial={option}
                  languages={props.languages}
                  currency={props.currency}
                  submitLabel={`Save option ${option.name}`}
                  busy={props.busy}
                  onCancel={() => setEditing(undefined)}
                  onSubmit={(value) =>
                    void props
                      .run(() => updateDishOption(props.dish, groupId(), option.id, value), props.onChanged)
                      .then((done) => done && setEditing(undefined))
                  }
                />
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show
        when={editing() === "new"}
        fallback={
          <p>
            <button
              type="button"
              class="button button-small"
              aria-label={`Add an option to ${props.group.name}`}
              onClick={() => setEditing("new")}
            >
              Add an option
            </button>
          </p>
        }
      >
        <DishOptionForm
          languages={props.languages}
          currency={props.currency}
          submitLabel={`Add option to ${props.group.name}`}
          busy={props.busy}
          onCancel={() => setEditing(undefined)}
          onSubmit={(value) =>
            void props
              .run(() => createDishOption(props.dish, groupId(), value), props.onChanged)
              .then((done) => done && setEditing(undefined))
          }
        />
      </Show>
    </li>
  )
}
