import { type KitchenAlertThresholds, type Order, orderCode } from "@ardine/domain"
import { For, Show } from "solid-js"
import { now } from "../../browser/clock.js"
import { PrintIcon } from "../../components/Icons.jsx"
import { ageLevel, ageText, type KitchenAction, kitchenActions } from "../../lib/kitchen.js"
import { statusLabels } from "../../lib/labels.js"
import { formatMoney } from "../../lib/money.js"
import { clockTime } from "../../lib/time.js"
import { OrderItemLines } from "./OrderItemLines.jsx"

// Colour is not the only cue: screen readers hear how late an order is.
const ageWords = { fresh: " old", amber: " old, waiting long", red: " old, waiting too long" } as const

/** One order on the kitchen board: table, age, what to cook, who ordered, and the allowed next steps. */
export const OrderCard = (props: {
  order: Order
  isNew: boolean
  busy: boolean
  alerts: KitchenAlertThresholds
  onAction: (order: Order, action: KitchenAction) => void
  onPrint: (order: Order) => void
}) => {
  const label = () => `Table ${props.order.table}, order ${orderCode(props.order)}`
  const actions = () => kitchenActions(props.order)
  // Age only matters while the order is still moving; done orders keep a neutral time.
  const level = () =>
    props.order.status === "served" || props.order.status === "cancelled"
      ? "fresh"
      : ageLevel(props.order.createdAt, now(), props.alerts)
  const buttonLabel = (action: KitchenAction) =>
    `${action.kind === "advance" && action.to === "cancelled" ? "Cancel order" : action.label}: ${label()}`
  const actionButton = (action: KitchenAction) => (
    <button
      type="button"
      class="button button-small"
      classList={{
        "button-primary": action.tone === "primary",
        "button-danger": action.tone === "danger",
      }}
      disabled={props.busy}
      aria-label={buttonLabel(action)}
      onClick={() => props.onAction(props.order, action)}
    >
      {action.label}
    </button>
  )
  return (
    <article
      class="order-card"
      classList={{ "is-new": props.isNew, [`status-${props.order.status}`]: true, [`age-${level()}`]: true }}
      aria-label={label()}
    >
      <header class="order-card-head">
        <p class="order-table">Table {props.order.table}</p>
        <time
          class="order-age tabular"
          datetime={props.order.createdAt.toISOString()}
          title={`Placed at ${clockTime(props.order.createdAt)}`}
        >
          {ageText(props.order.createdAt, now())}
          <span class="visually-hidden">{ageWords[level()]}</span>
        </time>
        <span class="order-code tabular">#{orderCode(props.order)}</span>
        <button
          type="button"
          class="icon-button order-print"
          aria-label={`Print ticket: ${label()}`}
          title="Print ticket"
          onClick={() => props.onPrint(props.order)}
        >
          <PrintIcon />
        </button>
      </header>
      <Show when={props.isNew || props.order.billRequestedAt !== null}>
        <p class="cluster order-flags">
          <Show when={props.isNew}>
            <span class="badge badge-accent">New</span>
          </Show>
          <Show when={props.order.billRequestedAt}>
            {(at) => <span class="badge badge-bill">Bill requested {clockTime(at())}</span>}
          </Show>
        </p>
      </Show>
      <OrderItemLines items={props.order.items} class="order-items" />
      <div class="order-foot">
        <span class="order-customer">
          <strong class="tabular">{formatMoney(props.order.totalMinor, props.order.currency)}</strong>{" "}
          <span classList={{ "order-unpaid": props.order.paymentStatus !== "Paid" }}>
            {props.order.paymentMethod} · {props.order.paymentStatus === "Paid" ? "paid" : "unpaid"}
          </span>{" "}
          · {props.order.customerName} ·{" "}
          <a href={`tel:${props.order.customerPhone.replace(/[^\d+]/g, "")}`}>{props.order.customerPhone}</a>
        </span>
        <For each={actions().filter((action) => action.kind === "paid")}>{actionButton}</For>
      </div>
      <Show when={actions().some((action) => action.kind === "advance")}>
        <div class="order-actions">
          <For each={actions().filter((action) => action.kind === "advance")}>{actionButton}</For>
        </div>
      </Show>
      <p class="visually-hidden">Status: {statusLabels[props.order.status]}</p>
    </article>
  )
}
