import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import { Schema } from "effect"
import { OrderStatus } from "./order-status.js"

// Every error body carries a stable `_tag`; clients switch on it, people read `message`.

export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 401 }),
) {}

export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()(
  "InvalidCredentials",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 401 }),
) {}

export class CrossSiteRequestRefused extends Schema.TaggedError<CrossSiteRequestRefused>()(
  "CrossSiteRequestRefused",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 403 }),
) {}

export const Resource = Schema.Literal(
  "restaurant",
  "dish",
  "order",
  "menu",
  "table",
  "option-group",
  "option",
  "option-suggestion",
)

export class NotFound extends Schema.TaggedError<NotFound>()(
  "NotFound",
  { resource: Resource, message: Schema.String },
  HttpApiSchema.annotations({ status: 404 }),
) {}

export class EmailTaken extends Schema.TaggedError<EmailTaken>()(
  "EmailTaken",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}

export class SlugTaken extends Schema.TaggedError<SlugTaken>()(
  "SlugTaken",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}

export class InvalidOrderTransition extends Schema.TaggedError<InvalidOrderTransition>()(
  "InvalidOrderTransition",
  { from: OrderStatus, to: OrderStatus, message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}

export class TableNotFound extends Schema.TaggedError<TableNotFound>()(
  "TableNotFound",
  { table: Schema.Int, tableCount: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

export class DishUnavailable extends Schema.TaggedError<DishUnavailable>()(
  "DishUnavailable",
  { dishIds: Schema.Array(Schema.String), message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

export class QuantityTooLarge extends Schema.TaggedError<QuantityTooLarge>()(
  "QuantityTooLarge",
  { dishId: Schema.String, quantity: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()(
  "IdempotencyKeyReused",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()(
  "ServiceUnavailable",
  { service: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 503 }),
) {}

// The following are produced by HTTP middleware before a handler runs; they are declared
// on the API so the OpenAPI document and the typed client know them.

export class MalformedJson extends Schema.TaggedError<MalformedJson>()(
  "MalformedJson",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 400 }),
) {}

export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()(
  "PayloadTooLarge",
  { limitBytes: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 413 }),
) {}

export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 415 }),
) {}

export class RouteNotFound extends Schema.TaggedError<RouteNotFound>()(
  "RouteNotFound",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 404 }),
) {}

export class LengthRequired extends Schema.TaggedError<LengthRequired>()(
  "LengthRequired",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 411 }),
) {}

export class RateLimited extends Schema.TaggedError<RateLimited>()(
  "RateLimited",
  { retryAfterSeconds: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 429 }),
) {}

export class InternalError extends Schema.TaggedError<InternalError>()(
  "InternalError",
  { requestId: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 500 }),
) {}

// Media intake: what can go wrong with an uploaded dish photo.

export class UnsupportedImage extends Schema.TaggedError<UnsupportedImage>()(
  "UnsupportedImage",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 415 }),
) {}

export class ImageTooLarge extends Schema.TaggedError<ImageTooLarge>()(
  "ImageTooLarge",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 413 }),
) {}

export class MalwareDetected extends Schema.TaggedError<MalwareDetected>()(
  "MalwareDetected",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

export class ScannerUnavailable extends Schema.TaggedError<ScannerUnavailable>()(
  "ScannerUnavailable",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 503 }),
) {}

export class DishAnalysisFailed extends Schema.TaggedError<DishAnalysisFailed>()(
  "DishAnalysisFailed",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 502 }),
) {}

export class DishHasNoPhoto extends Schema.TaggedError<DishHasNoPhoto>()(
  "DishHasNoPhoto",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}

export class OrderNotPayable extends Schema.TaggedError<OrderNotPayable>()(
  "OrderNotPayable",
  { status: OrderStatus, message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}

/** What a dish still needs before it can go on the public menu. */
export const PublishRequirement = Schema.Literal("name", "price", "allergens")
export type PublishRequirement = typeof PublishRequirement.Type

export class DishNotPublishable extends Schema.TaggedError<DishNotPublishable>()(
  "DishNotPublishable",
  { missing: Schema.Array(PublishRequirement), message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}

export class PaymentMethodNotOffered extends Schema.TaggedError<PaymentMethodNotOffered>()(
  "PaymentMethodNotOffered",
  { paymentMethod: Schema.String, offered: Schema.Array(Schema.String), message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

// Tables: an order needs the token from its table's QR code.

export class InvalidTableToken extends Schema.TaggedError<InvalidTableToken>()(
  "InvalidTableToken",
  { table: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 403 }),
) {}

// A value the database refused (a CHECK, NOT NULL, foreign or unique key, or a value out of range) that
// the request's schema let through: the request's fault, never reported as the database being down.
export class ConstraintViolation extends Schema.TaggedError<ConstraintViolation>()(
  "ConstraintViolation",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}
