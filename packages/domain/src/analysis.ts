import { Schema } from "effect"
import { Allergen, Allergens, DietaryTags, DishCategory, DishDescription, DishName, PortionSize } from "./dish.js"
import { DishGeometry } from "./geometry.js"
import { PriceMinor } from "./money.js"
import { SuggestedOptionGroups } from "./options.js"

// What the DishAnalyzer (Gemini or the local image-statistics analyzer) says about a dish photo.
// It is a suggestion the owner reviews before the dish goes on the menu, and, when it comes from an AI,
// untrusted input: decoding it enforces every bound of the dish fields and of the geometry.

/** The fields of `DishAnalysis` an owner can be asked to check or fill in. */
export const AnalysisReviewField = Schema.Literal(
  "name",
  "description",
  "category",
  "portionSize",
  "suggestedPriceMinor",
  "allergens",
  "dietaryTags",
  "geometry",
)
export type AnalysisReviewField = typeof AnalysisReviewField.Type

export const AnalysisReviewFields = Schema.Array(AnalysisReviewField).pipe(
  Schema.maxItems(AnalysisReviewField.literals.length),
  Schema.filter((xs) => new Set(xs).size === xs.length || "must not repeat an entry"),
)

export const DishAnalysis = Schema.Struct({
  name: DishName,
  description: DishDescription,
  category: DishCategory,
  /** Free text such as "350 g" or "serves 2"; empty when unknown. */
  portionSize: PortionSize,
  /** In minor units of the restaurant's currency (cents, yen...). 0 when the analyzer cannot tell. */
  suggestedPriceMinor: PriceMinor,
  allergens: Allergens.pipe(Schema.maxItems(Allergen.literals.length)),
  dietaryTags: DietaryTags,
  geometry: DishGeometry,
  /** Fields the owner must check or fill in before publishing (the local analyzer cannot know the name, ...). */
  needsReview: AnalysisReviewFields,
  /** Common option groups for such a dish; left out or empty when there are none (never published as is). */
  suggestedOptionGroups: Schema.optionalWith(SuggestedOptionGroups, { default: () => [] }),
}).annotations({ identifier: "DishAnalysis", description: "What an analyzer suggests for a dish photo" })
export type DishAnalysis = typeof DishAnalysis.Type
export type DishAnalysisEncoded = typeof DishAnalysis.Encoded

/** A `DishAnalysis` from JSON text (an AI answer): malformed JSON and out-of-bounds values both fail to decode. */
export const DishAnalysisFromJson = Schema.parseJson(DishAnalysis)
