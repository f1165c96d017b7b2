import {
  InvalidOrderTransition,
  NotFound,
  Order,
  type OrderId,
  OrderNotPayable,
  OrderStatus,
  OrderToken,
  type PaymentMethod,
  type PricedOrder,
  PublicOrder,
  RestaurantId,
  transition,
} from "@ardine/domain"
import { SqlClient, SqlSchema } from "@effect/sql"
import { Effect, Either, Option, Schema } from "effect"
import { inTransaction, mapSqlErrors } from "./sqlErrors.js"

export const orderNotFound = new NotFound({ resource: "order", message: "Order not found" })

// One statement returns an order with its items, so a reader never sees an order without them.
const orderSelect = `
  o.id, o.restaurant_id, o.table_number AS "table", o.subtotal_minor, o.tax_minor, o.total_minor, o.currency,
  o.status, o.payment_method, o.payment_status, o.customer_name, o.customer_phone, o.created_at, o.updated_at,
  r.name AS restaurant_name, r.slug AS restaurant_slug,
  (SELECT coalesce(json_agg(json_build_object(
      'dishId', i.dish_id, 'name', i.name, 'unitPriceMinor', i.unit_price_minor,
      'quantity', i.quantity, 'lineTotalMinor', i.line_total_minor,
      'options', (SELECT coalesce(json_agg(json_build_object(
          'optionId', io.option_id, 'groupName', io.group_name, 'name', io.name,
          'priceDeltaMinor', io.price_delta_minor) ORDER BY io.position), '[]')
        FROM order_item_options io WHERE io.order_item_id = i.id)) ORDER BY i.position), '[]')
   FROM order_items i WHERE i.order_id = o.id) AS items,
  o.public_token, o.request_hash, o.prices_include_tax
  FROM orders o JOIN restaurants r ON r.id = o.restaurant_id`

export interface NewOrder {
  readonly restaurantId: RestaurantId
  readonly table: number
  readonly currency: string
  readonly priced: PricedOrder
  readonly customerName: string
  readonly customerPhone: string
  readonly paymentMethod: PaymentMethod
  readonly publicToken: OrderToken
  readonly idempotency: Option.Option<{ readonly key: string; readonly requestHash: string }>
}

export type PlaceResult =
  // `placed` is the kitchen's view of the new order (for its live board), read in the same statement.
  | { readonly _tag: "Created"; readonly order: PublicOrder; readonly placed: Order; readonly token: OrderToken }
  | { readonly _tag: "Replayed"; readonly order: PublicOrder; readonly token: OrderToken; readonly requestHash: string }

