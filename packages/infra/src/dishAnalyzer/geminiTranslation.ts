import { DishTexts, type DishTranslations, type Language } from "@ardine/domain"
import type { Schema as GeminiSchema, Type as GeminiTypes } from "@google/genai"
import { Effect, Schema } from "effect"
import type { DishTranslationInput } from "./contract.js"

// The translation request's structured output, in Gemini's OpenAPI-3.0 dialect (see geminiSchema.ts):
// one object per target language with the three texts.
const STRING = "STRING" as GeminiTypes.STRING
const OBJECT = "OBJECT" as GeminiTypes.OBJECT

const textsSchema: GeminiSchema = {
  type: OBJECT,
  properties: {
    name: { type: STRING, maxLength: "120" },
    description: { type: STRING, maxLength: "2000" },
    category: { type: STRING, maxLength: "60" },
  },
  required: ["name", "description", "category"],
}

export const translationResponseSchema = (to: ReadonlyArray<string>): GeminiSchema => ({
  type: OBJECT,
  properties: Object.fromEntries(to.map((language) => [language, textsSchema])),
  required: [...to],
})

export const TRANSLATION_INSTRUCTION =
  "You translate restaurant menus. Translate each text faithfully and naturally for diners, keeping dish names " +
  "that diners know in the original (e.g. 'Tiramisu', 'Pad Thai') and never adding facts. An empty text stays empty."

export const translationPrompt = (input: DishTranslationInput): string =>
  [
    `Translate this dish's menu texts from the language tagged "${input.from}" into each of: ${input.to.join(", ")}.`,
    "Answer with one object per language tag, each with name, description and category.",
    JSON.stringify(input.texts),
  ].join("\n")

// The answer is untrusted input: the domain's own bounds per text, and a language outside the set refused.
const TranslationAnswer = Schema.parseJson(
  Schema.Struct({
    en: Schema.optional(DishTexts),
    es: Schema.optional(DishTexts),
    fr: Schema.optional(DishTexts),
    de: Schema.optional(DishTexts),
    it: Schema.optional(DishTexts),
    zh: Schema.optional(DishTexts),
  } satisfies { readonly [L in Language]: unknown }),
)

/**
 * The suggested translations in an answer: only the languages asked for, and no empty text (a dish
 * without a description gets none in any language, and diners see the main language's words).
 */
export const decodeTranslation = (text: string, to: ReadonlyArray<Language>) =>
  Schema.decodeUnknown(TranslationAnswer, { onExcessProperty: "error" })(text).pipe(
    Effect.map(
      (answer): DishTranslations =>
        Object.fromEntries(
          to.flatMap((language) => {
            const texts = answer[language]
            if (texts === undefined) return []
            const filled = Object.fromEntries(Object.entries(texts).filter(([, value]) => value !== ""))
            return [[language, filled]]
          }),
        ),
    ),
  )
