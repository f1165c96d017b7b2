import {
  DishUnavailable,
  IdempotencyKeyReused,
  InvalidTableToken,
  type Language,
  Menu,
  NotFound,
  OptionUnavailable,
  OrderNotBillable,
  type OrderToken,
  PaymentMethodNotOffered,
  PlacedOrder,
  PlaceOrderRequest,
  PublicOrder,
  QuantityTooLarge,
  RequiredOptionMissing,
  type TableCode,
  TableLink,
  TableNotFound,
  TooFewOptions,
  TooManyOptions,
  UnknownOption,
} from "@ardine/domain"
import { Schema } from "effect"
import { typedFetch } from "./typedFetch.js"

// What a diner's screens ask the API, through the small typed fetch rather than the full client:
// these chunks are on the diner's first load, the owner's endpoints are not.

export const publicEndpoints = {
  menu: { method: "GET", success: Menu, errors: NotFound },
  placeOrder: {
    method: "POST",
    success: PlacedOrder,
    errors: Schema.Union(
      NotFound,
      TableNotFound,
      InvalidTableToken,
      DishUnavailable,
      QuantityTooLarge,
      IdempotencyKeyReused,
      PaymentMethodNotOffered,
      UnknownOption,
      OptionUnavailable,
      RequiredOptionMissing,
      TooFewOptions,
      TooManyOptions,
    ),
  },
  order: { method: "GET", success: PublicOrder, errors: NotFound },
  requestBill: { method: "POST", success: PublicOrder, errors: Schema.Union(NotFound, OrderNotBillable) },
  tableLink: { method: "GET", success: TableLink, errors: NotFound },
} as const

const segment = encodeURIComponent

// The browser's HTTP cache revalidates the menu with its ETag by itself, so no If-None-Match here.
// Each language is its own address (and cached copy): the browser's cache never mixes two languages up.
export const fetchMenu = (slug: string, language: Language) =>
  typedFetch(publicEndpoints.menu, { url: `/api/menu/${segment(slug)}/${segment(language)}` })

export const placeOrder = (slug: string, payload: PlaceOrderRequest, idempotencyKey: string) =>
  typedFetch(publicEndpoints.placeOrder, {
    url: `/api/menu/${segment(slug)}/orders`,
    headers: { "idempotency-key": idempotencyKey },
    payload: { schema: PlaceOrderRequest, value: payload },
  })

export const fetchOrder = (token: OrderToken) =>
  typedFetch(publicEndpoints.order, { url: `/api/orders/${segment(token)}` })

export const followTableCode = (code: TableCode) =>
  typedFetch(publicEndpoints.tableLink, { url: `/api/tables/${segment(code)}` })

/** The order's private token is the credential; asking twice keeps the first time. */
export const requestBill = (token: OrderToken) =>
  typedFetch(publicEndpoints.requestBill, { url: `/api/orders/${segment(token)}/bill` })
