import { type Dish, type DishTranslations, offeredLanguages, type Restaurant } from "@ardine/domain"
import { DishAnalyzer, DishesRepo } from "@ardine/infra"
import { Effect } from "effect"

/** What a write changed of a dish's words: its main-language texts, and the translations the owner sent. */
export interface WordsWritten {
  readonly name?: string | undefined
  readonly description?: string | undefined
  readonly category?: string | undefined
  readonly translations?: DishTranslations | undefined
}

/**
 * After a dish's words are written: the AI's translations into the restaurant's other languages, stored as
 * suggestions for the owner to review (as the analyzer's other text is). Languages the owner wrote in the
 * same request are theirs and left alone. Best effort: without an AI there are none, and an AI that fails
 * leaves the dish as written (diners see the main language's words), the owner's write having succeeded.
 */
export const suggestTranslations = Effect.fn("suggestTranslations")(function* (
  restaurant: Restaurant,
  dish: Dish,
  written: WordsWritten,
) {
  const wordsChanged = written.name !== undefined || written.description !== undefined || written.category !== undefined
  const ownerWrote = written.translations ?? {}
  const to = offeredLanguages(restaurant).filter(
    (language) => language !== restaurant.language && !(language in ownerWrote),
  )
  if (!wordsChanged || to.length === 0) return dish
  const analyzer = yield* DishAnalyzer
  const dishes = yield* DishesRepo
  const texts = { name: dish.name, description: dish.description, category: dish.category }
  const suggested = yield* analyzer.translate({ texts, from: restaurant.language, to }).pipe(
    Effect.catchTags({
      AnalysisFailed: (error) => Effect.as(Effect.logWarning("no translations suggested", error.reason), {}),
      AnalyzerUnavailable: (error) => Effect.as(Effect.logWarning("no translations suggested", error.reason), {}),
    }),
  )
  if (Object.keys(suggested).length === 0) return dish
  return yield* dishes.suggestTranslations(restaurant.id, dish.id, texts, suggested)
})
