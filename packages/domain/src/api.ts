import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as Multipart from "@effect/platform/Multipart"
import * as OpenApi from "@effect/platform/OpenApi"
import { Option, Schema } from "effect"
import { Authentication } from "./auth.js"
import { Dish, DishCategory, DishName, MAX_PHOTO_BYTES, Menu, UpdateDishRequest } from "./dish.js"
import {
  ConstraintViolation,
  CrossSiteRequestRefused,
  DishAnalysisFailed,
  DishHasNoPhoto,
  DishNotPublishable,
  DishUnavailable,
  EmailTaken,
  IdempotencyKeyReused,
  ImageTooLarge,
  InternalError,
  InvalidCredentials,
  InvalidOrderTransition,
  InvalidTableToken,
  LengthRequired,
  MalformedJson,
  MalwareDetected,
  NotFound,
  OrderNotPayable,
  PayloadTooLarge,
  PaymentMethodNotOffered,
  QuantityTooLarge,
  RateLimited,
  RouteNotFound,
  ScannerUnavailable,
  ServiceUnavailable,
  SlugTaken,
  TableNotFound,
  UnsupportedImage,
  UnsupportedMediaType,
} from "./errors.js"
import { DishGeometry } from "./geometry.js"
import { DishId, OrderId, OrderToken, RestaurantId } from "./ids.js"
import { OrderNotBillable } from "./kitchen.js"
import { Language } from "./language.js"
import { DishModelChoice, RestaurantModelKind, SetDishModelKind, SetRestaurantModelKind } from "./modelChoice.js"
import {
  OptionUnavailable,
  RequiredOptionMissing,
  TooFewOptions,
  TooManyOptions,
  UnknownOption,
} from "./optionErrors.js"
import { OptionsApi } from "./optionsApi.js"
import { ChangeOrderStatusRequest, Order, OrderList, PlacedOrder, PlaceOrderRequest, PublicOrder } from "./order.js"
import { OrderStatus } from "./order-status.js"
import { CreateRestaurantRequest, Restaurant, Slug, TableNumber, UpdateRestaurantRequest } from "./restaurant.js"
import { TableAccess, TableAccessList, TableCode, TableLink } from "./table.js"
import { LogInRequest, SignUpRequest, User } from "./user.js"

const restaurantId = HttpApiSchema.param("restaurantId", RestaurantId)
const dishId = HttpApiSchema.param("dishId", DishId)
const orderId = HttpApiSchema.param("orderId", OrderId)
const slug = HttpApiSchema.param("slug", Slug)
const token = HttpApiSchema.param("token", OrderToken)
const language = HttpApiSchema.param("language", Language)

export const Readiness = Schema.Struct({
  status: Schema.Literal("ready", "not-ready"),
  checks: Schema.Record({ key: Schema.String, value: Schema.Literal("up", "down", "disabled") }),
})
export type Readiness = typeof Readiness.Type

export class NotReady extends Schema.TaggedError<NotReady>()(
  "NotReady",
  { checks: Readiness.fields.checks, message: Schema.String },
  HttpApiSchema.annotations({ status: 503 }),
) {}

export class HealthApi extends HttpApiGroup.make("health")
  .add(HttpApiEndpoint.get("live", "/health/live").addSuccess(Schema.Struct({ status: Schema.Literal("live") })))
  .add(HttpApiEndpoint.get("ready", "/health/ready").addSuccess(Readiness).addError(NotReady))
  .annotate(OpenApi.Description, "Liveness and readiness probes") {}

export class AuthApi extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("signUp", "/auth/signup")
      .setPayload(SignUpRequest)
      .addSuccess(User, { status: 201 })
      .addError(EmailTaken),
  )
  .add(
    HttpApiEndpoint.post("logIn", "/auth/login").setPayload(LogInRequest).addSuccess(User).addError(InvalidCredentials),
  )
  .add(HttpApiEndpoint.post("logOut", "/auth/logout"))
  .add(HttpApiEndpoint.get("me", "/auth/me").addSuccess(User).middleware(Authentication))
  .annotate(OpenApi.Description, "Owner accounts: sign up, log in with a session cookie, log out") {}

