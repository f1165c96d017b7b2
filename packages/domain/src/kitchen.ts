import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import { Schema } from "effect"
import { OrderStatus } from "./order-status.js"

/** Minutes after which an order on the kitchen board turns amber, then red (10 and 20 to begin with). */
export const KitchenAlertThresholds = Schema.Struct({
  amberMinutes: Schema.Int.pipe(Schema.between(1, 239)),
  redMinutes: Schema.Int.pipe(Schema.between(2, 240)),
}).pipe(
  Schema.filter((thresholds) =>
    thresholds.redMinutes > thresholds.amberMinutes
      ? undefined
      : { path: ["redMinutes"], message: "must be more minutes than amber" },
  ),
)
export type KitchenAlertThresholds = typeof KitchenAlertThresholds.Type

/**
 * The short code the kitchen reads out and the diner sees ("#918A"): the first characters of the order id,
 * so both screens derive the same code from the order itself.
 */
export const orderCode = (order: { readonly id: string }): string => order.id.slice(0, 4).toUpperCase()

export class OrderNotBillable extends Schema.TaggedError<OrderNotBillable>()(
  "OrderNotBillable",
  { status: OrderStatus, message: Schema.String },
  HttpApiSchema.annotations({ status: 409 }),
) {}
