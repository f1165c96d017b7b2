import type { Order } from "@ardine/domain"
import { For, Show } from "solid-js"
import { now } from "../../browser/clock.js"
import { LineOptions } from "../../components/LineOptions.jsx"
import { type KitchenAction, kitchenActions } from "../../lib/kitchen.js"
import { statusLabels } from "../../lib/labels.js"
import { formatMoney } from "../../lib/money.js"
import { ago, clockTime } from "../../lib/time.js"

/** The short reference staff read out: the first characters of the order id. */
export const orderRef = (order: Order): string => order.id.slice(0, 4).toUpperCase()

/** One order on the kitchen board: table, what to cook, who ordered, and the allowed next steps. */
export const OrderCard = (props: {
  order: Order
  isNew: boolean
  busy: boolean
  onAction: (order: Order, action: KitchenAction) => void
}) => {
  const label = () => `Table ${props.order.table}, order ${orderRef(props.order)}`
  return (
    <article
      class="order-card"
      classList={{ "is-new": props.isNew, [`status-${props.order.status}`]: true }}
      aria-label={label()}
    >
      <header class="order-card-head">
        <p class="order-table">Table {props.order.table}</p>
        <p class="order-meta small">
          <span class="tabular">#{orderRef(props.order)}</span>
          <span aria-hidden="true"> · </span>
          <time datetime={props.order.createdAt.toISOString()} title={clockTime(props.order.createdAt)}>
            {ago(props.order.createdAt, now())}
          </time>
        </p>
        <Show when={props.isNew}>
          <span class="badge badge-accent">New</span>
        </Show>
      </header>
      <ul class="order-items">
        <For each={props.order.items}>
          {(item) => (
            <li>
              <span class="order-qty tabular">{item.quantity}×</span> {item.name}
              <LineOptions options={item.options} withGroup />
            </li>
          )}
        </For>
      </ul>
      <div class="order-foot small">
        <span>
          {props.order.customerName} ·{" "}
          <a href={`tel:${props.order.customerPhone.replace(/[^\d+]/g, "")}`}>{props.order.customerPhone}</a>
        </span>
        <span class="cluster">
          <strong class="tabular">{formatMoney(props.order.totalMinor, props.order.currency)}</strong>
          <span class={props.order.paymentStatus === "Paid" ? "badge badge-success" : "badge badge-warning"}>
            {props.order.paymentMethod} · {props.order.paymentStatus === "Paid" ? "paid" : "unpaid"}
          </span>
        </span>
      </div>
      <Show when={kitchenActions(props.order).length > 0}>
        <div class="order-actions">
          <For each={kitchenActions(props.order)}>
            {(action) => (
              <button
                type="button"
                class="button button-small"
                classList={{
                  "button-primary": action.tone === "primary",
                  "button-danger": action.tone === "danger",
                }}
                disabled={props.busy}
                aria-label={`${action.kind === "advance" && action.to === "cancelled" ? "Cancel order" : action.label}: ${label()}`}
                onClick={() => props.onAction(props.order, action)}
              >
                {action.label}
              </button>
            )}
          </For>
        </div>
      </Show>
      <p class="visually-hidden">Status: {statusLabels[props.order.status]}</p>
    </article>
  )
}
