import type { Language, OptionGroupRules, OptionSelection, OptionTranslations } from "@ardine/domain"
import { createSignal, createUniqueId, onMount, Show } from "solid-js"
import { Field } from "../../components/Field.jsx"
import { checkGroupForm } from "../../lib/optionForms.js"
import { OptionNameTranslations } from "./OptionNameTranslations.jsx"
import { createOptionFormState } from "./optionFormState.js"

export interface GroupFormValue {
  readonly name: string
  readonly rules: OptionGroupRules
  readonly translations: OptionTranslations
}

/**
 * A group's name and rules, to add one or change one: one choice (radios for the diner) or several
 * (check boxes), required or not, and for several the fewest and most a diner picks.
 */
export const OptionGroupForm = (props: {
  initial?: GroupFormValue
  /** The restaurant's other languages: a name field for each. */
  languages: ReadonlyArray<Language>
  optionCount: number
  submitLabel: string
  busy: boolean
  onSubmit: (value: GroupFormValue) => void
  onCancel: () => void
}) => {
  const id = createUniqueId()
  const [name, setName] = createSignal(props.initial?.name ?? "")
  const [selection, setSelection] = createSignal<OptionSelection>(props.initial?.rules.selection ?? "single")
  const [required, setRequired] = createSignal(props.initial?.rules.required ?? true)
  const [min, setMin] = createSignal(String(props.initial?.rules.minSelections ?? 0))
  const [max, setMax] = createSignal(String(props.initial?.rules.maxSelections ?? Math.max(1, props.optionCount)))
  let nameInput: HTMLInputElement | undefined
  onMount(() => nameInput?.focus())
  const { errors, recheck, submit, setForm } = createOptionFormState(
    () =>
      checkGroupForm(
        { name: name(), selection: selection(), required: required(), minSelections: min(), maxSelections: max() },
        props.optionCount,
      ),
    () => props.languages,
  )

  return (
    <form
      ref={setForm}
      class="option-form stack-sm"
      novalidate
      aria-label={props.submitLabel}
      onInput={recheck}
      onChange={recheck}
      onSubmit={submit((value, translations) => props.onSubmit({ ...value, translations }))}
    >
      <Field label="Group name" hint="What the diner chooses, for example Cooking or Milk." error={errors().name}>
        {(control) => (
          <input
            {...control}
            ref={nameInput}
            class="input"
            value={name()}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        )}
      </Field>
      <OptionNameTranslations languages={props.languages} translations={props.initial?.translations} />
      <fieldset class="stack-sm">
        <legend>Diners choose</legend>
        <label class="radio">
          <input
            type="radio"
            name={`${id}-selection`}
            checked={selection() === "single"}
            onChange={() => setSelection("single")}
          />
          <span>One option</span>
        </label>
        <label class="radio">
          <input
            type="radio"
            name={`${id}-selection`}
            checked={selection() === "multiple"}
            onChange={() => setSelection("multiple")}
          />
          <span>Several options</span>
        </label>
      </fieldset>
      <Show
        when={selection() === "multiple"}
        fallback={
          <div class="field">
            <label class="switch">
              <input
                type="checkbox"
                checked={required()}
                aria-invalid={errors().required !== undefined}
                onChange={(event) => setRequired(event.currentTarget.checked)}
              />
              <span>Required: the dish can't be ordered without a choice</span>
            </label>
            <Show when={errors().required}>{(error) => <span class="field-error">{error()}</span>}</Show>
          </div>
        }
      >
        <div class="form-grid form-grid-2">
          <Field label="At least" hint="0: optional." error={errors().minSelections}>
            {(control) => (
              <input
                {...control}
                class="input tabular"
                inputmode="numeric"
                value={min()}
                onInput={(event) => setMin(event.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="At most" error={errors().maxSelections}>
            {(control) => (
              <input
                {...control}
                class="input tabular"
                inputmode="numeric"
                value={max()}
                onInput={(event) => setMax(event.currentTarget.value)}
              />
            )}
          </Field>
        </div>
      </Show>
      <div class="cluster">
        <button type="submit" class="button button-primary button-small" disabled={props.busy}>
          {props.submitLabel}
        </button>
        <button type="button" class="button button-small" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
