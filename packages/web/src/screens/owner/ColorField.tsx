import type { JSX } from "solid-js"
import { Field } from "../../components/Field.jsx"

/** A colour picker; reports every input, not only the final choice. */
export const ColorField = (props: { label: string; value: string; onInput: (value: string) => void }): JSX.Element => (
  <Field label={props.label}>
    {(control) => (
      <input
        {...control}
        class="input color-input"
        type="color"
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    )}
  </Field>
)