export class RestaurantsApi extends HttpApiGroup.make("restaurants")
  .add(HttpApiEndpoint.get("list", "/restaurants").addSuccess(Schema.Array(Restaurant)))
  .add(
    HttpApiEndpoint.post("create", "/restaurants")
      .setPayload(CreateRestaurantRequest)
      .addSuccess(Restaurant, { status: 201 })
      .addError(SlugTaken),
  )
  .add(HttpApiEndpoint.get("get")`/restaurants/${restaurantId}`.addSuccess(Restaurant).addError(NotFound))
  .add(
    HttpApiEndpoint.patch("update")`/restaurants/${restaurantId}`
      .setPayload(UpdateRestaurantRequest)
      .addSuccess(Restaurant)
      .addError(NotFound)
      .addError(SlugTaken),
  )
  .add(
    HttpApiEndpoint.put("setModelKind")`/restaurants/${restaurantId}/model-kind`
      .setPayload(SetRestaurantModelKind)
      .addSuccess(RestaurantModelKind)
      .addError(NotFound)
      .annotate(OpenApi.Description, "Built or photoreal for the dishes that have not chosen for themselves"),
  )
  .middleware(Authentication)
  .annotate(OpenApi.Description, "An owner's restaurants and their settings") {}

/** A dish photo, with optional text the owner already knows (the AI fills the rest). */
export const DishPhotoUpload = HttpApiSchema.Multipart(
  Schema.Struct({
    photo: Multipart.SingleFileSchema,
    name: Schema.optional(DishName),
    category: Schema.optional(DishCategory),
  }),
  { maxParts: Option.some(4), maxFileSize: Option.some(MAX_PHOTO_BYTES), maxFieldSize: 4096 },
)

export class DishesApi extends HttpApiGroup.make("dishes")
  .add(
    HttpApiEndpoint.get("list")`/restaurants/${restaurantId}/dishes`.addSuccess(Schema.Array(Dish)).addError(NotFound),
  )
  .add(
    HttpApiEndpoint.post("upload")`/restaurants/${restaurantId}/dishes`
      .setPayload(DishPhotoUpload)
      .addSuccess(Dish, { status: 201 })
      .addError(NotFound)
      .addError(UnsupportedImage)
      .addError(ImageTooLarge)
      .addError(MalwareDetected)
      .addError(ScannerUnavailable)
      .addError(DishAnalysisFailed),
  )
  .add(HttpApiEndpoint.get("get")`/restaurants/${restaurantId}/dishes/${dishId}`.addSuccess(Dish).addError(NotFound))
  .add(
    HttpApiEndpoint.patch("update")`/restaurants/${restaurantId}/dishes/${dishId}`
      .setPayload(UpdateDishRequest)
      .addSuccess(Dish)
      .addError(NotFound),
  )
  .add(HttpApiEndpoint.del("delete")`/restaurants/${restaurantId}/dishes/${dishId}`.addError(NotFound))
  .add(
    HttpApiEndpoint.put("updateGeometry")`/restaurants/${restaurantId}/dishes/${dishId}/geometry`
      .setPayload(DishGeometry)
      .addSuccess(Dish)
      .addError(NotFound)
      .addError(DishHasNoPhoto),
  )
  .add(
    HttpApiEndpoint.post("regenerate")`/restaurants/${restaurantId}/dishes/${dishId}/regenerate`
      .addSuccess(Dish)
      .addError(NotFound)
      .addError(DishHasNoPhoto),
  )
  .add(
    HttpApiEndpoint.get("modelKind")`/restaurants/${restaurantId}/dishes/${dishId}/model-kind`
      .addSuccess(DishModelChoice)
      .addError(NotFound),
  )
  .add(
    HttpApiEndpoint.put("setModelKind")`/restaurants/${restaurantId}/dishes/${dishId}/model-kind`
      .setPayload(SetDishModelKind)
      .addSuccess(DishModelChoice)
      .addError(NotFound)
      .annotate(OpenApi.Description, "Built or photoreal for the dish's next model (regenerate to apply it now)"),
  )
  .add(
    HttpApiEndpoint.post("replacePhoto")`/restaurants/${restaurantId}/dishes/${dishId}/photo`
      .setPayload(DishPhotoUpload)
      .addSuccess(Dish)
      .addError(NotFound)
      .addError(UnsupportedImage)
      .addError(ImageTooLarge)
      .addError(MalwareDetected)
      .addError(ScannerUnavailable)
      .addError(DishAnalysisFailed),
  )
  .add(
    HttpApiEndpoint.post("publish")`/restaurants/${restaurantId}/dishes/${dishId}/publish`
      .addSuccess(Dish)
      .addError(NotFound)
      .addError(DishNotPublishable)
      .annotate(
        OpenApi.Description,
        "Puts a draft on the public menu: needs a name, a price above 0, confirmed allergens",
      ),
  )
  .add(
    HttpApiEndpoint.post("unpublish")`/restaurants/${restaurantId}/dishes/${dishId}/unpublish`
      .addSuccess(Dish)
      .addError(NotFound)
      .annotate(OpenApi.Description, "Takes a dish off the public menu (back to a draft)"),
  )
  .middleware(Authentication)
  .annotate(OpenApi.Description, "An owner's dishes") {}

