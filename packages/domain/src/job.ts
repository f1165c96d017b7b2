import { Schema } from "effect"
import { DishGeometry } from "./geometry.js"
import { DishId, RestaurantId } from "./ids.js"

export const MODEL_QUEUE = "model-generation"
/** Photoreal jobs wait minutes on an image-to-3D provider, so they have a queue (and a concurrency) of their own. */
export const PHOTOREAL_MODEL_QUEUE = "model-generation-photoreal"

/** Which queue a dish's model job goes to: the builder's, or the photoreal one. */
export type ModelLane = "builder" | "photoreal"

/** The jobId that makes enqueueing idempotent per dish (on the builder's queue). */
export const modelJobId = (dishId: DishId): string => `model-${dishId}`

/** The jobId of the dish's job on the given lane's queue. */
export const modelJobIdOn = (lane: ModelLane, dishId: DishId): string =>
  lane === "builder" ? modelJobId(dishId) : `photoreal-${dishId}`

/**
 * A model-generation job. The worker re-reads the dish row (the source of truth: the owner may have
 * edited the geometry since); the payload carries what the job was asked to build, plus the W3C
 * `traceparent` so upload -> queue -> worker is one trace. It is read by infra's TraceContext; a malformed
 * one is ignored there rather than failing the job here, so only its size is bounded.
 */
export const ModelJobPayload = Schema.Struct({
  dishId: DishId,
  restaurantId: RestaurantId,
  imageKey: Schema.String.pipe(Schema.maxLength(512)),
  geometry: DishGeometry,
  traceparent: Schema.optional(Schema.String.pipe(Schema.maxLength(256))),
})
export type ModelJobPayload = typeof ModelJobPayload.Type
