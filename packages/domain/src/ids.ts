import { Schema } from "effect"

// UUIDs from Postgres' gen_random_uuid(); branding keeps a DishId from being passed as a RestaurantId.
export const UserId = Schema.UUID.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type

export const RestaurantId = Schema.UUID.pipe(Schema.brand("RestaurantId"))
export type RestaurantId = typeof RestaurantId.Type

export const DishId = Schema.UUID.pipe(Schema.brand("DishId"))
export type DishId = typeof DishId.Type

export const OrderId = Schema.UUID.pipe(Schema.brand("OrderId"))
export type OrderId = typeof OrderId.Type

// The diner's order link: 32 random bytes as base64url (256 bits), never derived from the id.
export const OrderToken = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_-]{43}$/),
  Schema.brand("OrderToken"),
  Schema.annotations({ description: "Unguessable order token (256 bits, base64url)" }),
)
export type OrderToken = typeof OrderToken.Type
