import type { JSX } from "solid-js"
import { Field } from "../../components/Field.jsx"
import { readNumber } from "../../lib/geometryDraft.js"

/** A centimetre field within the schema's bounds; commits on change (not on every keystroke). */
export const CmField = (props: {
  label: string
  value: number
  range: { readonly min: number; readonly max: number }
  error: string | undefined
  onCommit: (value: number) => void
}): JSX.Element => (
  <Field label={props.label} hint={`${props.range.min}–${props.range.max} cm`} error={props.error}>
    {(control) => (
      <input
        {...control}
        class="input tabular"
        type="number"
        inputmode="decimal"
        min={props.range.min}
        max={props.range.max}
        step="0.1"
        value={Number.isFinite(props.value) ? props.value : ""}
        onChange={(event) => props.onCommit(readNumber(event.currentTarget.value))}
      />
    )}
  </Field>
)
