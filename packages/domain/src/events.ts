import { Schema } from "effect"
import { ModelStatus, ModelWaitingFor } from "./dish.js"
import { DishId, RestaurantId } from "./ids.js"
import { Order, PublicOrder } from "./order.js"

// Live updates, carried over Redis pub/sub between processes and to browsers as server-sent events.

/** A model job moved a step (published by the worker). */
export const DishProgressEvent = Schema.Struct({
  type: Schema.Literal("dish.progress"),
  restaurantId: RestaurantId,
  dishId: DishId,
  status: ModelStatus,
  progress: Schema.Int.pipe(Schema.between(0, 100)),
  /** Set when the job has started waiting out an outage (the dish then says since when). */
  waitingFor: Schema.optional(ModelWaitingFor),
})
export type DishProgressEvent = typeof DishProgressEvent.Type

export const OrderPlacedEvent = Schema.Struct({ type: Schema.Literal("order.placed"), order: Order })
export const OrderChangedEvent = Schema.Struct({ type: Schema.Literal("order.changed"), order: Order })

/** What the owner's kitchen board and menu screen receive. */
export const RestaurantEvent = Schema.Union(DishProgressEvent, OrderPlacedEvent, OrderChangedEvent)
export type RestaurantEvent = typeof RestaurantEvent.Type

/** What a diner's order page receives: their order as they may see it. */
export const DinerOrderEvent = Schema.Struct({ type: Schema.Literal("order.changed"), order: PublicOrder })
export type DinerOrderEvent = typeof DinerOrderEvent.Type
