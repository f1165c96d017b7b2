import { type Order, RestaurantEvent, type RestaurantId } from "@ardine/domain"
import { type Accessor, batch, createSignal, onCleanup } from "solid-js"
import { mergeSnapshot, upsertOrder } from "../lib/kitchen.js"
import type { ApiError } from "./client.js"
import { eventSourceAvailable, type Follower, followEvents, restaurantEventsUrl, singleFlight } from "./eventStream.js"
import { listOrders } from "./orders.js"
import { poll } from "./poll.js"

// The kitchen's live orders, over the server's SSE stream /api/restaurants/:id/events (a diner's
// order is followed by orderFeed.ts). The stream says `ready` on every (re)connection and the list
// is re-fetched through the typed client then; events in between update it in place. Browsers
// without EventSource fall back to polling.

type ListError = ApiError<Extract<Awaited<ReturnType<typeof listOrders>>, { ok: false }>["error"]>

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
