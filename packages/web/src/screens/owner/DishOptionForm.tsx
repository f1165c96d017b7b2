import { CreateDishOptionRequest, type Language, type OptionTranslations } from "@ardine/domain"
import { createSignal, onMount } from "solid-js"
import { Field } from "../../components/Field.jsx"
import { currencySymbol } from "../../lib/money.js"
import { checkOptionForm, deltaToInput } from "../../lib/optionForms.js"
import { OptionNameTranslations } from "./OptionNameTranslations.jsx"
import { createOptionFormState } from "./optionFormState.js"

/** One option's name, price difference (negative for "no cheese") and availability, to add or change it. */
export const DishOptionForm = (props: {
  initial?: {
    readonly name: string
    readonly priceDeltaMinor: number
    readonly available: boolean
    readonly translations: OptionTranslations
  }
  /** The restaurant's other languages: a name field for each. */
  languages: ReadonlyArray<Language>
  currency: string
  submitLabel: string
  busy: boolean
  onSubmit: (value: CreateDishOptionRequest) => void
  onCancel: () => void
}) => {
  const [name, setName] = createSignal(props.initial?.name ?? "")
  const [delta, setDelta] = createSignal(deltaToInput(props.initial?.priceDeltaMinor ?? 0, props.currency))
  const [available, setAvailable] = createSignal(props.initial?.available ?? true)
  let nameInput: HTMLInputElement | undefined
  onMount(() => nameInput?.focus())
  const { errors, recheck, submit, setForm } = createOptionFormState(
    () => checkOptionForm({ name: name(), priceDelta: delta(), available: available() }, props.currency),
    () => props.languages,
  )

  return (
    <form
      ref={setForm}
      class="option-form stack-sm"
      novalidate
      aria-label={props.submitLabel}
      onInput={recheck}
      onSubmit={submit((value, translations) =>
        props.onSubmit(CreateDishOptionRequest.make({ ...value, translations })),
      )}
    >
      <div class="form-grid form-grid-2">
        <Field label="Option name" error={errors().name}>
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
        <Field
          label="Price difference"
          hint="Added to the dish's price; negative when it costs less."
          error={errors().priceDeltaMinor}
        >
          {(control) => (
            <div class="input-affix">
              <span aria-hidden="true">{currencySymbol(props.currency)}</span>
              <input
                {...control}
                class="input tabular"
                inputmode="decimal"
                value={delta()}
                onInput={(event) => setDelta(event.currentTarget.value)}
              />
            </div>
          )}
        </Field>
      </div>
      <OptionNameTranslations languages={props.languages} translations={props.initial?.translations} />
      <label class="switch">
        <input type="checkbox" checked={available()} onChange={(event) => setAvailable(event.currentTarget.checked)} />
        <span>Available</span>
      </label>
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
