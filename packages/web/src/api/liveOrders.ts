import { isFinal, type Order, type OrderToken, type PublicOrder, type RestaurantId } from "@ardine/domain"
import { type Accessor, batch, createSignal, onCleanup } from "solid-js"
import { mergeSnapshot, upsertOrder } from "../lib/kitchen.js"
import type { ApiError } from "./client.js"
import { fetchOrder } from "./diner.js"
import { listOrders } from "./orders.js"
import { poll } from "./poll.js"

// Live orders for the screens that follow them. Today this polls every 3 s; when the server's SSE
// streams arrive (/api/restaurants/:id/events, /api/orders/:token/events) only this module changes
// to an EventSource: components keep reading the same accessors.

type ListError = ApiError<Extract<Awaited<ReturnType<typeof listOrders>>, { ok: false }>["error"]>
type OrderError = ApiError<Extract<Awaited<ReturnType<typeof fetchOrder>>, { ok: false }>["error"]>

export interface KitchenFeed {
  readonly orders: Accessor<ReadonlyArray<Order>>
  /** The last refresh failed (the board keeps showing what it had). */
  readonly error: Accessor<ListError | undefined>
  readonly loaded: Accessor<boolean>
  /** Shows an order changed by this screen at once, then asks the server for the rest. */
  readonly apply: (order: Order) => void
  readonly refresh: () => void
}

/** The kitchen board's orders. Call inside a component: it stops following when the component goes. */
export const createKitchenFeed = (restaurantId: RestaurantId): KitchenFeed => {
  const [orders, setOrders] = createSignal<ReadonlyArray<Order>>([])
  const [error, setError] = createSignal<ListError>()
  const [loaded, setLoaded] = createSignal(false)
  const poller = poll(
    () => listOrders(restaurantId),
    (outcome) => {
      if (outcome.ok) {
        // One update: screens see the first list and "loaded" together, never one without the other.
        batch(() => {
          setOrders((previous) => mergeSnapshot(previous, outcome.value.orders))
          setError(undefined)
          setLoaded(true)
        })
      } else {
        setError(() => outcome.error)
      }
    },
  )
  onCleanup(poller.close)
  return {
    orders,
    error,
    loaded,
    apply: (order) => setOrders((previous) => upsertOrder(previous, order)),
    refresh: poller.refresh,
  }
}

export interface OrderFeed {
  readonly order: Accessor<PublicOrder | undefined>
  readonly error: Accessor<OrderError | undefined>
}

/** Nothing more will change once an order is cancelled, or served and paid. */
const settled = (order: PublicOrder) =>
  order.status === "cancelled" || (isFinal(order.status) && order.paymentStatus === "Paid")

/** One diner's order, followed until it is settled. */
export const createOrderFeed = (token: OrderToken): OrderFeed => {
  const [order, setOrder] = createSignal<PublicOrder>()
  const [error, setError] = createSignal<OrderError>()
  const poller = poll(
    () => fetchOrder(token),
    (outcome) => {
      if (outcome.ok) {
        setOrder(() => outcome.value)
        setError(undefined)
      } else {
        setError(() => outcome.error)
      }
    },
    settled,
  )
  onCleanup(poller.close)
  return { order, error }
}