export class OrdersApi extends HttpApiGroup.make("orders")
  .add(
    HttpApiEndpoint.get("list")`/restaurants/${restaurantId}/orders`
      .setUrlParams(Schema.Struct({ status: Schema.optional(OrderStatus) }))
      .addSuccess(OrderList)
      .addError(NotFound),
  )
  .add(HttpApiEndpoint.get("get")`/restaurants/${restaurantId}/orders/${orderId}`.addSuccess(Order).addError(NotFound))
  .add(
    HttpApiEndpoint.patch("changeStatus")`/restaurants/${restaurantId}/orders/${orderId}/status`
      .setPayload(ChangeOrderStatusRequest)
      .addSuccess(Order)
      .addError(NotFound)
      .addError(InvalidOrderTransition),
  )
  .add(
    HttpApiEndpoint.post("markPaid")`/restaurants/${restaurantId}/orders/${orderId}/paid`
      .addSuccess(Order)
      .addError(NotFound)
      .addError(OrderNotPayable),
  )
  .middleware(Authentication)
  .annotate(OpenApi.Description, "The kitchen: orders of an owner's restaurant") {}

export const IdempotencyKey = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_.:-]{8,128}$/, { message: () => "must be 8-128 characters of [A-Za-z0-9_.:-]" }),
)

/**
 * Server-sent events. On every (re)connection the stream first sends `ready`: clients re-fetch their
 * state then (the documented catch-up, instead of replaying by Last-Event-ID), so nothing is missed
 * across reconnects; `: heartbeat` comments keep proxies from closing an idle stream.
 */
export const EventStream = HttpApiSchema.Text({ contentType: "text/event-stream" })

export class EventsApi extends HttpApiGroup.make("events")
  .add(
    HttpApiEndpoint.get("restaurant")`/restaurants/${restaurantId}/events`
      .addSuccess(EventStream)
      .addError(NotFound)
      .middleware(Authentication),
  )
  .add(HttpApiEndpoint.get("order")`/orders/${token}/events`.addSuccess(EventStream).addError(NotFound))
  .annotate(
    OpenApi.Description,
    "Live updates: the kitchen board and model progress for owners, order status for diners",
  ) {}

