import { Schema } from "effect"
import { DishId, RestaurantId } from "./ids.js"

/** How a dish's 3D model is made: built from its described shape, or photoreal from an image-to-3D provider. */
export const ModelKind = Schema.Literal("built", "photoreal")
export type ModelKind = typeof ModelKind.Type

export const SetDishModelKind = Schema.Struct({
  /** null: follow the restaurant's choice. */
  modelKind: Schema.NullOr(ModelKind),
}).annotations({ identifier: "SetDishModelKind" })
export type SetDishModelKind = typeof SetDishModelKind.Type

export const DishModelChoice = Schema.Struct({
  dishId: DishId,
  /** The dish's own choice; null when it follows the restaurant's. */
  choice: Schema.NullOr(ModelKind),
  /** What the next model build uses. */
  effective: ModelKind,
  /** What the stored model is (null before the first model). */
  source: Schema.NullOr(ModelKind),
  /** Why the stored model is not photoreal although photoreal was chosen, in the owner's words. */
  note: Schema.NullOr(Schema.String),
}).annotations({ identifier: "DishModelChoice" })
export type DishModelChoice = typeof DishModelChoice.Type

/** The restaurant's choice, which its dishes follow unless they chose for themselves. */
export const RestaurantModelKind = Schema.Struct({
  restaurantId: RestaurantId,
  modelKind: ModelKind,
}).annotations({ identifier: "RestaurantModelKind" })
export type RestaurantModelKind = typeof RestaurantModelKind.Type

export const SetRestaurantModelKind = Schema.Struct({ modelKind: ModelKind }).annotations({
  identifier: "SetRestaurantModelKind",
})
