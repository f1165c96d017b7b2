import { AnalysisReviewField, type DishAnalysis, DishAnalysis as DishAnalysisSchema, DishName } from "@ardine/domain"
import { Effect, Layer, Option, Schema } from "effect"
import { readDishPhoto } from "../localAnalyzer/index.js"
import { loadSharp } from "../Sharp.js"
import {
  AnalysisFailed,
  type DishAnalysisInput,
  DishAnalyzer,
  type DishAnalyzerService,
  DishAnalyzerSpan,
  type DishTranslationInput,
} from "./contract.js"
import { describeCause, describeParseError } from "./describe.js"

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
      // Image statistics cannot tell a steak from a latte: no option groups to suggest.
      suggestedOptionGroups: [],
    }
    // The same checks an AI answer gets: a bug here must not reach the worker.
    return yield* Schema.validate(DishAnalysisSchema)(analysis).pipe(
      Effect.mapError(
        (error) => new AnalysisFailed({ reason: `local analysis out of bounds: ${describeParseError(error)}` }),
      ),
    )
  })
  // No AI, no translations: diners see the main language's words until the owner writes others.
  const translate = Effect.fn(DishAnalyzerSpan.translate)(function* (_input: DishTranslationInput) {
    yield* Effect.annotateCurrentSpan(DishAnalyzerSpan.model, "local-image-statistics")
    return {}
  })
  return DishAnalyzer.of({ analyze, translate })
}

/** The photo read locally (./localAnalyzer): no network, no key; the owner fills in the text. */
export const DishAnalyzerLocal = Layer.sync(DishAnalyzer, makeLocalAnalyzer)
