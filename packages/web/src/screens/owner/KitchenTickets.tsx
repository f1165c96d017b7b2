import { type Order, orderCode } from "@ardine/domain"
import { createSignal, For, Show } from "solid-js"
import { Portal } from "solid-js/web"
import { formatMoney } from "../../lib/money.js"
import { clockTime } from "../../lib/time.js"
import { OrderItemLines } from "./OrderItemLines.jsx"
import "../../styles/ticket.css"

/**
 * The tickets the next print shows: on screen they are hidden, in print they are all there is (see
 * ticket.css). The last printed tickets stay in place, so printing the page again prints them again.
 */
export const createTicketPrinter = () => {
  const [tickets, setTickets] = createSignal<ReadonlyArray<Order>>([])
  const print = (orders: ReadonlyArray<Order>) => {
    if (orders.length === 0) return
    setTickets(orders)
    // Printed once the tickets are in the page (a change made inside an effect renders after it).
    setTimeout(() => window.print(), 0)
  }
  return { tickets, print }
}

/** One 80 mm kitchen ticket per order: table number large, then the code, the time and what to cook. */
export const KitchenTickets = (props: { orders: ReadonlyArray<Order>; restaurantName: string }) => (
  <Portal
    ref={(container: HTMLDivElement) => {
      container.className = "kitchen-print"
    }}
  >
    <For each={props.orders}>
      {(order) => (
        <article class="ticket" aria-label={`Kitchen ticket, table ${order.table}`}>
          <p class="ticket-restaurant">{props.restaurantName}</p>
          <p class="ticket-table">Table {order.table}</p>
          <p class="ticket-meta">
            <span class="ticket-code">#{orderCode(order)}</span> <span>{clockTime(order.createdAt)}</span>
          </p>
          <OrderItemLines items={order.items} class="ticket-items" />
          <p class="ticket-foot">
            {order.customerName} · {formatMoney(order.totalMinor, order.currency)} · {order.paymentMethod}{" "}
            {order.paymentStatus === "Paid" ? "paid" : "unpaid"}
          </p>
          <Show when={order.billRequestedAt}>
            {(at) => <p class="ticket-foot">Bill requested {clockTime(at())}</p>}
          </Show>
        </article>
      )}
    </For>
  </Portal>
)
