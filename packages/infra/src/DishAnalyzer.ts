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
import {
  Allergen,
  AnalysisReviewField,
  ComponentShape,
  DietaryTag,
  type DishAnalysis,
  DishAnalysisFromJson,
  DishAnalysis as DishAnalysisSchema,
  DishName,
  MAX_COMPONENTS,
  RectVesselKind,
  RoundVesselKind,
} from "@ardine/domain"
import type {
  Schema as GeminiSchema,
  Type as GeminiTypes,
  GenerateContentParameters,
  GenerateContentResponse,
} from "@google/genai"
import { Config, Context, Data, Duration, Effect, Layer, Option, ParseResult, Redacted, Schedule, Schema } from "effect"
import { positiveInt } from "./configValues.js"
import { readDishPhoto } from "./localAnalyzer/index.js"
import { loadSharp } from "./Sharp.js"

// ---------------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------------

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

export interface DishAnalyzerService {
  readonly analyze: (input: DishAnalysisInput) => Effect.Effect<DishAnalysis, AnalysisFailed | AnalyzerUnavailable>
}

export class DishAnalyzer extends Context.Tag("@ardine/DishAnalyzer")<DishAnalyzer, DishAnalyzerService>() {}

/** Span attribute names shared by the layers. */
export const DishAnalyzerSpan = {
  name: "DishAnalyzer.analyze",
  model: "gen_ai.request.model",
  promptTokens: "gen_ai.usage.input_tokens",
  candidateTokens: "gen_ai.usage.output_tokens",
  totalTokens: "gen_ai.usage.total_tokens",
  attempts: "dish_analyzer.attempts",
  answers: "dish_analyzer.answers",
} as const

// ---------------------------------------------------------------------------------------------------------------------
// Gemini: response schema and prompt
// ---------------------------------------------------------------------------------------------------------------------

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
const object = (
  properties: Record<string, GeminiSchema>,
  optional: ReadonlyArray<string> = [],
  description?: string,
): GeminiSchema => ({
  type: Type.OBJECT,
  properties,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
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

const SYSTEM_INSTRUCTION =
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

// ---------------------------------------------------------------------------------------------------------------------
// Gemini layer
// ---------------------------------------------------------------------------------------------------------------------

export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash"

const geminiModelConfig = Config.string("GEMINI_MODEL").pipe(
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

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s)

const describeCause = (error: unknown): string => {
  if (!(error instanceof Error)) return clip(String(error), 200)
  const cause: unknown = error.cause
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? ` (${cause.code})`
      : ""
  return clip(`${error.name}: ${error.message}${code}`, 300)
}

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

/** A short, bounded account of why an answer does not decode (never the answer itself: it may be huge). */
const describeParseError = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(root)"}: ${clip(issue.message, 160)}`)
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : ""
  return `the answer does not match DishAnalysis: ${shown.join("; ")}${more}`
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
  // Delays base, 2x base, 4x base... each jittered (x0.8-1.2) and capped at 10 s; maxAttempts calls in all.
  const transportRetry = Schedule.exponential(config.retryBase, 2).pipe(
    Schedule.jittered,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, Duration.seconds(10))),
    Schedule.intersect(Schedule.recurs(config.maxAttempts - 1)),
  )

  const analyze = Effect.fn(DishAnalyzerSpan.name)(function* (input: DishAnalysisInput) {
    const usage = { attempts: 0, answers: 0, promptTokens: 0, candidateTokens: 0, totalTokens: 0 }
    yield* Effect.annotateCurrentSpan({
      [DishAnalyzerSpan.model]: config.model,
      "gen_ai.system": "gemini",
      "dish_analyzer.image_bytes": input.image.byteLength,
      "dish_analyzer.image_type": input.mimeType,
    })
    const request: GenerateContentParameters = {
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
    }

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
      Effect.flatMap(decodeAnswer),
    )

    return yield* ask.pipe(
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
  })

  return DishAnalyzer.of({ analyze })
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

// ---------------------------------------------------------------------------------------------------------------------
// Local analyzer: reads the photo itself (localAnalyzer/)
// ---------------------------------------------------------------------------------------------------------------------

// Image statistics tell nothing about the text: every field but the shape needs the owner.
const LOCAL_REVIEW: ReadonlyArray<AnalysisReviewField> = AnalysisReviewField.literals.filter((f) => f !== "geometry")

const makeLocalAnalyzer = (): DishAnalyzerService => {
  const analyze = Effect.fn(DishAnalyzerSpan.name)(function* (input: DishAnalysisInput) {
    yield* Effect.annotateCurrentSpan({
      [DishAnalyzerSpan.model]: "local-image-statistics",
      [DishAnalyzerSpan.attempts]: 1,
      "dish_analyzer.image_bytes": input.image.byteLength,
      "dish_analyzer.image_type": input.mimeType,
    })
    const sharp = yield* loadSharp
    const { vessel, components, readable } = yield* Effect.tryPromise({
      try: () => readDishPhoto(sharp, input.image),
      catch: (error) => new AnalysisFailed({ reason: `the image cannot be read: ${describeCause(error)}` }),
    })
    yield* Effect.annotateCurrentSpan("dish_analyzer.readable", readable)
    const hintedName = Option.fromNullable(input.hint?.name).pipe(
      Option.flatMap((name) => Schema.decodeUnknownOption(DishName)(name)),
    )
    const analysis: DishAnalysis = {
      name: Option.getOrElse(hintedName, () => "New dish"),
      description: "",
      category: "Uncategorised",
      portionSize: "",
      suggestedPriceMinor: 0,
      allergens: [],
      dietaryTags: [],
      geometry: { vessel, components },
      // A photo it cannot read keeps the old default shape, and the owner is asked to check it.
      needsReview: [
        ...(Option.isSome(hintedName) ? LOCAL_REVIEW.filter((field) => field !== "name") : LOCAL_REVIEW),
        ...(readable ? [] : (["geometry"] as const)),
      ],
    }
    // The same checks an AI answer gets: a bug here must not reach the worker.
    return yield* Schema.validate(DishAnalysisSchema)(analysis).pipe(
      Effect.mapError(
        (error) => new AnalysisFailed({ reason: `local analysis out of bounds: ${describeParseError(error)}` }),
      ),
    )
  })
  return DishAnalyzer.of({ analyze })
}

/** The photo read locally (./localAnalyzer): no network, no key; the owner fills in the text. */
export const DishAnalyzerLocal = Layer.sync(DishAnalyzer, makeLocalAnalyzer)

// ---------------------------------------------------------------------------------------------------------------------
// Live and test layers
// ---------------------------------------------------------------------------------------------------------------------

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

/** A DishAnalyzer that answers `analysis`, or whatever `answer` returns for the input. */
export const makeDishAnalyzerTest = (
  answer:
    | DishAnalysis
    | ((input: DishAnalysisInput) => Effect.Effect<DishAnalysis, AnalysisFailed | AnalyzerUnavailable>),
): Layer.Layer<DishAnalyzer> =>
  Layer.succeed(
    DishAnalyzer,
    DishAnalyzer.of({
      analyze: Effect.fn(DishAnalyzerSpan.name)(function* (input: DishAnalysisInput) {
        return yield* typeof answer === "function" ? answer(input) : Effect.succeed(answer)
      }),
    }),
  )
