import { Schema } from "effect"
import { DishGeometry } from "./geometry.js"
import { DishId, RestaurantId } from "./ids.js"

export const MODEL_QUEUE = "model-generation"

/** The jobId that makes enqueueing idempotent per dish. */
export const modelJobId = (dishId: DishId): string => `model-${dishId}`

/**
 * A model-generation job. The worker re-reads the dish row (the source of truth: the owner may have
 * edited the geometry since); the payload carries what the job was asked to build, plus the W3C
 * trace context so upload -> queue -> worker is one trace.
 */
export const ModelJobPayload = Schema.Struct({
  dishId: DishId,
  restaurantId: RestaurantId,
  imageKey: Schema.String.pipe(Schema.maxLength(512)),
  geometry: DishGeometry,
  traceparent: Schema.optional(Schema.String.pipe(Schema.pattern(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/))),
})
export type ModelJobPayload = typeof ModelJobPayload.Type
