import { MAX_QUANTITY } from "@ardine/domain"

/** − n + for one dish; each button says which dish it changes, the count is announced politely. */
export const QuantityStepper = (props: { name: string; quantity: number; onAdd: () => void; onRemove: () => void }) => (
  <div class="stepper">
    <button
      type="button"
      class="icon-button"
      aria-label={props.quantity === 1 ? `Remove ${props.name}` : `One less ${props.name}`}
      onClick={() => props.onRemove()}
    >
      <span aria-hidden="true">−</span>
    </button>
    <output class="stepper-count tabular" aria-live="polite" aria-label={`${props.quantity} × ${props.name}`}>
      {props.quantity}
    </output>
    <button
      type="button"
      class="icon-button"
      aria-label={`One more ${props.name}`}
      disabled={props.quantity >= MAX_QUANTITY}
      onClick={() => props.onAdd()}
    >
      <span aria-hidden="true">+</span>
    </button>
  </div>
)
