import {
  Allergen,
  AnalysisReviewField,
  ComponentShape,
  DietaryTag,
  MAX_COMPONENTS,
  MAX_PRICE_MINOR,
  MAX_SUGGESTED_OPTION_GROUPS,
  MAX_SUGGESTED_OPTIONS,
  OptionSelection,
  RectVesselKind,
  RoundVesselKind,
} from "@ardine/domain"
import type { Schema as GeminiSchema, Type as GeminiTypes } from "@google/genai"
import type { DishAnalysisInput } from "./contract.js"

// Gemini's `responseSchema` is an OpenAPI-3.0 subset (upper-case types, no $ref/$defs/additionalProperties), so
// `JSONSchema.make(DishAnalysis)` cannot be sent as is. This is the same shape written in that dialect; a unit test
// checks that it agrees with the Effect schema (fields, required fields, enums, numeric bounds, list sizes).

// The SDK's `Type` enum, spelled out: the SDK itself (a few MiB of memory) is imported only when Gemini is used.
const Type = {
  STRING: "STRING" as GeminiTypes.STRING,
  NUMBER: "NUMBER" as GeminiTypes.NUMBER,
  INTEGER: "INTEGER" as GeminiTypes.INTEGER,
  ARRAY: "ARRAY" as GeminiTypes.ARRAY,
  OBJECT: "OBJECT" as GeminiTypes.OBJECT,
  BOOLEAN: "BOOLEAN" as GeminiTypes.BOOLEAN,
} as const

const text = (description: string, maxLength: number): GeminiSchema => ({
  type: Type.STRING,
  description,
  maxLength: String(maxLength),
})
const number = (minimum: number, maximum: number, description: string): GeminiSchema => ({
  type: Type.NUMBER,
  minimum,
  maximum,
  description,
})
const integer = (minimum: number, maximum: number, description: string): GeminiSchema => ({
  type: Type.INTEGER,
  minimum,
  maximum,
  description,
})
const oneOf = (values: ReadonlyArray<string>, description?: string): GeminiSchema => ({
  type: Type.STRING,
  enum: [...values],
  ...(description === undefined ? {} : { description }),
})
const listOf = (items: GeminiSchema, maxItems: number, description: string): GeminiSchema => ({
  type: Type.ARRAY,
  items,
  maxItems: String(maxItems),
  description,
})
// Properties the answer may leave out, marked where they are declared (see `mayBeLeftOut`).
const leftOutAllowed = new WeakSet<GeminiSchema>()
const mayBeLeftOut = (schema: GeminiSchema): GeminiSchema => {
  leftOutAllowed.add(schema)
  return schema
}
const object = (
  properties: Record<string, GeminiSchema>,
  optional: ReadonlyArray<string> = [],
  description?: string,
): GeminiSchema => ({
  type: Type.OBJECT,
  properties,
  required: Object.keys(properties).filter(
    (key) => !optional.includes(key) && !leftOutAllowed.has(properties[key] as GeminiSchema),
  ),
  propertyOrdering: Object.keys(properties),
  ...(description === undefined ? {} : { description }),
})

const colour: GeminiSchema = {
  type: Type.STRING,
  pattern: "^#[0-9a-fA-F]{6}$",
  description: "average visible sRGB colour as #rrggbb",
}
const roughness = number(0, 1, "0 = mirror-smooth or glossy, 1 = fully matte")

