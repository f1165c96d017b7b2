import { Schema } from "effect"
import { DishGeometry } from "./geometry.js"
import { DishId, RestaurantId } from "./ids.js"

export const MODEL_QUEUE = "model-generation"

/** The jobId that makes enqueueing idempotent per dish. */
export const modelJobId = (dishId: DishId): string => `model-${dishId}`

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
