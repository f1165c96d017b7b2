// The Gemini layer runs the real @google/genai client against a loopback double of the Gemini REST API
// (test/support/geminiDouble.ts); the local layer runs sharp on generated photos.

import { DishAnalysis } from "@ardine/domain"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, JSONSchema, Logger, Schema, Tracer } from "effect"
import sharp from "sharp"
import {
  type DishAnalysisInput,
  DishAnalysisResponseSchema,
  DishAnalyzer,
  DishAnalyzerGemini,
  DishAnalyzerLive,
  DishAnalyzerLocal,
  DishAnalyzerSpan,
  makeDishAnalyzerTest,
} from "../src/DishAnalyzer.js"
import { unusedPort } from "./support/clamd-fakes.js"
import { behaviours, type GeminiDouble, geminiDouble, sampleAnswer, sampleOptionGroup } from "./support/geminiDouble.js"

const KEY = "AIza-test-key-never-logged-0123456789"
const MODEL = "gemini-double-flash"

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

const svgPhoto = (svg: string) =>
  Effect.promise(() => sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer()).pipe(
    Effect.map((buffer) => new Uint8Array(buffer)),
  )

const dots = (points: ReadonlyArray<readonly [number, number]>, r: number, fill: string) =>
  points.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/>`).join("")

/** A red disc (tomato sauce) with basil leaves on a large white plate, on a wooden table. */
const redDiscOnPlate = svgPhoto(
  `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">
    <rect width="600" height="600" fill="#7a4a24"/>
    <circle cx="300" cy="300" r="280" fill="#f7f7f2"/>
    <circle cx="300" cy="300" r="130" fill="#c0262d"/>
    ${dots(
      [
        [250, 240],
        [350, 260],
        [300, 360],
        [230, 330],
        [370, 340],
      ],
      22,
      "#2f7d32",
    )}
  </svg>`,
)

/** A bowl filled with green (salad) with brown pieces, on a dark slate, in landscape. */
const greenAndBrownBowl = svgPhoto(
  `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#2b2b30"/>
    <circle cx="320" cy="240" r="230" fill="#e8e4da"/>
    <circle cx="320" cy="240" r="195" fill="#4f8a3a"/>
    ${dots(
      [
        [260, 200],
        [380, 210],
        [320, 300],
        [250, 290],
        [390, 300],
        [320, 170],
      ],
      32,
      "#7b4a25",
    )}
  </svg>`,
)

const inputFor = (image: Uint8Array, extra: Partial<DishAnalysisInput> = {}): DishAnalysisInput => ({
  image,
  mimeType: "image/jpeg",
  currency: "EUR",
  ...extra,
})

const configFor = (double: GeminiDouble, config: Record<string, string>) =>
  ConfigProvider.fromMap(
    new Map(
      Object.entries({
        GEMINI_API_KEY: KEY,
        GEMINI_BASE_URL: double.baseUrl,
        GEMINI_MODEL: MODEL,
        GEMINI_TIMEOUT_MS: "5000",
        GEMINI_MAX_ATTEMPTS: "3",
        GEMINI_RETRY_BASE_MS: "10",
        ...config,
      }),
    ),
  )

/** One `analyze` through the Gemini layer, configured as the app would be, pointed at the double. */
const analyzeWithGemini = (double: GeminiDouble, input: DishAnalysisInput, config: Record<string, string> = {}) =>
  Effect.flatMap(DishAnalyzer, (analyzer) => analyzer.analyze(input)).pipe(
    Effect.provide(DishAnalyzerGemini),
    Effect.withConfigProvider(configFor(double, config)),
  )

const analyzeLocally = (input: DishAnalysisInput) =>
  Effect.flatMap(DishAnalyzer, (analyzer) => analyzer.analyze(input)).pipe(Effect.provide(DishAnalyzerLocal))

/** The typed failure as a plain object (Effect errors are iterable, which trips vitest's diffing). */
const failureOf = (exit: Exit.Exit<unknown, unknown>): { readonly _tag?: unknown; readonly reason: string } => {
  if (Exit.isSuccess(exit)) return { _tag: "Success", reason: "" }
  if (exit.cause._tag !== "Fail") return { _tag: `Cause.${exit.cause._tag}`, reason: String(exit.cause) }
  const error: unknown = exit.cause.error
  return typeof error === "object" && error !== null
    ? { _tag: "_tag" in error ? error._tag : undefined, reason: "reason" in error ? String(error.reason) : "" }
    : { _tag: undefined, reason: String(error) }
}

/** A tracer that keeps each span's name and attributes. */
const recordingTracer = () => {
  const spans: Array<{ readonly name: string; readonly attributes: Map<string, unknown> }> = []
  let ids = 0
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      spans.push({ name, attributes })
      ids += 1
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: `span-${ids}`,
        traceId: "trace-1",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        end: () => {},
        attribute: (key, value) => {
          attributes.set(key, value)
        },
        event: () => {},
        addLinks: () => {},
      }
      return span
    },
    context: (f) => f(),
  })
  return { tracer, spans }
}

/** Every log line's text, so tests can check what is (not) logged. */
const captureLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ message }) => {
    lines.push(Array.isArray(message) ? message.map(String).join(" ") : String(message))
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

interface RequestBody {
  readonly contents?: ReadonlyArray<{
    readonly role?: string
    readonly parts?: ReadonlyArray<{
      readonly text?: string
      readonly inlineData?: { readonly mimeType?: string; readonly data?: string }
    }>
  }>
  readonly generationConfig?: {
    readonly responseMimeType?: string
    readonly responseSchema?: { readonly type?: string }
  }
  readonly systemInstruction?: unknown
}

// ---------------------------------------------------------------------------------------------------------------------
// Gemini (real client, HTTP double)
// ---------------------------------------------------------------------------------------------------------------------

describe("DishAnalyzerGemini against the Gemini double", () => {
  it.scopedLive("decodes a valid answer, from a request shaped as Gemini expects", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.valid())
      const image = yield* redDiscOnPlate
      const { tracer, spans } = recordingTracer()

      const analysis = yield* analyzeWithGemini(double, inputFor(image, { hint: { name: "Pasta of the day" } })).pipe(
        Effect.withTracer(tracer),
      )

      // The owner always confirms an AI's price and allergens, whatever the model says.
      expect(sampleAnswer.needsReview).toEqual(["suggestedPriceMinor"])
      expect(analysis).toEqual({
        ...Schema.decodeUnknownSync(DishAnalysis)(sampleAnswer),
        needsReview: ["suggestedPriceMinor", "allergens"],
      })
      const requests = double.requests()
      expect(requests).toHaveLength(1)
      const [request] = requests
      expect(request?.method).toBe("POST")
      expect(request?.path).toBe(`/v1beta/models/${MODEL}:generateContent`)
      expect(request?.headers["x-goog-api-key"]).toBe(KEY)
      const body = request?.body as RequestBody
      const parts = body.contents?.[0]?.parts ?? []
      const inline = parts.find((part) => part.inlineData !== undefined)?.inlineData
      expect(inline?.mimeType).toBe("image/jpeg")
      expect(inline?.data).toBe(Buffer.from(image).toString("base64"))
      const prompt = parts.map((part) => part.text ?? "").join("\n")
      expect(prompt).toContain("1 EUR = 100 minor units")
      expect(prompt).toContain('"Pasta of the day"')
      expect(body.generationConfig?.responseMimeType).toBe("application/json")
      expect(body.generationConfig?.responseSchema?.type).toBe("OBJECT")
      expect(body.systemInstruction).toBeDefined()

      const span = spans.find((s) => s.name === DishAnalyzerSpan.name)
      expect(Object.fromEntries(span?.attributes ?? [])).toMatchObject({
        [DishAnalyzerSpan.model]: MODEL,
        [DishAnalyzerSpan.promptTokens]: 1290,
        [DishAnalyzerSpan.attempts]: 1,
        [DishAnalyzerSpan.answers]: 1,
      })
      expect(span?.attributes.get(DishAnalyzerSpan.candidateTokens)).toBeGreaterThan(0)
      expect(span?.attributes.get(DishAnalyzerSpan.totalTokens)).toBeGreaterThan(1290)
    }),
  )

  it.scopedLive("asks once more after malformed JSON, then fails with AnalysisFailed (and never logs the key)", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.malformedJson)
      const image = yield* redDiscOnPlate
      const logs = captureLogs()

      const exit = yield* analyzeWithGemini(double, inputFor(image)).pipe(Effect.provide(logs.layer), Effect.exit)

      expect(failureOf(exit)._tag).toBe("AnalysisFailed")
      expect(double.requests()).toHaveLength(2)
      expect(logs.lines.some((line) => line.includes("unusable"))).toBe(true)
      expect(logs.lines.join("\n")).not.toContain(KEY)
      expect(failureOf(exit).reason).not.toContain(KEY)
    }),
  )

  it.scopedLive("passes on suggested option groups, and none when the answer has none", () =>
    Effect.gen(function* () {
      const image = yield* redDiscOnPlate
      const withGroups = yield* analyzeWithGemini(yield* geminiDouble(behaviours.withOptionGroups), inputFor(image))
      expect(withGroups.suggestedOptionGroups).toEqual([sampleOptionGroup])
      const without = yield* analyzeWithGemini(yield* geminiDouble(behaviours.valid()), inputFor(image))
      expect(without.suggestedOptionGroups).toEqual([])
    }),
  )

  const untrusted = [
    { name: "a price of -5", behaviour: behaviours.negativePrice, mentions: "suggestedPriceMinor" },
    { name: "a 1 MB description", behaviour: behaviours.hugeDescription, mentions: "description" },
    { name: "an unknown vessel kind", behaviour: behaviours.unknownVessel, mentions: "geometry.vessel" },
    { name: "five option groups", behaviour: behaviours.tooManyOptionGroups, mentions: "suggestedOptionGroups" },
  ] as const
  for (const { name, behaviour, mentions } of untrusted) {
    it.scopedLive(`rejects ${name}: AnalysisFailed after 2 answers`, () =>
      Effect.gen(function* () {
        const double = yield* geminiDouble(behaviour)
        const image = yield* redDiscOnPlate

        const exit = yield* Effect.exit(analyzeWithGemini(double, inputFor(image)))

        const failure = failureOf(exit)
        expect(failure._tag).toBe("AnalysisFailed")
        expect(failure.reason).toContain(mentions)
        expect(failure.reason.length).toBeLessThan(1000)
        expect(double.requests()).toHaveLength(2)
      }),
    )
  }

  it.scopedLive("accepts a good second answer after a bad first one", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.unknownVessel, behaviours.valid())
      const analysis = yield* analyzeWithGemini(double, inputFor(yield* redDiscOnPlate))
      expect(analysis.name).toBe(sampleAnswer.name)
      expect(double.requests()).toHaveLength(2)
    }),
  )

  it.scopedLive("retries HTTP 500 up to GEMINI_MAX_ATTEMPTS, then AnalyzerUnavailable", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.status(500))
      const exit = yield* Effect.exit(analyzeWithGemini(double, inputFor(yield* redDiscOnPlate)))
      const failure = failureOf(exit)
      expect(failure._tag).toBe("AnalyzerUnavailable")
      expect(failure.reason).toContain("HTTP 500")
      expect(double.requests()).toHaveLength(3)

      double.script(behaviours.status(503))
      const four = yield* Effect.exit(
        analyzeWithGemini(double, inputFor(yield* redDiscOnPlate), { GEMINI_MAX_ATTEMPTS: "4" }),
      )
      expect(failureOf(four)._tag).toBe("AnalyzerUnavailable")
      expect(double.requests()).toHaveLength(3 + 4)
    }),
  )

  it.scopedLive("succeeds after HTTP 429 then 200", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.status(429), behaviours.valid())
      const analysis = yield* analyzeWithGemini(double, inputFor(yield* redDiscOnPlate))
      expect(analysis.suggestedPriceMinor).toBe(sampleAnswer.suggestedPriceMinor)
      expect(double.requests()).toHaveLength(2)
    }),
  )

  it.scopedLive("does not retry a rejected request (HTTP 400)", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.status(400))
      const exit = yield* Effect.exit(analyzeWithGemini(double, inputFor(yield* redDiscOnPlate)))
      expect(failureOf(exit)._tag).toBe("AnalyzerUnavailable")
      expect(double.requests()).toHaveLength(1)
    }),
  )

  it.scopedLive("gives up on a hanging server within GEMINI_TIMEOUT_MS: AnalyzerUnavailable", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.hang)
      const image = yield* redDiscOnPlate
      const started = Date.now()

      const exit = yield* Effect.exit(analyzeWithGemini(double, inputFor(image), { GEMINI_TIMEOUT_MS: "300" }))

      const elapsed = Date.now() - started
      const failure = failureOf(exit)
      expect(failure._tag).toBe("AnalyzerUnavailable")
      expect(failure.reason).toContain("300 ms")
      expect(elapsed).toBeGreaterThanOrEqual(290)
      expect(elapsed).toBeLessThan(1500)
      expect(double.requests()).toHaveLength(1)
    }),
  )

  it.scopedLive("retries network failures, then AnalyzerUnavailable", () =>
    Effect.gen(function* () {
      const port = yield* unusedPort
      const nowhere: GeminiDouble = { baseUrl: `http://127.0.0.1:${port}`, script: () => {}, requests: () => [] }
      const { tracer, spans } = recordingTracer()
      const exit = yield* analyzeWithGemini(nowhere, inputFor(yield* redDiscOnPlate)).pipe(
        Effect.withTracer(tracer),
        Effect.exit,
      )
      const failure = failureOf(exit)
      expect(failure._tag).toBe("AnalyzerUnavailable")
      expect(failure.reason).toContain("cannot reach Gemini")
      expect(failure.reason).toContain("3 attempts")
      expect(spans.find((s) => s.name === DishAnalyzerSpan.name)?.attributes.get(DishAnalyzerSpan.attempts)).toBe(3)
    }),
  )

  it("sends a response schema that agrees with the DishAnalysis Effect schema", () => {
    expect(normaliseGemini(DishAnalysisResponseSchema)).toEqual(normaliseEffect(JSONSchema.make(DishAnalysis)))
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// Local analyzer (sharp)
// ---------------------------------------------------------------------------------------------------------------------

const channelsOf = (hex: string) => ({
  r: Number.parseInt(hex.slice(1, 3), 16),
  g: Number.parseInt(hex.slice(3, 5), 16),
  b: Number.parseInt(hex.slice(5, 7), 16),
})

describe("DishAnalyzerLocal", () => {
  it.effect("describes two different photos honestly, differently and deterministically", () =>
    Effect.gen(function* () {
      const plate = yield* redDiscOnPlate
      const bowl = yield* greenAndBrownBowl

      const first = yield* analyzeLocally(inputFor(plate))
      const second = yield* analyzeLocally(inputFor(bowl, { mimeType: "image/jpeg" }))
      const again = yield* analyzeLocally(inputFor(Uint8Array.from(plate)))

      for (const analysis of [first, second]) {
        expect(Schema.is(DishAnalysis)(analysis)).toBe(true)
        expect(analysis).toMatchObject({
          name: "New dish",
          description: "",
          category: "Uncategorised",
          suggestedPriceMinor: 0,
          allergens: [],
        })
        expect(analysis.needsReview).toEqual(
          expect.arrayContaining(["name", "description", "category", "suggestedPriceMinor", "allergens"]),
        )
        expect(analysis.geometry.components.length).toBeGreaterThanOrEqual(1)
        expect(analysis.geometry.components.length).toBeLessThanOrEqual(4)
      }
      expect(again).toEqual(first)
      expect(second.geometry).not.toEqual(first.geometry)

      // The plate photo: a white plate, the red disc as the main component, centred.
      expect(first.geometry.vessel).toMatchObject({ kind: "plate", diameterCm: 27 })
      const plateColour = channelsOf("color" in first.geometry.vessel ? first.geometry.vessel.color : "#000000")
      expect(Math.min(plateColour.r, plateColour.g, plateColour.b)).toBeGreaterThan(220)
      const [sauce, basil] = first.geometry.components
      const red = channelsOf(sauce?.color ?? "#000000")
      expect(red.r).toBeGreaterThan(150)
      expect(red.g).toBeLessThan(80)
      expect(Math.abs(sauce?.position.x ?? 1)).toBeLessThan(0.1)
      expect(Math.abs(sauce?.position.z ?? 1)).toBeLessThan(0.1)
      // 260 px of 600 across a 27 cm plate whose rim is near the photo's edge: about 12 cm.
      expect(sauce?.widthCm).toBeGreaterThan(9)
      expect(sauce?.widthCm).toBeLessThan(15)
      const green = channelsOf(basil?.color ?? "#000000")
      expect(green.g).toBeGreaterThan(green.r)

      // The bowl photo: food fills the centre, so a bowl; green first, brown second.
      expect(second.geometry.vessel.kind).toBe("bowl")
      const [salad, pieces] = second.geometry.components
      const saladColour = channelsOf(salad?.color ?? "#000000")
      expect(saladColour.g).toBeGreaterThan(saladColour.r + 30)
      const brown = channelsOf(pieces?.color ?? "#000000")
      expect(brown.r).toBeGreaterThan(brown.b + 40)
    }),
  )

  it.effect("uses the owner's name when given, and stops asking for it", () =>
    Effect.gen(function* () {
      const analysis = yield* analyzeLocally(inputFor(yield* redDiscOnPlate, { hint: { name: "  Margherita " } }))
      expect(analysis.name).toBe("Margherita")
      expect(analysis.needsReview).not.toContain("name")
      expect(analysis.needsReview).toContain("description")
    }),
  )

  it.effect("fails with AnalysisFailed on bytes that are not an image", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(analyzeLocally(inputFor(new TextEncoder().encode("not an image"))))
      expect(failureOf(exit)._tag).toBe("AnalysisFailed")
    }),
  )
})

