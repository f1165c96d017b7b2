import {
  DinerOrderEvent,
  isFinal,
  type Order,
  type OrderToken,
  type PublicOrder,
  RestaurantEvent,
  type RestaurantId,
} from "@ardine/domain"
import { type Accessor, batch, createSignal, onCleanup } from "solid-js"
import { mergeSnapshot, upsertOrder } from "../lib/kitchen.js"
import type { ApiError } from "./client.js"
import { fetchOrder } from "./diner.js"
import {
  eventSourceAvailable,
  type Follower,
  followEvents,
  orderEventsUrl,
  restaurantEventsUrl,
  singleFlight,
} from "./eventStream.js"
import { listOrders } from "./orders.js"
import { poll } from "./poll.js"

// Live orders for the screens that follow them, over the server's SSE streams
// (/api/restaurants/:id/events for the kitchen, /api/orders/:token/events for a diner). Each stream
// says `ready` on every (re)connection and the state is re-fetched through the typed client then;
// events in between update it in place. Browsers without EventSource fall back to polling.

type ListError = ApiError<Extract<Awaited<ReturnType<typeof listOrders>>, { ok: false }>["error"]>
type OrderError = ApiError<Extract<Awaited<ReturnType<typeof fetchOrder>>, { ok: false }>["error"]>

export interface KitchenFeed {
  readonly orders: Accessor<ReadonlyArray<Order>>
  /** The last refresh failed (the board keeps showing what it had). */
  readonly error: Accessor<ListError | undefined>
  readonly loaded: Accessor<boolean>
  /** Shows an order changed by this screen at once (its event follows and agrees). */
  readonly apply: (order: Order) => void
  readonly refresh: () => void
}

/** The kitchen board's orders. Call inside a component: it stops following when the component goes. */
export const createKitchenFeed = (restaurantId: RestaurantId): KitchenFeed => {
  const [orders, setOrders] = createSignal<ReadonlyArray<Order>>([])
  const [error, setError] = createSignal<ListError>()
  const [loaded, setLoaded] = createSignal(false)
  const onResult = (outcome: Awaited<ReturnType<typeof listOrders>>) => {
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
  }

  if (!eventSourceAvailable()) {
    const poller = poll(() => listOrders(restaurantId), onResult)
    onCleanup(poller.close)
    return {
      orders,
      error,
      loaded,
      apply: (order) => setOrders((previous) => upsertOrder(previous, order)),
      refresh: poller.refresh,
    }
  }

  const fetcher = singleFlight(() => listOrders(restaurantId), onResult)
  const stream: Follower = followEvents(
    restaurantEventsUrl(restaurantId),
    ["order.placed", "order.changed"],
    RestaurantEvent,
    {
      onReady: fetcher.refresh,
      onEvent: (event) => {
        if (event.type === "order.placed" || event.type === "order.changed") {
          const order = event.order
          setOrders((previous) => upsertOrder(previous, order))
        }
      },
    },
  )
  onCleanup(() => {
    stream.close()
    fetcher.stop()
  })
  return {
    orders,
    error,
    loaded,
    apply: (order) => setOrders((previous) => upsertOrder(previous, order)),
    refresh: fetcher.refresh,
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

  if (!eventSourceAvailable()) {
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

  let stream: Follower | undefined
  const show = (next: PublicOrder) => {
    batch(() => {
      setOrder(() => next)
      setError(undefined)
    })
    if (settled(next)) stream?.close()
  }
  const fetcher = singleFlight(
    () => fetchOrder(token),
    (outcome) => {
      if (outcome.ok) show(outcome.value)
      else setError(() => outcome.error)
    },
  )
  stream = followEvents(orderEventsUrl(token), ["order.changed"], DinerOrderEvent, {
    onReady: fetcher.refresh,
    onEvent: (event) => show(event.order),
  })
  onCleanup(() => {
    stream?.close()
    fetcher.stop()
  })
  return { order, error }
}
