import { Schema } from "effect"
import { DishGeometry } from "./geometry.js"
import { DishId, RestaurantId } from "./ids.js"
import { DishTranslations, Language } from "./language.js"
import { PriceMinor } from "./money.js"
import { OptionGroup, SuggestedOptionGroups } from "./options.js"
import { PublicRestaurant } from "./restaurant.js"
import { Line, Paragraph } from "./text.js"

/** The largest dish photo an owner may upload (the upload form checks it before sending). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

/** The 14 allergen groups of EU Regulation 1169/2011, Annex II. */
export const Allergen = Schema.Literal(
  "gluten",
  "crustaceans",
  "eggs",
  "fish",
  "peanuts",
  "soybeans",
  "milk",
  "nuts",
  "celery",
  "mustard",
  "sesame",
  "sulphites",
  "lupin",
  "molluscs",
)
export type Allergen = typeof Allergen.Type

export const DietaryTag = Schema.Literal(
  "vegetarian",
  "vegan",
  "gluten-free",
  "dairy-free",
  "nut-free",
  "halal",
  "kosher",
  "spicy",
)
export type DietaryTag = typeof DietaryTag.Type

export const ModelStatus = Schema.Literal("pending", "generating", "ready", "failed")
export type ModelStatus = typeof ModelStatus.Type

/** A service a model job is waiting for while it is down (the worker carries on by itself when it returns). */
export const ModelWaitingFor = Schema.Literal("scanner", "storage")
export type ModelWaitingFor = typeof ModelWaitingFor.Type

const uniqueList = <A extends string, I>(item: Schema.Schema<A, I>) =>
  Schema.Array(item).pipe(
    Schema.maxItems(20),
    Schema.filter((xs) => new Set(xs).size === xs.length || "must not repeat an entry"),
  )

export const DishName = Line(120)
export const DishCategory = Line(60)
export const DishDescription = Paragraph(2000)
export const PortionSize = Schema.Union(Line(60), Schema.Literal(""))
export const Allergens = uniqueList(Allergen)
export const DietaryTags = uniqueList(DietaryTag)

/** A smaller copy of a dish's photo, for `srcset`: the menu's thumbnails download a few kB, not the full photo. */
export const ImageVariant = Schema.Struct({
  width: Schema.Int.pipe(Schema.positive()),
  type: Schema.Literal("image/webp"),
  url: Schema.String,
})
export type ImageVariant = typeof ImageVariant.Type

export class Dish extends Schema.Class<Dish>("Dish")({
  id: DishId,
  restaurantId: RestaurantId,
  name: Schema.String,
  description: Schema.String,
  category: Schema.String,
  priceMinor: Schema.Int,
  portionSize: Schema.String,
  allergens: Schema.Array(Allergen),
  dietaryTags: Schema.Array(DietaryTag),
  imageUrl: Schema.NullOr(Schema.String),
  modelStatus: ModelStatus,
  modelProgress: Schema.Int.pipe(Schema.between(0, 100)),
  modelUrl: Schema.NullOr(Schema.String),
  failureReason: Schema.NullOr(Schema.String),
  /** While its model job waits out an outage: for which service, and since when (else both null). */
  modelWaitingFor: Schema.NullOr(ModelWaitingFor),
  modelWaitingSince: Schema.NullOr(Schema.Date),
  /** The dish's shape the 3D model is built from (owners can correct it); null for dishes without a photo. */
  geometry: Schema.NullOr(DishGeometry),
  /** Fields the analyzer could not know or is unsure of; cleared as the owner edits them. */
  needsReview: Schema.Array(Schema.String),
  available: Schema.Boolean,
  createdAt: Schema.Date,
  updatedAt: Schema.Date,
  /** On the public menu and orderable; false for a draft (every dish made from a photo starts as one). */
  published: Schema.Boolean,
  /**
   * Whether `allergens` is the owner's confirmed answer: the list, or (empty) "none of the 14". While false the
   * list is only the analyzer's suggestion and the dish's allergens are unknown.
   */
  allergensConfirmed: Schema.Boolean,
  /** The model as USDZ for iOS Quick Look (null until the worker has written one). */
  usdzUrl: Schema.NullOr(Schema.String),
  /** Sized WebP copies of the photo, narrowest first; empty until made (the photo itself is the fallback). */
  imageVariants: Schema.optionalWith(Schema.Array(ImageVariant), { default: () => [] }),
  /** Name, description and category in the restaurant's other languages (the fields above are its main one). */
  translations: Schema.optionalWith(DishTranslations, { default: () => ({}) }),
  /**
   * Option groups the analyzer suggests, waiting for the owner to accept (it becomes one of the dish's groups)
   * or dismiss each; while any wait, `needsReview` holds "optionGroups". Never on the public menu.
   */
  suggestedOptionGroups: Schema.optionalWith(SuggestedOptionGroups, { default: () => [] }),
}) {}

export class UpdateDishRequest extends Schema.Class<UpdateDishRequest>("UpdateDishRequest")({
  name: Schema.optional(DishName),
  description: Schema.optional(DishDescription),
  category: Schema.optional(DishCategory),
  priceMinor: Schema.optional(PriceMinor),
  portionSize: Schema.optional(PortionSize),
  allergens: Schema.optional(Allergens),
  dietaryTags: Schema.optional(DietaryTags),
  available: Schema.optional(Schema.Boolean),
  /**
   * The owner's answer about `allergens` (true: the list, or none of the 14, is confirmed; false: unknown).
   * Sending `allergens` alone never confirms them. Unknown allergens take a published dish off the menu.
   */
  allergensConfirmed: Schema.optional(Schema.Boolean),
  /**
   * Texts per language to set: each language sent replaces that language's texts (an empty object removes
   * them); languages not sent are kept.
   */
  translations: Schema.optional(DishTranslations),
}) {}

/** A dish as the public menu shows it (no internal status details). */
export class MenuDish extends Schema.Class<MenuDish>("MenuDish")({
  id: DishId,
  name: Schema.String,
  description: Schema.String,
  category: Schema.String,
  priceMinor: Schema.Int,
  portionSize: Schema.String,
  allergens: Schema.Array(Allergen),
  dietaryTags: Schema.Array(DietaryTag),
  imageUrl: Schema.NullOr(Schema.String),
  modelUrl: Schema.NullOr(Schema.String),
  /** True on every published dish; a diner's allergen filter still never shows a dish without it. */
  allergensConfirmed: Schema.Boolean,
  usdzUrl: Schema.NullOr(Schema.String),
  /** Sized WebP copies of the photo, narrowest first; empty until made (the photo itself is the fallback). */
  imageVariants: Schema.optionalWith(Schema.Array(ImageVariant), { default: () => [] }),
  /** The dish's option groups in order, each with only its available options. */
  optionGroups: Schema.optionalWith(Schema.Array(OptionGroup), { default: () => [] }),
}) {}

export class Menu extends Schema.Class<Menu>("Menu")({
  restaurant: PublicRestaurant,
  /** The language the dishes' words are in (untranslated words are in the restaurant's main language). */
  language: Schema.optionalWith(Language, { default: () => "en" }),
  dishes: Schema.Array(MenuDish),
}) {}