export class OrdersRepo extends Effect.Service<OrdersRepo>()("@ardine/OrdersRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const byIdempotencyKey = (restaurantId: RestaurantId, key: string) =>
      sql`SELECT ${sql.literal(orderSelect)}
          WHERE o.restaurant_id = ${restaurantId} AND o.idempotency_key = ${key}`.pipe(
        Effect.flatMap((rows) =>
          rows[0] === undefined
            ? Effect.succeedNone
            : Schema.decodeUnknown(
                Schema.Struct({ order: PublicOrder, token: OrderToken, requestHash: Schema.String }),
              )({ order: rows[0], token: rows[0].publicToken, requestHash: rows[0].requestHash }).pipe(
                Effect.map(Option.some),
              ),
        ),
      )

    const replayed = (restaurantId: RestaurantId, key: string) =>
      byIdempotencyKey(restaurantId, key).pipe(
        Effect.flatMap(Effect.transposeMapOption((found) => Effect.succeed({ _tag: "Replayed" as const, ...found }))),
      )

    /**
     * Inserts the order and all its items in one transaction; a known idempotency key returns the first order
     * (found through the insert's conflict, so a new order costs no extra look-up).
     */
    const place = Effect.fn("OrdersRepo.place")(function* (input: NewOrder) {
      return yield* inTransaction(sql)(
        Effect.gen(function* () {
          const key = Option.getOrNull(Option.map(input.idempotency, (i) => i.key))
          const requestHash = Option.getOrNull(Option.map(input.idempotency, (i) => i.requestHash))
          // A concurrent submit with the same key waits on the unique index and then finds the winner's order.
          const inserted = yield* sql<{ id: string }>`
            INSERT INTO orders ${sql.insert({
              restaurantId: input.restaurantId,
              tableNumber: input.table,
              paymentMethod: input.paymentMethod,
              customerName: input.customerName,
              customerPhone: input.customerPhone,
              currency: input.currency,
              subtotalMinor: input.priced.subtotalMinor,
              taxMinor: input.priced.taxMinor,
              totalMinor: input.priced.totalMinor,
              pricesIncludeTax: input.priced.pricesIncludeTax,
              publicToken: input.publicToken,
              idempotencyKey: key,
              requestHash,
            })}
            ON CONFLICT (restaurant_id, idempotency_key) DO NOTHING
            RETURNING id`
          const id = inserted[0]?.id
          if (id === undefined && key !== null) {
            const existing = yield* replayed(input.restaurantId, key)
            if (Option.isSome(existing)) return existing.value
            return yield* Effect.dieMessage("idempotent insert conflicted but no order was found")
          }
          if (id === undefined) return yield* Effect.dieMessage("order insert returned no id")
          const items = yield* sql<{ id: string; position: number }>`INSERT INTO order_items ${sql.insert(
            input.priced.items.map(({ options: _, ...item }, position) => ({ orderId: id, position, ...item })),
          )} RETURNING id, position`
          const itemIds = new Map(items.map((row) => [row.position, row.id]))
          // What was chosen, by name and price now: later edits to the options leave this order as it was.
          const chosen = input.priced.items.flatMap((item, index) =>
            item.options.map((option, position) => ({ orderItemId: itemIds.get(index), position, ...option })),
          )
          if (chosen.length > 0) yield* sql`INSERT INTO order_item_options ${sql.insert(chosen)}`
          const rows = yield* sql`SELECT ${sql.literal(orderSelect)} WHERE o.id = ${id}`
          const order = yield* Schema.decodeUnknown(PublicOrder)(rows[0])
          const placed = yield* Schema.decodeUnknown(Order)(rows[0])
          return { _tag: "Created" as const, order, placed, token: input.publicToken } satisfies PlaceResult
        }),
      )
    }, mapSqlErrors)

    const findByToken = SqlSchema.findOne({
      Request: Schema.String,
      Result: PublicOrder,
      execute: (token) => sql`SELECT ${sql.literal(orderSelect)} WHERE o.public_token = ${token}`,
    })

    const list = SqlSchema.findAll({
      Request: Schema.Struct({ restaurantId: RestaurantId, status: Schema.optional(OrderStatus) }),
      Result: Order,
      execute: ({ restaurantId, status }) =>
        sql`SELECT ${sql.literal(orderSelect)} WHERE o.restaurant_id = ${restaurantId}
            ${status === undefined ? sql`` : sql`AND o.status = ${status}`}
            ORDER BY o.created_at DESC, o.id LIMIT 500`,
    })

    const get = Effect.fn("OrdersRepo.get")(function* (restaurantId: RestaurantId, id: OrderId) {
      const rows =
        yield* sql`SELECT ${sql.literal(orderSelect)} WHERE o.id = ${id} AND o.restaurant_id = ${restaurantId}`
      if (rows[0] === undefined) return yield* Effect.fail(orderNotFound)
      return yield* Schema.decodeUnknown(Order)(rows[0])
    }, mapSqlErrors)

    const getPublic = Effect.fn("OrdersRepo.getPublic")(function* (id: OrderId) {
      const rows = yield* sql`SELECT ${sql.literal(orderSelect)} WHERE o.id = ${id}`
      if (rows[0] === undefined) return yield* Effect.fail(orderNotFound)
      return yield* Schema.decodeUnknown(PublicOrder)(rows[0])
    }, mapSqlErrors)

    return {
      place,
      /** The diner's view of an order, for live updates. */
      getPublic,
      /** The order first placed with this key, with the hash of the request that placed it. */
      findByIdempotencyKey: Effect.fn("OrdersRepo.findByIdempotencyKey")(byIdempotencyKey, mapSqlErrors),
      findByToken: Effect.fn("OrdersRepo.findByToken")((token: string) => findByToken(token), mapSqlErrors),
      list: Effect.fn("OrdersRepo.list")(
        (restaurantId: RestaurantId, status?: OrderStatus) =>
          list(status === undefined ? { restaurantId } : { restaurantId, status }),
        mapSqlErrors,
      ),
      get,
      /** Moves an order along the state machine; the row is locked so two kitchen screens cannot race. */
      changeStatus: Effect.fn("OrdersRepo.changeStatus")(
        (restaurantId: RestaurantId, id: OrderId, to: OrderStatus) =>
          inTransaction(sql)(
            Effect.gen(function* () {
              const rows = yield* sql<{ status: OrderStatus }>`
              SELECT status FROM orders WHERE id = ${id} AND restaurant_id = ${restaurantId} FOR UPDATE`
              const current = rows[0]
              if (current === undefined) return yield* Effect.fail(orderNotFound)
              const next = transition(current.status, to)
              if (Either.isLeft(next)) {
                return yield* Effect.fail(
                  new InvalidOrderTransition({
                    from: current.status,
                    to,
                    message: `An order that is ${current.status} cannot become ${to}`,
                  }),
                )
              }
              yield* sql`UPDATE orders SET status = ${next.right}, updated_at = now() WHERE id = ${id}`
              return yield* get(restaurantId, id)
            }),
          ),
        mapSqlErrors,
      ),
      markPaid: Effect.fn("OrdersRepo.markPaid")(function* (restaurantId: RestaurantId, id: OrderId) {
        // A cancelled order takes no payment; cancelled is final, so a missed update here cannot race a revival.
        const rows = yield* sql`UPDATE orders SET payment_status = 'Paid', updated_at = now()
          WHERE id = ${id} AND restaurant_id = ${restaurantId} AND status <> 'cancelled' RETURNING id`
        if (rows[0] === undefined) {
          const existing = yield* sql<{ status: OrderStatus }>`
            SELECT status FROM orders WHERE id = ${id} AND restaurant_id = ${restaurantId}`
          const status = existing[0]?.status
          if (status === undefined) return yield* Effect.fail(orderNotFound)
          return yield* Effect.fail(
            new OrderNotPayable({ status, message: `An order that is ${status} cannot be marked paid` }),
          )
        }
        return yield* get(restaurantId, id)
      }, mapSqlErrors),
    }
  }),
}) {}
