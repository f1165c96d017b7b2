import { MAX_QUANTITY } from "@ardine/domain"
import { createUniqueId, onMount } from "solid-js"
import { t } from "../i18n/index.js"

/**
 * − n + for one dish; each button says which dish it changes, the count is announced politely. At
 * the most one order may hold, "+" says why it does nothing (and stays focusable: a disabled button
 * would drop the keyboard user's focus to the page).
 */
export const QuantityStepper = (props: {
  name: string
  quantity: number
  onAdd: () => void
  onRemove: () => void
  /** Focus "+" when it appears: the "Add" button it replaces had the focus. */
  focusMore?: boolean
}) => {
  const noteId = createUniqueId()
  const atMost = () => props.quantity >= MAX_QUANTITY
  let more: HTMLButtonElement | undefined
  onMount(() => {
    if (props.focusMore === true) more?.focus()
  })
  return (
    <div class="stepper">
      <button
        type="button"
        class="icon-button"
        aria-label={props.quantity === 1 ? t("stepper.remove", props.name) : t("stepper.less", props.name)}
        onClick={() => props.onRemove()}
      >
        <span aria-hidden="true">−</span>
      </button>
      <output class="stepper-count tabular" aria-live="polite" aria-label={`${props.quantity} × ${props.name}`}>
        {props.quantity}
      </output>
      <button
        ref={more}
        type="button"
        class="icon-button"
        aria-label={t("stepper.more", props.name)}
        aria-disabled={atMost()}
        aria-describedby={atMost() ? noteId : undefined}
        onClick={() => {
          if (!atMost()) props.onAdd()
        }}
      >
        <span aria-hidden="true">+</span>
      </button>
      <span class="stepper-note small muted" id={noteId} role="status">
        {atMost() ? t("stepper.atMost", MAX_QUANTITY) : ""}
      </span>
    </div>
  )
}
