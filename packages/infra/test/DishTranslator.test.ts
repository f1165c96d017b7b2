// The analyzer's translations: Gemini's through the real @google/genai client against the loopback double
// of the Gemini REST API (test/support/geminiDouble.ts), and the local analyzer's (none, without an AI).
import type { DishTranslations } from "@ardine/domain"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit } from "effect"
import { DishAnalyzer, DishAnalyzerGemini, DishAnalyzerLocal, type DishTranslationInput } from "../src/DishAnalyzer.js"
import { behaviours, type GeminiDouble, geminiDouble } from "./support/geminiDouble.js"

const MODEL = "gemini-double-flash"

const configFor = (double: GeminiDouble) =>
  ConfigProvider.fromMap(
    new Map(
      Object.entries({
        GEMINI_API_KEY: "AIza-test-key-never-logged-0123456789",
        GEMINI_BASE_URL: double.baseUrl,
        GEMINI_MODEL: MODEL,
        GEMINI_TIMEOUT_MS: "5000",
        GEMINI_MAX_ATTEMPTS: "2",
        GEMINI_RETRY_BASE_MS: "10",
      }),
    ),
  )

const translateWithGemini = (double: GeminiDouble, input: DishTranslationInput) =>
  Effect.flatMap(DishAnalyzer, (analyzer) => analyzer.translate(input)).pipe(
    Effect.provide(DishAnalyzerGemini),
    Effect.withConfigProvider(configFor(double)),
  )

const soup: DishTranslationInput = {
  texts: { name: "Tomato soup", description: "", category: "Starters" },
  from: "en",
  to: ["es", "fr"],
}

const spanishAndFrench = {
  es: { name: "Sopa de tomate", description: "", category: "Entrantes" },
  fr: { name: "Soupe à la tomate", description: "", category: "Entrées" },
}

interface RequestBody {
  readonly contents?: ReadonlyArray<{ readonly parts?: ReadonlyArray<{ readonly text?: string }> }>
  readonly generationConfig?: {
    readonly responseMimeType?: string
    readonly responseSchema?: { readonly required?: ReadonlyArray<string> }
  }
}

describe("translations suggested by Gemini (against the double)", () => {
  it.scopedLive("asks for each language with a response schema and decodes the answer, empty texts left out", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.valid(spanishAndFrench))
      const translations = yield* translateWithGemini(double, soup)
      expect(translations).toEqual({
        es: { name: "Sopa de tomate", category: "Entrantes" },
        fr: { name: "Soupe à la tomate", category: "Entrées" },
      } satisfies DishTranslations)
      const [request] = double.requests()
      const body = request?.body as RequestBody
      const prompt = body.contents?.[0]?.parts?.map((part) => part.text ?? "").join("\n") ?? ""
      expect(prompt).toContain('"Tomato soup"')
      expect(prompt).toContain("es, fr")
      expect(body.generationConfig?.responseMimeType).toBe("application/json")
      expect(body.generationConfig?.responseSchema?.required).toEqual(["es", "fr"])
    }),
  )

  it.scopedLive("keeps only the languages asked for", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.valid({ ...spanishAndFrench, de: { name: "Tomatensuppe" } }))
      const translations = yield* translateWithGemini(double, { ...soup, to: ["es"] })
      expect(Object.keys(translations)).toEqual(["es"])
    }),
  )

  it.scopedLive("asks once more after an unusable answer, then fails with AnalysisFailed", () =>
    Effect.gen(function* () {
      for (const bad of [
        { es: { name: "", category: "Entrantes" } },
        { es: { name: "x".repeat(121), category: "Entrantes" } },
        { pt: { name: "Sopa", category: "Entradas" } },
        ["Sopa"],
      ]) {
        const double = yield* geminiDouble(behaviours.valid(bad))
        const exit = yield* Effect.exit(translateWithGemini(double, soup))
        expect(Exit.isFailure(exit), JSON.stringify(bad)).toBe(true)
        if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause)).toContain("AnalysisFailed")
        expect(double.requests()).toHaveLength(2)
      }
      const malformed = yield* geminiDouble(behaviours.malformedJson, behaviours.valid(spanishAndFrench))
      expect(Object.keys(yield* translateWithGemini(malformed, soup))).toEqual(["es", "fr"])
    }),
  )

  it.scopedLive("is AnalyzerUnavailable when Gemini keeps answering 503", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.status(503))
      const exit = yield* Effect.exit(translateWithGemini(double, soup))
      expect(Exit.isFailure(exit) && JSON.stringify(exit.cause).includes("AnalyzerUnavailable")).toBe(true)
      expect(double.requests()).toHaveLength(2)
    }),
  )

  it.scopedLive("asks nothing when there is no other language", () =>
    Effect.gen(function* () {
      const double = yield* geminiDouble(behaviours.valid(spanishAndFrench))
      expect(yield* translateWithGemini(double, { ...soup, to: ["en"] })).toEqual({})
      expect(double.requests()).toHaveLength(0)
    }),
  )
})

describe("translations without an AI (the local analyzer)", () => {
  it.effect("suggests none: diners see the main language's words", () =>
    Effect.gen(function* () {
      const analyzer = yield* DishAnalyzer
      expect(yield* analyzer.translate(soup)).toEqual({})
    }).pipe(Effect.provide(DishAnalyzerLocal)),
  )
})
