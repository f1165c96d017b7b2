import { createHash, randomBytes } from "node:crypto"
import {
  ArdineApi,
  checkPaymentMethod,
  IdempotencyKeyReused,
  type Language,
  mergeLines,
  NotFound,
  OrderToken,
  PlacedOrder,
  type PlaceOrderRequest,
  priceOrder,
  TableNotFound,
} from "@ardine/domain"
import { DishesRepo, Events, OptionGroupsRepo, OrdersRepo, RestaurantsRepo, TableTokensRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect, Option } from "effect"
import { MenuCache, menuNotFound } from "../menu/MenuCache.js"
import { menuAnswer } from "../menu/menuAnswer.js"
import { makeOrderAnnouncer } from "./orderEvents.js"
import { checkTableToken } from "./tableToken.js"

const orderNotFound = new NotFound({ resource: "order", message: "Order not found" })

/**
 * The same request body always hashes the same, so a retried submit is recognised. The table token is left
 * out: it is a credential, not part of the order, and a diner who scanned a rotated code again may retry.
 * A line's options count, in any order; a line without options hashes as it did before options existed.
 */
const requestHashOf = (slug: string, { tableToken: _, ...order }: PlaceOrderRequest) =>
  createHash("sha256")
    .update(
      JSON.stringify([
        slug,
        {
          ...order,
          items: order.items.map(({ optionIds, ...line }) =>
            optionIds === undefined || optionIds.length === 0 ? line : { ...line, optionIds: [...optionIds].sort() },
          ),
        },
      ]),
    )
    .digest("hex")

export const PublicLive = HttpApiBuilder.group(ArdineApi, "public", (handlers) =>
  Effect.gen(function* () {
    const restaurants = yield* RestaurantsRepo
    const dishes = yield* DishesRepo
    const orders = yield* OrdersRepo
    const events = yield* Events
    const menus = yield* MenuCache
    const tables = yield* TableTokensRepo
    const announce = yield* makeOrderAnnouncer
    const optionGroups = yield* OptionGroupsRepo

    const restaurantBySlug = (slug: string) =>
      Effect.flatMap(
        restaurants.findBySlug(slug),
        Option.match({ onNone: () => Effect.fail(menuNotFound), onSome: Effect.succeed }),
      )

    // Served from the in-process cache (encoded body and ETag per language), invalidated on every menu write.
    const answerMenu = (
      slug: string,
      language: Language | undefined,
      ifNoneMatch: string | undefined,
      request: HttpServerRequest.HttpServerRequest,
    ) =>
      Effect.map(menus.get(slug, language), (menu) => {
        const answer = menuAnswer(menu, ifNoneMatch, request.headers["accept-encoding"])
        return answer.body === undefined
          ? HttpServerResponse.empty({ status: answer.status, headers: answer.headers })
          : HttpServerResponse.uint8Array(answer.body, { status: answer.status, headers: answer.headers })
      })

    return handlers
      .handleRaw("menu", ({ path, headers, request }) =>
        answerMenu(path.slug, undefined, headers["if-none-match"], request),
      )
      .handleRaw("menuIn", ({ path, headers, request }) =>
        answerMenu(path.slug, path.language, headers["if-none-match"], request),
      )
      .handle("placeOrder", ({ path, payload, headers }) =>
        Effect.gen(function* () {
          const restaurant = yield* restaurantBySlug(path.slug)
          const idempotency = Option.map(Option.fromNullable(headers["idempotency-key"]), (key) => ({
            key,
            requestHash: requestHashOf(path.slug, payload),
          }))
          // A retry of an order already placed is answered before re-pricing: the dish may have sold out since.
          if (Option.isSome(idempotency)) {
            const earlier = yield* orders.findByIdempotencyKey(restaurant.id, idempotency.value.key)
            if (Option.isSome(earlier)) {
              if (earlier.value.requestHash !== idempotency.value.requestHash) {
                return yield* Effect.fail(
                  new IdempotencyKeyReused({
                    message: "This Idempotency-Key was already used for a different order",
                  }),
                )
              }
              return new PlacedOrder({ token: earlier.value.token, order: earlier.value.order })
            }
          }
          yield* checkPaymentMethod(restaurant.paymentMethods, payload.paymentMethod)
          if (payload.table > restaurant.tableCount) {
            return yield* Effect.fail(
              new TableNotFound({
                table: payload.table,
                tableCount: restaurant.tableCount,
                message: `This restaurant has tables 1 to ${restaurant.tableCount}`,
              }),
            )
          }
          // Checked after a replay is answered: a retry returns the order placed with a valid token even if
          // the table's code was rotated since; it never creates one.
          yield* checkTableToken(tables, restaurant.id, payload.table, payload.tableToken)
          const lines = yield* mergeLines(payload.items)
          const known = yield* dishes.findForPricing(
            restaurant.id,
            lines.map((line) => line.dishId),
          )
          // Every group of the ordered dishes, options sold out included: a required group is checked even
          // when the line names no option, and a sold-out option is told apart from one that never existed.
          const groups = yield* optionGroups.listForDishes(
            restaurant.id,
            known.map((dish) => dish.id),
          )
          const priced = yield* priceOrder(
            lines,
            new Map(
              known.map((dish) => [
                dish.id,
                { ...dish, optionGroups: groups.filter((group) => group.dishId === dish.id) },
              ]),
            ),
            restaurant,
          )
          const result = yield* orders.place({
            restaurantId: restaurant.id,
            table: payload.table,
            currency: restaurant.currency,
            priced,
            customerName: payload.customerName,
            customerPhone: payload.customerPhone,
            paymentMethod: payload.paymentMethod,
            publicToken: OrderToken.make(randomBytes(32).toString("base64url")),
            idempotency,
          })
          if (
            result._tag === "Replayed" &&
            Option.isSome(idempotency) &&
            result.requestHash !== idempotency.value.requestHash
          ) {
            return yield* Effect.fail(
              new IdempotencyKeyReused({ message: "This Idempotency-Key was already used for a different order" }),
            )
          }
          if (result._tag === "Created") {
            yield* events
              .publishRestaurant(restaurant.id, { type: "order.placed", order: result.placed })
              .pipe(Effect.catchAll((error) => Effect.logWarning("no kitchen event for a new order", error)))
          }
          return new PlacedOrder({ token: result.token, order: result.order })
        }),
      )
      .handle("order", ({ path }) =>
        Effect.flatMap(
          orders.findByToken(path.token),
          Option.match({ onNone: () => Effect.fail(orderNotFound), onSome: Effect.succeed }),
        ),
      )
      .handle("requestBill", ({ path }) =>
        Effect.gen(function* () {
          const billed = yield* orders.requestBill(path.token)
          // Only the first request tells the kitchen; a repeat answers the same order and stays quiet.
          if (billed.changed) {
            yield* orders.get(billed.restaurantId, billed.orderId).pipe(
              Effect.flatMap(announce),
              Effect.catchAll((error) => Effect.logWarning("no kitchen event for a bill request", error)),
            )
          }
          return billed.order
        }),
      )
  }),
)