export const DishAnalysisResponseSchema: GeminiSchema = object({
  name: text("the dish's usual menu name", 120),
  description: text("one to three appetising sentences about what is visible and typical for this dish", 2000),
  category: text("one menu section, such as Starters, Mains, Desserts, Sides, Drinks", 60),
  portionSize: text('portion such as "about 350 g" or "serves 2"; empty string when unsure', 60),
  suggestedPriceMinor: integer(0, 10_000_000, "typical price, as an integer number of the currency's minor units"),
  allergens: listOf(
    oneOf(Allergen.literals),
    Allergen.literals.length,
    "EU allergen groups the dish probably contains, each at most once",
  ),
  dietaryTags: listOf(oneOf(DietaryTag.literals), 20, "tags that clearly apply, each at most once"),
  geometry: object(
    {
      vessel: {
        description: "what the food is served on or in, with its real outer size",
        anyOf: [
          object(
            {
              kind: oneOf(RoundVesselKind.literals),
              diameterCm: number(5, 60, "outer diameter at the rim, in cm"),
              heightCm: number(0.5, 30, "total height from the table to the rim, in cm"),
              rimCm: number(0, 10, "width of the flat rim band, in cm (plates and bowls)"),
              color: colour,
              roughness,
            },
            ["rimCm"],
          ),
          object(
            {
              kind: oneOf(RectVesselKind.literals),
              widthCm: number(5, 60, "outer size left-right in the photo, in cm"),
              depthCm: number(5, 60, "outer size top-bottom in the photo, in cm"),
              heightCm: number(0.5, 8, "total height from the table to the top edge, in cm"),
              rimCm: number(0, 10, "width of a tray's raised border, in cm"),
              color: colour,
              roughness,
            },
            ["rimCm"],
          ),
          object({ kind: oneOf(["none"], "food served straight on the table") }),
        ],
      },
      components: listOf(
        object(
          {
            shape: oneOf(ComponentShape.literals),
            widthCm: number(0.3, 60, "diameter of the footprint seen from above, in cm"),
            heightCm: number(0.1, 30, "height above the surface it rests on, in cm (liquid: depth)"),
            position: object(
              {
                x: number(-1, 1, "left-right offset from the vessel centre, as a fraction of its inner radius"),
                z: number(-1, 1, "top-bottom offset from the vessel centre (-1 far/top, 1 near/bottom)"),
              },
              [],
              "centre of the footprint",
            ),
            count: integer(1, 24, "number of pieces (scoops, slices, stack layers, wedges, rolls, garnish)"),
            color: colour,
            roughness,
            gloss: number(0, 1, "extra sheen of a glaze or sauce"),
          },
          ["gloss"],
        ),
        MAX_COMPONENTS,
        "the food elements, largest first",
      ),
    },
    [],
    "real-scale shape of the dish for a 3D model",
  ),
  needsReview: listOf(
    oneOf(AnalysisReviewField.literals),
    AnalysisReviewField.literals.length,
    "fields you are unsure of",
  ),
  suggestedOptionGroups: mayBeLeftOut(
    listOf(
      object({
        name: text('what the diner chooses, such as "Cooking" or "Milk"', 80),
        selection: oneOf(OptionSelection.literals, "single: at most one option; multiple: several"),
        required: { type: Type.BOOLEAN, description: "whether every order of this dish must choose one" },
        options: listOf(
          object({
            name: text('an option, such as "Medium" or "Oat milk"', 80),
            priceDeltaMinor: integer(
              -MAX_PRICE_MINOR,
              MAX_PRICE_MINOR,
              "what it adds to the dish's price in minor units (0 for none, negative for leaving something out)",
            ),
          }),
          MAX_SUGGESTED_OPTIONS,
          "the usual choices, most common first",
        ),
      }),
      MAX_SUGGESTED_OPTION_GROUPS,
      "choices diners commonly make for this dish; an empty list when there are none",
    ),
  ),
})

/** How many minor units make one unit of the currency (100 for EUR, 1 for JPY). */
const minorUnitsPerUnit = (currency: string): number => {
  try {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits
    return 10 ** (digits ?? 2)
  } catch {
    return 100
  }
}

export const SYSTEM_INSTRUCTION =
  "You write restaurant menus and describe dishes precisely enough to build a real-scale 3D model of them. " +
  "You look at one photo of one dish and answer only with JSON matching the response schema."

export const dishPrompt = (input: DishAnalysisInput): string => {
  const perUnit = minorUnitsPerUnit(input.currency)
  const hint = input.hint?.name?.trim()
  return [
    "Describe the dish in this photo for the restaurant's menu and as a real-scale 3D model.",
    ...(hint ? [`The owner calls this dish ${JSON.stringify(hint.slice(0, 120))}; use that name.`] : []),
    "",
    "Menu fields:",
    "- name (at most 120 characters), description (1-3 sentences, only what is visible or typical), category",
    "  (one menu section), portionSize (empty string when unsure).",
    `- suggestedPriceMinor: a typical restaurant price in ${input.currency}, as an integer number of minor units`,
    perUnit === 1
      ? `  (${input.currency} has no minor unit: give whole ${input.currency}).`
      : `  (1 ${input.currency} = ${perUnit} minor units).`,
    "- allergens: the EU allergen groups the dish probably contains; dietaryTags: only tags that clearly apply.",
    "- needsReview: the fields you are unsure of (always include allergens when any allergen is a guess).",
    "- suggestedOptionGroups: choices diners commonly make for this dish (a steak's cooking, a coffee's milk,",
    "  a pizza's extra toppings), with typical price differences; an empty list when such a dish has none.",
    "",
    "3D description (geometry), real sizes in centimetres, seen from above:",
    "- vessel: plate, bowl, deep-plate, glass or cup with diameterCm at the rim, heightCm from table to rim and rimCm",
    "  (flat rim width); or board or tray with widthCm, depthCm, heightCm; or kind none when the food sits on the",
    "  table. A dinner plate is usually 26-28 cm across and 2-3 cm high, a soup bowl 15-20 cm across and 6-9 cm high.",
    "  Give its colour as #rrggbb and its roughness (0 glossy, 1 matte).",
    `- components: up to ${MAX_COMPONENTS} food elements, largest first. shape is one of: mound (rice, mash, salad),`,
    "  dome (a scoop-like rounded piece), disc (pizza, pancake, patty), stack (layered pieces), slices (fanned slices),",
    "  wedge (cake or cheese wedge), scoops (ice cream), cylinder (sushi rolls, cans), liquid (soup, sauce pool, a",
    "  drink; heightCm is the depth), nest (twirled pasta or noodles), garnish (herbs, seeds, small scattered bits).",
    "  widthCm is the footprint diameter, heightCm the height; position x/z is the footprint centre as a fraction of",
    "  the vessel's inner radius (x: -1 left to 1 right; z: -1 far/top of the photo to 1 near/bottom); count is the",
    "  number of pieces; color is the average visible colour (#rrggbb); roughness 0 glossy to 1 matte; gloss (0-1)",
    "  only for glazes and sauces.",
  ].join("\n")
}
