import type { Dish, DishId, OptionGroup } from "@ardine/domain"
import { createSignal, For, onMount, Show } from "solid-js"
import { copyOptionGroup, type DishRef } from "../../api/options.js"
import { announce } from "../../components/Announcer.jsx"
import type { RunRequest } from "./OptionGroupCard.jsx"

/** Copies a group with its options to the other dishes the owner ticks (each gets it as its last group). */
export const CopyGroupForm = (props: {
  group: OptionGroup
  dish: DishRef
  dishes: ReadonlyArray<Dish>
  busy: boolean
  run: RunRequest
  onDone: () => void
}) => {
  const [chosen, setChosen] = createSignal<ReadonlyArray<DishId>>([])
  const [problem, setProblem] = createSignal<string>()
  let legend: HTMLLegendElement | undefined
  let first: HTMLInputElement | undefined
  onMount(() => (first ?? legend)?.focus())

  const toggle = (id: DishId, on: boolean) => {
    setProblem(undefined)
    setChosen((ids) => (on ? [...ids, id] : ids.filter((candidate) => candidate !== id)))
  }

  return (
    <form
      class="stack-sm"
      novalidate
      onSubmit={(event) => {
        event.preventDefault()
        if (chosen().length === 0) return setProblem("Tick at least one dish to copy the group to.")
        void props.run(
          () => copyOptionGroup(props.dish, props.group.id, chosen()),
          (copied) => {
            const count = copied.groups.length
            announce(`${props.group.name} copied to ${count} ${count === 1 ? "dish" : "dishes"}`)
            props.onDone()
          },
        )
      }}
    >
      <fieldset class="stack-sm" aria-describedby={problem() ? "copy-group-problem" : undefined}>
        <legend ref={legend} tabindex="-1">
          Copy “{props.group.name}” with its options to
        </legend>
        <Show when={props.dishes.length > 0} fallback={<p class="muted">This restaurant has no other dishes yet.</p>}>
          <ul class="copy-targets">
            <For each={props.dishes}>
              {(dish, index) => (
                <li>
                  <label class="radio">
                    <input
                      ref={(element) => {
                        if (index() === 0) first = element
                      }}
                      type="checkbox"
                      checked={chosen().includes(dish.id)}
                      onChange={(event) => toggle(dish.id, event.currentTarget.checked)}
                    />
                    <span>{dish.name}</span>
                  </label>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={problem()}>
          {(text) => (
            <p class="field-error" id="copy-group-problem">
              {text()}
            </p>
          )}
        </Show>
      </fieldset>
      <div class="cluster">
        <button type="submit" class="button button-primary button-small" disabled={props.busy}>
          Copy group
        </button>
        <button type="button" class="button button-small" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
