import { Schema } from "effect"
import { DishId, OrderId, OrderToken, RestaurantId } from "./ids.js"
import { CurrencyCode } from "./money.js"
import { ChosenOptionIds, OrderItemOption } from "./options.js"
import { OrderStatus } from "./order-status.js"
import { PaymentMethod } from "./payment.js"
import { TableNumber } from "./restaurant.js"
import { TableTokenInput } from "./table.js"
import { Line } from "./text.js"

export const PaymentStatus = Schema.Literal("Pending", "Paid", "Failed")
export type PaymentStatus = typeof PaymentStatus.Type

export const MAX_QUANTITY = 50
export const MAX_ORDER_LINES = 100

// Unknown keys are an error, not silently dropped: a client that sends a price
// (or anything else we do not read) is told so instead of believing it counted.
const strict = { parseOptions: { onExcessProperty: "error" } } as const

export const OrderLineRequest = Schema.Struct({
  dishId: DishId,
  quantity: Schema.Int.pipe(Schema.between(1, MAX_QUANTITY)),
  /** The options chosen for this line (left out: none); the same dish with other options is another line. */
  optionIds: Schema.optional(ChosenOptionIds),
}).annotations(strict)
export type OrderLineRequest = typeof OrderLineRequest.Type

// At most 24 characters in all, "+" included: the column's CHECK allows 5..24, and a value the schema
// accepts must never reach the database to be refused there.
export const MAX_PHONE_LENGTH = 24

export const PhoneNumber = Schema.Trim.pipe(
  Schema.pattern(/^\+?[0-9 ()-]{5,24}$/, { message: () => "must be a phone number" }),
  Schema.maxLength(MAX_PHONE_LENGTH, { message: () => `must be at most ${MAX_PHONE_LENGTH} characters` }),
)

export const PlaceOrderRequest = Schema.Struct({
  table: TableNumber,
  items: Schema.Array(OrderLineRequest).pipe(
    Schema.minItems(1, { message: () => "the cart is empty" }),
    Schema.maxItems(MAX_ORDER_LINES, { message: () => `at most ${MAX_ORDER_LINES} lines per order` }),
  ),
  customerName: Line(80),
  customerPhone: PhoneNumber,
  paymentMethod: PaymentMethod,
  // From the table's QR code. Optional in the schema so that a missing token, like a wrong one, is answered
  // 403 InvalidTableToken ("scan the code on your table again"), not a generic 400.
  tableToken: Schema.optional(TableTokenInput),
}).annotations({ ...strict, identifier: "PlaceOrderRequest" })
export type PlaceOrderRequest = typeof PlaceOrderRequest.Type

export class OrderItem extends Schema.Class<OrderItem>("OrderItem")({
  dishId: Schema.NullOr(DishId),
  name: Schema.String,
  unitPriceMinor: Schema.Int,
  quantity: Schema.Int,
  lineTotalMinor: Schema.Int,
  /** The options chosen, by name and price at the time of the order; `unitPriceMinor` includes them. */
  options: Schema.optionalWith(Schema.Array(OrderItemOption), { default: () => [] }),
}) {}

const orderFields = {
  id: OrderId,
  table: Schema.Int,
  items: Schema.Array(OrderItem),
  subtotalMinor: Schema.Int,
  taxMinor: Schema.Int,
  totalMinor: Schema.Int,
  currency: CurrencyCode,
  status: OrderStatus,
  paymentMethod: PaymentMethod,
  paymentStatus: PaymentStatus,
  createdAt: Schema.Date,
  updatedAt: Schema.Date,
  /** Whether the menu prices (and so the lines) already held the tax: then the lines add up to the total. */
  pricesIncludeTax: Schema.Boolean,
}

/** An order as the kitchen sees it. */
export class Order extends Schema.Class<Order>("Order")({
  ...orderFields,
  restaurantId: RestaurantId,
  customerName: Schema.String,
  customerPhone: Schema.String,
}) {}

/** An order as the diner sees it through the order link (no phone number echoed back). */
export class PublicOrder extends Schema.Class<PublicOrder>("PublicOrder")({
  ...orderFields,
  restaurantName: Schema.String,
  restaurantSlug: Schema.String,
  customerName: Schema.String,
}) {}

export class PlacedOrder extends Schema.Class<PlacedOrder>("PlacedOrder")({
  token: OrderToken,
  order: PublicOrder,
}) {}

export class ChangeOrderStatusRequest extends Schema.Class<ChangeOrderStatusRequest>("ChangeOrderStatusRequest")({
  status: OrderStatus,
}) {}

export class OrderList extends Schema.Class<OrderList>("OrderList")({
  orders: Schema.Array(Order),
}) {}

/** Sum a line, guarded: pricing lives in one place, shared by server and the cart display. */
export const lineTotal = (unitPriceMinor: number, quantity: number): number => unitPriceMinor * quantity
