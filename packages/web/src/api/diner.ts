import type { Language, OrderToken, PlaceOrderRequest } from "@ardine/domain"
import { call } from "./client.js"

// The browser's HTTP cache revalidates the menu with its ETag by itself, so no If-None-Match here.
// Each language is its own address (and cached copy): the browser's cache never mixes two languages up.
export const fetchMenu = (slug: string, language: Language) =>
  call((api) => api.public.menuIn({ path: { slug, language }, headers: {} }))
export const placeOrder = (slug: string, payload: PlaceOrderRequest, idempotencyKey: string) =>
  call((api) => api.public.placeOrder({ path: { slug }, payload, headers: { "idempotency-key": idempotencyKey } }))
export const fetchOrder = (token: OrderToken) => call((api) => api.public.order({ path: { token } }))
