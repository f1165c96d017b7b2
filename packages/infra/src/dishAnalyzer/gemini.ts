import { type AnalysisReviewField, type DishAnalysis, DishAnalysisFromJson } from "@ardine/domain"
import type { GenerateContentParameters, GenerateContentResponse } from "@google/genai"
import { Config, Data, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { positiveInt } from "../configValues.js"
import { geminiTransportRetry } from "../RetryPolicies.js"
import {
  AnalysisFailed,
  AnalyzerUnavailable,
  type DishAnalysisInput,
  DishAnalyzer,
  type DishAnalyzerService,
  DishAnalyzerSpan,
  type DishTranslationInput,
} from "./contract.js"
import { clip, describeCause, describeParseError } from "./describe.js"
import { DishAnalysisResponseSchema, dishPrompt, SYSTEM_INSTRUCTION } from "./geminiSchema.js"
import {
  decodeTranslation,
  TRANSLATION_INSTRUCTION,
  translationPrompt,
  translationResponseSchema,
} from "./geminiTranslation.js"

export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash"

export const geminiModelConfig = Config.string("GEMINI_MODEL").pipe(
  Config.withDefault(DEFAULT_GEMINI_MODEL),
  Config.validate({
    message: "GEMINI_MODEL must be a model name such as gemini-2.5-flash",
    validation: (model) => /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(model),
  }),
)

export const DishAnalyzerGeminiConfig = Config.all({
  apiKey: Config.redacted("GEMINI_API_KEY").pipe(
    Config.withDescription("Gemini API key; without it the local analyzer is used"),
    Config.validate({
      message: "GEMINI_API_KEY must not be empty",
      validation: (key) => Redacted.value(key).trim().length > 0,
    }),
  ),
  model: geminiModelConfig,
  baseUrl: Config.string("GEMINI_BASE_URL").pipe(
    Config.validate({ message: "GEMINI_BASE_URL must be an absolute URL", validation: (url) => URL.canParse(url) }),
    Config.option,
  ),
  timeout: positiveInt("GEMINI_TIMEOUT_MS", 30_000).pipe(Config.map(Duration.millis)),
  maxAttempts: positiveInt("GEMINI_MAX_ATTEMPTS", 3),
  retryBase: positiveInt("GEMINI_RETRY_BASE_MS", 500).pipe(Config.map(Duration.millis)),
})
export type DishAnalyzerGeminiConfig = Config.Config.Success<typeof DishAnalyzerGeminiConfig>

/** A failed HTTP call; `retryable` for 408/429/5xx and network errors. */
class CallFailed extends Data.TaggedError("CallFailed")<{ readonly reason: string; readonly retryable: boolean }> {}
/** An answer that does not decode; asked for once more. */
class AnswerUnusable extends Data.TaggedError("AnswerUnusable")<{ readonly reason: string }> {}

/** The `@google/genai` module, imported when a Gemini analyzer is built. */
type GenAi = typeof import("@google/genai")

const toCallFailed =
  (ApiError: GenAi["ApiError"]) =>
  (error: unknown): CallFailed => {
    if (error instanceof ApiError) {
      const retryable = error.status === 408 || error.status === 429 || error.status >= 500
      return new CallFailed({ reason: `Gemini answered HTTP ${error.status}: ${clip(error.message, 300)}`, retryable })
    }
    return new CallFailed({ reason: `cannot reach Gemini: ${describeCause(error)}`, retryable: true })
  }

/** The answer's text parts (thoughts excluded), without the SDK's `text` getter and its console warnings. */
const answerText = (response: GenerateContentResponse): string | undefined => {
  const parts = response.candidates?.[0]?.content?.parts ?? []
  const texts = parts.flatMap((part) => (typeof part.text === "string" && part.thought !== true ? [part.text] : []))
  return texts.length === 0 ? undefined : texts.join("")
}

/** An AI's price is a guess and its allergens are not a legal declaration: the owner always confirms both. */
const ALWAYS_REVIEW: ReadonlyArray<AnalysisReviewField> = ["suggestedPriceMinor", "allergens"]

const decodeAnswer = (response: GenerateContentResponse): Effect.Effect<DishAnalysis, AnswerUnusable> => {
  const answer = answerText(response)
  if (answer === undefined) {
    const finish = response.candidates?.[0]?.finishReason ?? response.promptFeedback?.blockReason ?? "unknown"
    return Effect.fail(new AnswerUnusable({ reason: `the answer has no text (finish reason: ${finish})` }))
  }
  return Schema.decodeUnknown(DishAnalysisFromJson)(answer).pipe(
    Effect.map((analysis) => ({
      ...analysis,
      needsReview: [...analysis.needsReview, ...ALWAYS_REVIEW.filter((field) => !analysis.needsReview.includes(field))],
    })),
    Effect.mapError((error) => new AnswerUnusable({ reason: describeParseError(error) })),
  )
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")

export const makeGeminiAnalyzer = (config: DishAnalyzerGeminiConfig, genai: GenAi): DishAnalyzerService => {
  const ai = new genai.GoogleGenAI({
    vertexai: false,
    apiKey: Redacted.value(config.apiKey),
    ...(Option.isSome(config.baseUrl) ? { httpOptions: { baseUrl: config.baseUrl.value } } : {}),
  })
  const timeoutMs = Duration.toMillis(config.timeout)
  const transportRetry = geminiTransportRetry(config.retryBase, config.maxAttempts)

  /**
   * One structured answer from Gemini: transport failures retried (backoff), an unusable answer asked for
   * once more, the whole bounded by the timeout; usage recorded on the caller's span.
   */
  const generate = <A>(
    request: GenerateContentParameters,
    decode: (response: GenerateContentResponse) => Effect.Effect<A, AnswerUnusable>,
  ): Effect.Effect<A, AnalysisFailed | AnalyzerUnavailable> => {
    const usage = { attempts: 0, answers: 0, promptTokens: 0, candidateTokens: 0, totalTokens: 0 }
    const call = Effect.suspend(() => {
      usage.attempts += 1
      return Effect.tryPromise({
        try: (signal) => ai.models.generateContent({ ...request, config: { ...request.config, abortSignal: signal } }),
        catch: toCallFailed(genai.ApiError),
      })
    }).pipe(
      Effect.tapError((error) => (error.retryable ? Effect.logDebug("Gemini call failed", error.reason) : Effect.void)),
      Effect.retry({ schedule: transportRetry, while: (error) => error.retryable }),
      Effect.mapError(
        (error) =>
          new AnalyzerUnavailable({
            reason: `${error.reason} (${usage.attempts} attempt${usage.attempts === 1 ? "" : "s"})`,
          }),
      ),
    )

    const ask = call.pipe(
      Effect.tap((response) => {
        usage.answers += 1
        usage.promptTokens += response.usageMetadata?.promptTokenCount ?? 0
        usage.candidateTokens += response.usageMetadata?.candidatesTokenCount ?? 0
        usage.totalTokens += response.usageMetadata?.totalTokenCount ?? 0
      }),
      Effect.flatMap(decode),
    )

    return ask.pipe(
      Effect.tapError((error) =>
        error._tag === "AnswerUnusable" ? Effect.logWarning("Gemini answer unusable", error.reason) : Effect.void,
      ),
      Effect.retry({ times: 1, while: (error) => error._tag === "AnswerUnusable" }),
      Effect.catchTag("AnswerUnusable", (error) =>
        Effect.fail(new AnalysisFailed({ reason: `${error.reason} (after ${usage.answers} answers)` })),
      ),
      Effect.timeoutFail({
        duration: config.timeout,
        onTimeout: () =>
          new AnalyzerUnavailable({ reason: `Gemini did not give a usable answer within ${timeoutMs} ms` }),
      }),
      Effect.ensuring(
        Effect.suspend(() =>
          Effect.annotateCurrentSpan({
            [DishAnalyzerSpan.promptTokens]: usage.promptTokens,
            [DishAnalyzerSpan.candidateTokens]: usage.candidateTokens,
            [DishAnalyzerSpan.totalTokens]: usage.totalTokens,
            [DishAnalyzerSpan.attempts]: usage.attempts,
            [DishAnalyzerSpan.answers]: usage.answers,
          }),
        ),
      ),
    )
  }

  const analyze = Effect.fn(DishAnalyzerSpan.name)(function* (input: DishAnalysisInput) {
    yield* Effect.annotateCurrentSpan({
      [DishAnalyzerSpan.model]: config.model,
      "gen_ai.system": "gemini",
      "dish_analyzer.image_bytes": input.image.byteLength,
      "dish_analyzer.image_type": input.mimeType,
    })
    return yield* generate(
      {
        model: config.model,
        contents: [
          {
            role: "user",
            parts: [
              { inlineData: { mimeType: input.mimeType, data: toBase64(input.image) } },
              { text: dishPrompt(input) },
            ],
          },
        ],
        config: {
          systemInstruction: SYSTEM_INSTRUCTION,
          responseMimeType: "application/json",
          responseSchema: DishAnalysisResponseSchema,
          temperature: 0.2,
        },
      },
      decodeAnswer,
    )
  })

  const translate = Effect.fn(DishAnalyzerSpan.translate)(function* (input: DishTranslationInput) {
    const to = input.to.filter((language) => language !== input.from)
    yield* Effect.annotateCurrentSpan({
      [DishAnalyzerSpan.model]: config.model,
      "gen_ai.system": "gemini",
      "dish_analyzer.from": input.from,
      "dish_analyzer.to": to.join(","),
    })
    if (to.length === 0) return {}
    return yield* generate(
      {
        model: config.model,
        contents: [{ role: "user", parts: [{ text: translationPrompt({ ...input, to }) }] }],
        config: {
          systemInstruction: TRANSLATION_INSTRUCTION,
          responseMimeType: "application/json",
          responseSchema: translationResponseSchema(to),
          temperature: 0.2,
        },
      },
      (response) => {
        const answer = answerText(response)
        return answer === undefined
          ? Effect.fail(new AnswerUnusable({ reason: "the answer has no text" }))
          : decodeTranslation(answer, to).pipe(
              Effect.mapError(
                (error) => new AnswerUnusable({ reason: describeParseError(error, "the dish's translations") }),
              ),
            )
      },
    )
  })

  return DishAnalyzer.of({ analyze, translate })
}

/** Gemini; fails to build without GEMINI_API_KEY. The SDK is imported here, so only processes using Gemini load it. */
export const DishAnalyzerGemini = Layer.effect(
  DishAnalyzer,
  Effect.gen(function* () {
    const config = yield* DishAnalyzerGeminiConfig
    const genai = yield* Effect.promise(() => import("@google/genai"))
    return makeGeminiAnalyzer(config, genai)
  }),
)