// ---------------------------------------------------------------------------------------------------------------------
// Live selection and the test double
// ---------------------------------------------------------------------------------------------------------------------

describe("DishAnalyzerLive", () => {
  it.effect("is the local analyzer without GEMINI_API_KEY, and says so", () =>
    Effect.gen(function* () {
      const logs = captureLogs()
      const analysis = yield* Effect.flatMap(DishAnalyzer, (analyzer) =>
        analyzer.analyze(inputFor(new Uint8Array())),
      ).pipe(
        Effect.provide(DishAnalyzerLive),
        Effect.provide(logs.layer),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["GEMINI_API_KEY", " "]]))),
        Effect.exit,
      )
      // An empty photo: the local analyzer (not Gemini) refuses it.
      expect(failureOf(analysis)._tag).toBe("AnalysisFailed")
      expect(logs.lines.filter((line) => line.startsWith("DishAnalyzer:"))).toEqual([
        expect.stringContaining("local image statistics"),
      ])
    }),
  )

  it.scopedLive("is Gemini with GEMINI_API_KEY, and never logs the key", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.valid())
      const logs = captureLogs()
      const analysis = yield* Effect.flatMap(DishAnalyzer, (analyzer) =>
        analyzer.analyze(inputFor(new Uint8Array([1, 2, 3]))),
      ).pipe(
        Effect.provide(DishAnalyzerLive),
        Effect.provide(logs.layer),
        Effect.withConfigProvider(configFor(double, {})),
      )
      expect(analysis.name).toBe(sampleAnswer.name)
      expect(logs.lines.filter((line) => line.startsWith("DishAnalyzer:"))).toEqual([`DishAnalyzer: Gemini (${MODEL})`])
      expect(logs.lines.join("\n")).not.toContain(KEY)
    }),
  )
})

