import type { OrderToken, PlaceOrderRequest } from "@ardine/domain"
import { call } from "./client.js"

// The browser's HTTP cache revalidates the menu with its ETag by itself, so no If-None-Match here.
export const fetchMenu = (slug: string) => call((api) => api.public.menu({ path: { slug }, headers: {} }))
export const placeOrder = (slug: string, payload: PlaceOrderRequest, idempotencyKey: string) =>
  call((api) => api.public.placeOrder({ path: { slug }, payload, headers: { "idempotency-key": idempotencyKey } }))
export const fetchOrder = (token: OrderToken) => call((api) => api.public.order({ path: { token } }))
