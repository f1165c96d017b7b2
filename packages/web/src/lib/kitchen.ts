import { allowedTransitions, type KitchenAlertThresholds, type OrderStatus, type PaymentStatus } from "@ardine/domain"

export type KitchenAction =
  | { readonly kind: "advance"; readonly to: OrderStatus; readonly label: string; readonly tone: "primary" | "danger" }
  | { readonly kind: "paid"; readonly label: string; readonly tone: "secondary" }

const advanceLabels: { readonly [S in OrderStatus]: string } = {
  received: "Back to received",
  preparing: "Start preparing",
  ready: "Mark ready",
  served: "Mark served",
  cancelled: "Cancel",
}

/**
 * The buttons an order card shows: exactly the moves the domain's state machine allows from its
 * status (so the board can never offer what the server would refuse), plus "mark paid" while unpaid.
 */
export const kitchenActions = (order: {
  readonly status: OrderStatus
  readonly paymentStatus: PaymentStatus
}): ReadonlyArray<KitchenAction> => {
  const moves: Array<KitchenAction> = allowedTransitions[order.status].map((to) => ({
    kind: "advance",
    to,
    label: advanceLabels[to],
    tone: to === "cancelled" ? "danger" : "primary",
  }))
  if (order.paymentStatus !== "Paid" && order.status !== "cancelled") {
    moves.push({ kind: "paid", label: "Mark paid", tone: "secondary" })
  }
  return moves
}

/** The board's columns, left to right, in the order a dish travels. */
export const boardColumns: ReadonlyArray<OrderStatus> = ["received", "preparing", "ready", "served", "cancelled"]

interface BoardOrder {
  readonly id: string
  readonly status: OrderStatus
  readonly paymentStatus: PaymentStatus
  readonly createdAt: Date
  readonly updatedAt: Date
}

/** Orders per status, oldest first: the order waiting longest is the one the pass calls next. */
export const groupByStatus = <O extends BoardOrder>(
  orders: ReadonlyArray<O>,
): { readonly [S in OrderStatus]: ReadonlyArray<O> } => {
  const groups: { [S in OrderStatus]: Array<O> } = {
    received: [],
    preparing: [],
    ready: [],
    served: [],
    cancelled: [],
  }
  for (const order of orders) groups[order.status].push(order)
  for (const status of boardColumns) groups[status].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  return groups
}

/** Received orders the board has not seen before: these get the "new order" cue. */
export const newArrivals = <O extends BoardOrder>(seen: ReadonlySet<string>, orders: ReadonlyArray<O>): Array<O> =>
  orders.filter((order) => order.status === "received" && !seen.has(order.id))

const sameVersion = (a: BoardOrder, b: BoardOrder) =>
  a.updatedAt.getTime() === b.updatedAt.getTime() && a.status === b.status && a.paymentStatus === b.paymentStatus

/**
 * Merges a fresh snapshot into what the board shows. An unchanged order keeps its previous object,
 * so a poll of 100 orders re-renders only the cards that moved; an order this screen changed more
 * recently than the snapshot (a poll sent before the button press) keeps the newer local version.
 */
export const mergeSnapshot = <O extends BoardOrder>(
  previous: ReadonlyArray<O>,
  next: ReadonlyArray<O>,
): ReadonlyArray<O> => {
  const byId = new Map(previous.map((order) => [order.id, order]))
  const merged = next.map((order) => {
    const before = byId.get(order.id)
    if (before === undefined) return order
    if (sameVersion(before, order) || before.updatedAt.getTime() > order.updatedAt.getTime()) return before
    return order
  })
  // Nothing changed at all: keep the very same list, so nothing downstream recomputes.
  const unchanged = merged.length === previous.length && merged.every((order, index) => order === previous[index])
  return unchanged ? previous : merged
}

/** Puts one changed order (the answer to a button press) into the list without waiting for the next poll. */
export const upsertOrder = <O extends BoardOrder>(orders: ReadonlyArray<O>, changed: O): ReadonlyArray<O> =>
  orders.some((order) => order.id === changed.id)
    ? orders.map((order) => (order.id === changed.id ? changed : order))
    : [changed, ...orders]

export type AgeLevel = "fresh" | "amber" | "red"

/** How urgent an order's age is against the restaurant's thresholds (reached at the exact minute). */
export const ageLevel = (createdAt: Date, now: number, thresholds: KitchenAlertThresholds): AgeLevel => {
  const minutes = (now - createdAt.getTime()) / 60_000
  if (minutes >= thresholds.redMinutes) return "red"
  if (minutes >= thresholds.amberMinutes) return "amber"
  return "fresh"
}

/** An order's age as the pass reads it at a glance: "0 min", "14 min", "1 h 05". */
export const ageText = (createdAt: Date, now: number): string => {
  const minutes = Math.max(0, Math.floor((now - createdAt.getTime()) / 60_000))
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`
}