describe("makeDishAnalyzerTest", () => {
  it.effect("answers a fixed analysis or runs a function", () =>
    Effect.gen(function* () {
      const fixed = Schema.decodeUnknownSync(DishAnalysis)(sampleAnswer)
      const a = yield* Effect.flatMap(DishAnalyzer, (analyzer) => analyzer.analyze(inputFor(new Uint8Array()))).pipe(
        Effect.provide(makeDishAnalyzerTest(fixed)),
      )
      expect(a).toBe(fixed)
      const b = yield* Effect.flatMap(DishAnalyzer, (analyzer) =>
        analyzer.analyze(inputFor(new Uint8Array(), { hint: { name: "Soup" } })),
      ).pipe(
        Effect.provide(makeDishAnalyzerTest((input) => Effect.succeed({ ...fixed, name: input.hint?.name ?? "" }))),
      )
      expect(b.name).toBe("Soup")
    }),
  )
})

// ---------------------------------------------------------------------------------------------------------------------
// Schema agreement: both sides reduced to fields, required fields, enums, patterns, numeric bounds and list sizes.
// ---------------------------------------------------------------------------------------------------------------------

type Json = { readonly [key: string]: unknown }
const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)
const asArray = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [])
const sortedStrings = (value: unknown) => asArray(value).map(String).sort()
const mapValues = (value: unknown, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(isJson(value) ? value : {}).map(([k, v]) => [k, f(v)]))

