import { createUniqueId, For, type JSX, Show } from "solid-js"

/**
 * A group of toggle chips: a real checkbox per option, styled as a pill (`.chip` in base.css), in a fieldset whose
 * legend names the group for screen readers. With `name` the checked options submit with their form; `onToggle`
 * hears each change where the list acts at once (the diner's filters).
 */
export const ChipList = <Option extends string>(props: {
  legend: JSX.Element
  options: ReadonlyArray<Option>
  labels: { readonly [O in Option]: string }
  selected: ReadonlyArray<Option>
  /** Shown before a checked chip's label: ✓ to include, ✕ to leave out. */
  mark: "✓" | "✕"
  name?: string
  onToggle?: (option: Option) => void
  error?: string | undefined
}) => {
  const errorId = createUniqueId()
  return (
    <fieldset aria-describedby={props.error ? errorId : undefined}>
      <legend>{props.legend}</legend>
      <div class="cluster">
        <For each={props.options}>
          {(option) => (
            <label class="chip">
              <input
                type="checkbox"
                name={props.name}
                value={option}
                checked={props.selected.includes(option)}
                onChange={() => props.onToggle?.(option)}
              />
              <span class="chip-check" aria-hidden="true">
                {props.mark}
              </span>
              {props.labels[option]}
            </label>
          )}
        </For>
      </div>
      <Show when={props.error}>
        {(error) => (
          <p id={errorId} class="field-error">
            {error()}
          </p>
        )}
      </Show>
    </fieldset>
  )
}
