import { DinerOrderEvent, isFinal, type OrderToken, type PublicOrder } from "@ardine/domain"
import { type Accessor, batch, createSignal, onCleanup } from "solid-js"
import { fetchOrder } from "./diner.js"
import { eventSourceAvailable, type Follower, followEvents, orderEventsUrl, singleFlight } from "./eventStream.js"
import { poll } from "./poll.js"

// A diner's order, live over the server's SSE stream /api/orders/:token/events. The stream says
// `ready` on every (re)connection and the order is re-fetched then; events in between replace it.
// Browsers without EventSource fall back to polling.

type OrderError = Extract<Awaited<ReturnType<typeof fetchOrder>>, { ok: false }>["error"]

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
