import type { CreateDishOptionRequest } from "@ardine/domain"
import { Either } from "effect"
import { createSignal, onMount } from "solid-js"
import { focusFirstInvalid } from "../../browser/focusFirstInvalid.js"
import { Field } from "../../components/Field.jsx"
import { stillWrong } from "../../lib/fieldErrors.js"
import { currencySymbol } from "../../lib/money.js"
import { checkOptionForm, deltaToInput } from "../../lib/optionForms.js"

/** One option's name, price difference (negative for "no cheese") and availability, to add or change it. */
export const DishOptionForm = (props: {
  initial?: { readonly name: string; readonly priceDeltaMinor: number; readonly available: boolean }
  currency: string
  submitLabel: string
  busy: boolean
  onSubmit: (value: CreateDishOptionRequest) => void
  onCancel: () => void
}) => {
  const [name, setName] = createSignal(props.initial?.name ?? "")
  const [delta, setDelta] = createSignal(deltaToInput(props.initial?.priceDeltaMinor ?? 0, props.currency))
  const [available, setAvailable] = createSignal(props.initial?.available ?? true)
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({})
  let form: HTMLFormElement | undefined
  let nameInput: HTMLInputElement | undefined
  onMount(() => nameInput?.focus())

  const check = () => checkOptionForm({ name: name(), priceDelta: delta(), available: available() }, props.currency)
  const recheck = () => {
    if (Object.keys(errors()).length === 0) return
    const checked = check()
    setErrors(stillWrong(errors(), Either.isLeft(checked) ? checked.left : {}))
  }

  return (
    <form
      ref={form}
      class="option-form stack-sm"
      novalidate
      aria-label={props.submitLabel}
      onInput={recheck}
      onSubmit={(event) => {
        event.preventDefault()
        const checked = check()
        if (Either.isLeft(checked)) {
          setErrors(checked.left)
          return focusFirstInvalid(form)
        }
        setErrors({})
        props.onSubmit(checked.right)
      }}
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
