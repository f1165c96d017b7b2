import { Data, Either, Schema } from "effect"

export const OrderStatus = Schema.Literal("received", "preparing", "ready", "served", "cancelled")
export type OrderStatus = typeof OrderStatus.Type

/** The kitchen's state machine as data: from each status, the statuses it may move to. */
export const allowedTransitions: { readonly [S in OrderStatus]: ReadonlyArray<OrderStatus> } = {
  received: ["preparing", "cancelled"],
  preparing: ["ready", "cancelled"],
  ready: ["served", "cancelled"],
  served: [],
  cancelled: [],
}

export class ForbiddenTransition extends Data.TaggedError("ForbiddenTransition")<{
  readonly from: OrderStatus
  readonly to: OrderStatus
}> {}

/** Pure: the next status, or why the move is not allowed. */
export const transition = (from: OrderStatus, to: OrderStatus): Either.Either<OrderStatus, ForbiddenTransition> =>
  allowedTransitions[from].includes(to) ? Either.right(to) : Either.left(new ForbiddenTransition({ from, to }))

export const isFinal = (status: OrderStatus): boolean => allowedTransitions[status].length === 0
