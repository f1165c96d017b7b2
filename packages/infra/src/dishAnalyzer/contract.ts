import type { DishAnalysis, DishTranslations, Language } from "@ardine/domain"
import { Context, type Effect, Schema } from "effect"

/** The AI answered, but even a second answer was unusable (malformed, out of bounds, incomplete). */
export class AnalysisFailed extends Schema.TaggedError<AnalysisFailed>()("AnalysisFailed", {
  reason: Schema.String,
}) {}

/** No answer: HTTP 429/5xx after the retries, another HTTP error, a timeout, or the network. */
export class AnalyzerUnavailable extends Schema.TaggedError<AnalyzerUnavailable>()("AnalyzerUnavailable", {
  reason: Schema.String,
}) {}

export const DishImageMimeType = Schema.Literal("image/jpeg", "image/png", "image/webp")
export type DishImageMimeType = typeof DishImageMimeType.Type

export interface DishAnalysisInput {
  readonly image: Uint8Array
  readonly mimeType: DishImageMimeType
  /** ISO 4217 code of the restaurant's currency; the suggested price is in its minor units. */
  readonly currency: string
  /** What the owner already told us (a name typed with the upload). */
  readonly hint?: { readonly name?: string }
}

/** A dish's words in the restaurant's main language, to be suggested in its other languages. */
export interface DishTranslationInput {
  readonly texts: { readonly name: string; readonly description: string; readonly category: string }
  readonly from: Language
  readonly to: ReadonlyArray<Language>
}

export interface DishAnalyzerService {
  readonly analyze: (input: DishAnalysisInput) => Effect.Effect<DishAnalysis, AnalysisFailed | AnalyzerUnavailable>
  /**
   * Suggested translations of a dish's words, keyed by language (a subset of `to`): for the owner to review,
   * never shown as reviewed. Without an AI the answer is empty and diners see the main language's words.
   */
  readonly translate: (
    input: DishTranslationInput,
  ) => Effect.Effect<DishTranslations, AnalysisFailed | AnalyzerUnavailable>
}

export class DishAnalyzer extends Context.Tag("@ardine/DishAnalyzer")<DishAnalyzer, DishAnalyzerService>() {}

/** Span attribute names shared by the layers. */
export const DishAnalyzerSpan = {
  name: "DishAnalyzer.analyze",
  translate: "DishAnalyzer.translate",
  model: "gen_ai.request.model",
  promptTokens: "gen_ai.usage.input_tokens",
  candidateTokens: "gen_ai.usage.output_tokens",
  totalTokens: "gen_ai.usage.total_tokens",
  attempts: "dish_analyzer.attempts",
  answers: "dish_analyzer.answers",
} as const
