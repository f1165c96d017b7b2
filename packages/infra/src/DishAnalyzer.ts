/**
 * DishAnalyzer: describes a dish photo (menu text, suggested price, allergens) and its real-scale 3D shape
 * (`DishGeometry`, which the worker turns into a GLB).
 *
 * Layers:
 * - `DishAnalyzerGemini`: Gemini through `@google/genai` with structured output. The answer is untrusted input and is
 *   decoded with the domain's `DishAnalysis` schema; an unusable answer (malformed JSON, out-of-range numbers, unknown
 *   enum values, over-long text, missing fields, no text at all) is asked for once more, then `AnalysisFailed`.
 *   `needsReview` always includes suggestedPriceMinor and allergens (a guessed price, a guessed allergen list).
 *   HTTP 408/429/5xx and network failures are retried with exponential backoff + jitter up to GEMINI_MAX_ATTEMPTS
 *   calls, then `AnalyzerUnavailable`; any other HTTP status (bad key, bad request) is `AnalyzerUnavailable` at once.
 *   GEMINI_TIMEOUT_MS bounds the whole `analyze` (every call, backoff and the second ask): past it, the in-flight
 *   request is aborted and the result is `AnalyzerUnavailable`.
 * - `DishAnalyzerLocal`: no AI. Reads the photo itself (./localAnalyzer: table, vessel outline and kind, rim, food
 *   regions with their pieces and shape classes); the text fields are placeholders listed in `needsReview` for the
 *   owner to fill in, and `geometry` too when the photo cannot be read.
 * - `DishAnalyzerLive`: Gemini when GEMINI_API_KEY is set (non-empty), the local analyzer otherwise.
 * - `makeDishAnalyzerTest`: a fixed answer or a function, for unit tests of callers.
 *
 * Config (Effect `Config`): GEMINI_API_KEY (redacted; required by `DishAnalyzerGemini`), GEMINI_MODEL
 * (gemini-2.5-flash), GEMINI_BASE_URL (optional, e.g. a test double), GEMINI_TIMEOUT_MS (30000),
 * GEMINI_MAX_ATTEMPTS (3: HTTP calls per ask), GEMINI_RETRY_BASE_MS (500: first backoff delay).
 */
import type { DishAnalysis, DishTranslations } from "@ardine/domain"
import { Config, Effect, Layer, Option, Redacted } from "effect"
import {
  type AnalysisFailed,
  type AnalyzerUnavailable,
  type DishAnalysisInput,
  DishAnalyzer,
  DishAnalyzerSpan,
  type DishTranslationInput,
} from "./dishAnalyzer/contract.js"
import { DishAnalyzerGemini, geminiModelConfig } from "./dishAnalyzer/gemini.js"
import { DishAnalyzerLocal } from "./dishAnalyzer/local.js"

export * from "./dishAnalyzer/contract.js"
export {
  DEFAULT_GEMINI_MODEL,
  DishAnalyzerGemini,
  DishAnalyzerGeminiConfig,
  makeGeminiAnalyzer,
} from "./dishAnalyzer/gemini.js"
export { DishAnalysisResponseSchema, dishPrompt } from "./dishAnalyzer/geminiSchema.js"
export { DishAnalyzerLocal } from "./dishAnalyzer/local.js"

/** Gemini when GEMINI_API_KEY is set, the local analyzer otherwise; says which in one log line at start. */
export const DishAnalyzerLive = Layer.unwrapEffect(
  Effect.gen(function* () {
    const key = yield* Config.option(Config.redacted("GEMINI_API_KEY"))
    if (Option.isSome(key) && Redacted.value(key.value).trim().length > 0) {
      const model = yield* geminiModelConfig
      yield* Effect.logInfo(`DishAnalyzer: Gemini (${model})`)
      return DishAnalyzerGemini
    }
    yield* Effect.logInfo("DishAnalyzer: local image statistics (GEMINI_API_KEY is not set; owners fill in dish text)")
    return DishAnalyzerLocal
  }),
)

/**
 * A DishAnalyzer that answers `analysis`, or whatever `answer` returns for the input; it translates with
 * `translation` (by default, as without an AI: nothing).
 */
export const makeDishAnalyzerTest = (
  answer:
    | DishAnalysis
    | ((input: DishAnalysisInput) => Effect.Effect<DishAnalysis, AnalysisFailed | AnalyzerUnavailable>),
  translation: (
    input: DishTranslationInput,
  ) => Effect.Effect<DishTranslations, AnalysisFailed | AnalyzerUnavailable> = () => Effect.succeed({}),
): Layer.Layer<DishAnalyzer> =>
  Layer.succeed(
    DishAnalyzer,
    DishAnalyzer.of({
      analyze: Effect.fn(DishAnalyzerSpan.name)(function* (input: DishAnalysisInput) {
        return yield* typeof answer === "function" ? answer(input) : Effect.succeed(answer)
      }),
      translate: Effect.fn(DishAnalyzerSpan.translate)(function* (input: DishTranslationInput) {
        return yield* translation(input)
      }),
    }),
  )