/** `{ anyOf: [string, ""] }` (PortionSize) is just a string on the Gemini side. */
const collapseStrings = (branches: ReadonlyArray<unknown>) =>
  branches.every((b) => b === "string" || (isJson(b) && asArray(b.enum).join("") === ""))
    ? "string"
    : { anyOf: branches }

const normaliseEffect = (node: unknown, defs: Json = {}): unknown => {
  if (!isJson(node)) return node
  const here = isJson(node.$defs) ? { ...defs, ...node.$defs } : defs
  if (typeof node.$ref === "string") {
    const { $ref, ...rest } = node
    const target = here[$ref.replace("#/$defs/", "")]
    return normaliseEffect({ ...(isJson(target) ? target : {}), ...rest }, here)
  }
  if (Array.isArray(node.anyOf)) return collapseStrings(node.anyOf.map((b) => normaliseEffect(b, here)))
  switch (node.type) {
    case "object":
      return {
        properties: mapValues(node.properties, (v) => normaliseEffect(v, here)),
        required: sortedStrings(node.required),
      }
    case "array":
      return { items: normaliseEffect(node.items, here), maxItems: node.maxItems }
    case "string":
      return node.enum !== undefined
        ? { enum: sortedStrings(node.enum) }
        : node.pattern
          ? { pattern: node.pattern }
          : "string"
    case "number":
    case "integer":
      return { type: node.type, minimum: node.minimum, maximum: node.maximum }
    case "boolean":
      return "boolean"
    default:
      return { unexpected: node }
  }
}

const normaliseGemini = (node: unknown): unknown => {
  if (!isJson(node)) return node
  if (Array.isArray(node.anyOf)) return collapseStrings(node.anyOf.map(normaliseGemini))
  switch (node.type) {
    case "OBJECT":
      expect(sortedStrings(node.propertyOrdering)).toEqual(Object.keys(mapValues(node.properties, String)).sort())
      return { properties: mapValues(node.properties, normaliseGemini), required: sortedStrings(node.required) }
    case "ARRAY":
      return { items: normaliseGemini(node.items), maxItems: Number(node.maxItems) }
    case "STRING":
      return node.enum !== undefined
        ? { enum: sortedStrings(node.enum) }
        : node.pattern
          ? { pattern: node.pattern }
          : "string"
    case "NUMBER":
    case "INTEGER":
      return { type: String(node.type).toLowerCase(), minimum: node.minimum, maximum: node.maximum }
    case "BOOLEAN":
      return "boolean"
    default:
      return { unexpected: node }
  }
}
