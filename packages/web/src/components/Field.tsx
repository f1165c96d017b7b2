import { createUniqueId, type JSX, Show } from "solid-js"

export interface FieldControlProps {
  readonly id: string
  readonly "aria-describedby": string | undefined
  readonly "aria-invalid": boolean
}

/** Schema messages are fragments ("must not be empty"): shown as a sentence under the label. */
const sentence = (message: string) => {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** A labelled form control with an optional hint and error, wired up for screen readers. */
export const Field = (props: {
  label: string
  hint?: string | undefined
  error?: string | undefined
  children: (control: FieldControlProps) => JSX.Element
}) => {
  const id = createUniqueId()
  const describedBy = () =>
    [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {props.label}
      </label>
      {props.children({
        id,
        get "aria-describedby"() {
          return describedBy()
        },
        get "aria-invalid"() {
          return props.error !== undefined
        },
      })}
      <Show when={props.hint}>
        <span class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      </Show>
      <Show when={props.error}>
        {(error) => (
          <span class="field-error" id={`${id}-error`}>
            {sentence(error())}
          </span>
        )}
      </Show>
    </div>
  )
}
