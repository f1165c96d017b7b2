import { PhotorealTasksRepo } from "@ardine/infra"
import { Effect, Layer, Option } from "effect"
import { PhotorealConfig, PhotorealConfigLive } from "./config.js"
import { BuilderGeneratorLive, ModelGenerator } from "./ModelGenerator.js"
import { MeshyProviderLive } from "./meshy.js"
import { makePhotorealPath } from "./photoreal-path.js"

/** The builder, plus the provider MODEL_PROVIDER names for dishes whose owner chose photoreal. */
export const ModelGeneratorLive = Layer.unwrapEffect(
  Effect.map(PhotorealConfig, (settings) =>
    Option.match(settings.provider, {
      onNone: () => BuilderGeneratorLive,
      onSome: () =>
        Layer.effect(ModelGenerator, makePhotorealPath).pipe(
          Layer.provide(MeshyProviderLive),
          Layer.provide(PhotorealTasksRepo.Default),
        ),
    }),
  ),
).pipe(Layer.provideMerge(PhotorealConfigLive))
