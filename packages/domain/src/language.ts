import { Schema } from "effect"
import { Line, Paragraph } from "./text.js"

/**
 * The languages a menu can be written in and the diner app speaks, as BCP-47 tags. A closed set: each one
 * needs the app's own words translated, so a tag is only added here together with its dictionary.
 */
export const Language = Schema.Literal("en", "es", "fr", "de", "it", "zh")
export type Language = typeof Language.Type

export const languages: ReadonlyArray<Language> = Language.literals

export const DEFAULT_LANGUAGE: Language = "en"

export const isLanguage = (tag: string): tag is Language => (languages as ReadonlyArray<string>).includes(tag)

/** The languages a restaurant offers besides its main one: each at most once. */
export const ExtraLanguages = Schema.Array(Language).pipe(
  Schema.maxItems(languages.length),
  Schema.filter((xs) => new Set(xs).size === xs.length || "must not repeat a language"),
)

/** A dish's words in one language; a field left out falls back to the main language. */
export const DishTexts = Schema.Struct({
  name: Schema.optional(Line(120)),
  description: Schema.optional(Paragraph(2000)),
  category: Schema.optional(Line(60)),
})
export type DishTexts = typeof DishTexts.Type

export type TranslatedField = keyof DishTexts
export const translatedFields: ReadonlyArray<TranslatedField> = ["name", "description", "category"]

/**
 * Words per language, keyed by tag. An unknown tag is refused (never silently dropped): the keys are
 * checked as a whole, since a record's key schema alone lets unknown keys through.
 */
export const translationsOf = <A, I>(texts: Schema.Schema<A, I>) =>
  Schema.Record({ key: Schema.String, value: texts }).pipe(
    Schema.filter((record) => {
      const unknown = Object.keys(record).filter((tag) => !isLanguage(tag))
      return unknown.length === 0 || `unsupported language ${unknown.join(", ")}: use one of ${languages.join(", ")}`
    }),
  )

/** A dish's words per language, keyed by tag. */
export const DishTranslations = translationsOf(DishTexts)
export type DishTranslations = typeof DishTranslations.Type

/** The needs-review mark of an AI-suggested translation, next to the dish's other reviewed fields. */
export const translationReviewMark = (language: Language) => `translation:${language}`

/**
 * The best language for a reader among those on offer: the first of their preferences (most preferred
 * first, as `navigator.languages`) that is offered exactly or by its primary subtag ("es-MX" reads "es").
 */
export const bestLanguage = <L extends string>(
  preferred: ReadonlyArray<string>,
  offered: ReadonlyArray<L>,
  fallback: L,
): L => {
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    const exact = offered.find((candidate) => candidate.toLowerCase() === lower)
    if (exact !== undefined) return exact
    const primary = offered.find((candidate) => candidate.toLowerCase() === lower.split("-")[0])
    if (primary !== undefined) return primary
  }
  return fallback
}

/** Every language a restaurant's menu is offered in, its main language first. */
export const offeredLanguages = (restaurant: {
  readonly language: Language
  readonly languages: ReadonlyArray<Language>
}): ReadonlyArray<Language> => [restaurant.language, ...restaurant.languages.filter((l) => l !== restaurant.language)]

/** A dish's words in `language`: its translation field by field, else its own (main language) words. */
export const textsIn = <D extends { readonly name: string; readonly description: string; readonly category: string }>(
  dish: D & { readonly translations: { readonly [tag: string]: DishTexts } },
  language: Language,
  mainLanguage: Language,
): { readonly name: string; readonly description: string; readonly category: string } => {
  const translated = language === mainLanguage ? undefined : dish.translations[language]
  return {
    name: translated?.name ?? dish.name,
    description: translated?.description ?? dish.description,
    category: translated?.category ?? dish.category,
  }
}