export class PublicApi extends HttpApiGroup.make("public")
  .add(
    HttpApiEndpoint.get("menu")`/menu/${slug}`
      .setHeaders(Schema.Struct({ "if-none-match": Schema.optional(Schema.String) }))
      .addSuccess(Menu)
      .addError(NotFound),
  )
  .add(
    HttpApiEndpoint.get("menuIn")`/menu/${slug}/${language}`
      .setHeaders(Schema.Struct({ "if-none-match": Schema.optional(Schema.String) }))
      .addSuccess(Menu)
      .addError(NotFound)
      .annotate(
        OpenApi.Description,
        "The menu in one language: a language the restaurant does not offer answers in its main language",
      ),
  )
  .add(
    HttpApiEndpoint.post("placeOrder")`/menu/${slug}/orders`
      .setPayload(PlaceOrderRequest)
      .setHeaders(Schema.Struct({ "idempotency-key": Schema.optional(IdempotencyKey) }))
      .addSuccess(PlacedOrder, { status: 201 })
      .addError(NotFound)
      .addError(TableNotFound)
      .addError(InvalidTableToken)
      .addError(DishUnavailable)
      .addError(QuantityTooLarge)
      .addError(IdempotencyKeyReused)
      .addError(PaymentMethodNotOffered)
      .addError(UnknownOption)
      .addError(OptionUnavailable)
      .addError(RequiredOptionMissing)
      .addError(TooFewOptions)
      .addError(TooManyOptions),
  )
  .add(HttpApiEndpoint.get("order")`/orders/${token}`.addSuccess(PublicOrder).addError(NotFound))
  .add(
    // The order's private token is the credential: only whoever holds the order link can ask for its bill.
    HttpApiEndpoint.post("requestBill")`/orders/${token}/bill`
      .addSuccess(PublicOrder)
      .addError(NotFound)
      .addError(OrderNotBillable),
  )
  .annotate(OpenApi.Description, "What diners reach from the QR code on their table: no account needed") {}

const table = HttpApiSchema.param("table", Schema.NumberFromString.pipe(Schema.compose(TableNumber)))
const tableCode = HttpApiSchema.param("code", TableCode)

export class TablesApi extends HttpApiGroup.make("tables")
  .add(
    HttpApiEndpoint.get("list")`/restaurants/${restaurantId}/tables`
      .addSuccess(TableAccessList)
      .addError(NotFound)
      .middleware(Authentication),
  )
  .add(
    HttpApiEndpoint.post("rotateAll")`/restaurants/${restaurantId}/tables/rotate`
      .addSuccess(TableAccessList)
      .addError(NotFound)
      .middleware(Authentication),
  )
  .add(
    HttpApiEndpoint.post("rotate")`/restaurants/${restaurantId}/tables/${table}/rotate`
      .addSuccess(TableAccess)
      .addError(NotFound)
      .addError(TableNotFound)
      .middleware(Authentication),
  )
  .add(HttpApiEndpoint.get("link")`/tables/${tableCode}`.addSuccess(TableLink).addError(NotFound))
  .annotate(
    OpenApi.Description,
    "Each table's QR token and short code: listed and rotated by the owner; a short code typed by a diner leads to its table",
  ) {}

export class ArdineApi extends HttpApi.make("ardine")
  .add(HealthApi)
  .add(AuthApi)
  .add(RestaurantsApi)
  .add(DishesApi)
  .add(OptionsApi)
  .add(OrdersApi)
  .add(PublicApi)
  .add(EventsApi)
  .add(TablesApi)
  .addError(MalformedJson)
  .addError(PayloadTooLarge)
  .addError(UnsupportedMediaType)
  .addError(RouteNotFound)
  .addError(LengthRequired)
  .addError(RateLimited)
  .addError(CrossSiteRequestRefused)
  .addError(ServiceUnavailable)
  .addError(InternalError)
  .addError(ConstraintViolation)
  .prefix("/api")
  .annotate(OpenApi.Title, "Ardine API")
  .annotate(OpenApi.Version, "0.1.0") {}
