import type { DishGeometry, DishId, RestaurantId } from "@ardine/domain"
import type { MalwareScanner } from "@ardine/infra"
import { Context, Effect, Layer } from "effect"
import { buildDishModel, buildUsdzFromGlb, type ModelStats } from "../builder/index.js"
import { type DependencyDown, JobRejected, type JobRetryable, OwnerReason } from "../errors.js"
import { noProviderNote } from "./notes.js"

/** How the owner wants a dish's model made. */
export type ModelKind = "built" | "photoreal"

export interface GenerateRequest<E> {
  readonly dishId: DishId
  readonly restaurantId: RestaurantId
  /** The model version the job builds on: a remote task belongs to one version of one dish. */
  readonly basedOn: number
  readonly geometry: DishGeometry
  readonly photo: Uint8Array
  readonly kind: ModelKind
  /** The provider's progress (0-100) while a remote task runs. */
  readonly onProgress: (percent: number) => Effect.Effect<void, E>
}

export interface GeneratedModel {
  readonly glb: Uint8Array
  readonly usdz: Uint8Array
  readonly stats: ModelStats
  /** What the model is, which is not what the owner chose when the photoreal path fell back. */
  readonly source: ModelKind
  /** Why it is not photoreal although the owner chose it; null otherwise. */
  readonly note: string | null
}

export interface ModelGeneratorService {
  /**
   * Never leaves a dish without a model: the photoreal path falls back to the builder with a note. The
   * scanner is the job's: a provider's model is scanned before it is chosen over the built one.
   */
  readonly generate: <E>(
    request: GenerateRequest<E>,
  ) => Effect.Effect<GeneratedModel, JobRejected | JobRetryable | DependencyDown | E, MalwareScanner>
}

export class ModelGenerator extends Context.Tag("@ardine/worker/ModelGenerator")<
  ModelGenerator,
  ModelGeneratorService
>() {}

/** The builder: pure and deterministic, so if it throws once it throws every time. */
export const buildModel = (geometry: DishGeometry, photo: Uint8Array, note: string | null = null) =>
  Effect.tryPromise({
    try: async (): Promise<GeneratedModel> => {
      const model = await buildDishModel(geometry, photo)
      // The USDZ is made from the GLB's own bytes, so the two can never disagree.
      const { usdz } = await buildUsdzFromGlb(model.glb)
      return { glb: model.glb, usdz, stats: model.stats, source: "built", note }
    },
    catch: (e) => new JobRejected({ reason: OwnerReason.buildFailed, detail: String(e) }),
  }).pipe(Effect.withSpan("ModelGenerator.build"))

/** Every dish gets the built model (MODEL_PROVIDER unset); one whose owner chose photoreal is told why. */
export const BuilderGeneratorLive = Layer.succeed(ModelGenerator, {
  generate: (request) =>
    buildModel(request.geometry, request.photo, request.kind === "photoreal" ? noProviderNote : null),
})
