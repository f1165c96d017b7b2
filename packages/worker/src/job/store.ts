import { createHash } from "node:crypto"
import type { DishId, RestaurantId } from "@ardine/domain"
import { BlobStorage, workerCleanupRetry } from "@ardine/infra"
import { Effect, Ref } from "effect"
import { DependencyDown, OwnerReason } from "../errors.js"
import {
  contentHash,
  GLB_CONTENT_TYPE,
  hashOfModelKey,
  IMMUTABLE,
  modelKeyFor,
  POSTER_CONTENT_TYPE,
  posterKeyFor,
  USDZ_CONTENT_TYPE,
  usdzKeyFor,
} from "../keys.js"
import type { JobContext } from "./model-job.js"

// Storing the result: content-addressed keys, the write-ahead record of uploads, and deleting what is no
// longer current.

export const upload = (key: string, bytes: Uint8Array, contentType: string) =>
  Effect.flatMap(BlobStorage, (storage) =>
    storage.upload("models", key, bytes, { contentType, cacheControl: IMMUTABLE }).pipe(
      Effect.catchTags({
        StorageUnavailable: (e) =>
          Effect.fail(
            new DependencyDown({ service: "storage", reason: OwnerReason.storageUnavailable, detail: e.message }),
          ),
        InvalidObjectKey: (e) => Effect.die(e),
      }),
    ),
  )

/** Best effort, after the database no longer points at them: a failure is logged, never fails the job. */
export const deleteModels = (keys: ReadonlyArray<string>) =>
  Effect.forEach(
    keys,
    (key) =>
      Effect.flatMap(BlobStorage, (storage) => storage.delete("models", key)).pipe(
        Effect.retry(workerCleanupRetry),
        Effect.catchAll((e) =>
          Effect.logWarning("could not delete an old model blob").pipe(Effect.annotateLogs({ key, error: e.message })),
        ),
      ),
    { discard: true },
  ).pipe(Effect.withSpan("worker.cleanup", { attributes: { keys: keys.join(",") } }))

const withPoster = (modelKey: string) => {
  const poster = posterKeyFor(modelKey)
  return poster === undefined ? [modelKey] : [modelKey, poster]
}

/** The dish's current blobs: its model (with poster) and its USDZ. */
export interface CurrentKeys {
  readonly modelKey: string | null
  readonly usdzKey: string | null
}
export const noKeys: CurrentKeys = { modelKey: null, usdzKey: null }

/** Deletes what this job (or an earlier run of it) uploaded that is not the dish's current model. */
export const cleanupUploads = (ctx: JobContext, current: CurrentKeys) =>
  Effect.gen(function* () {
    const keep = new Set([
      ...(current.modelKey === null ? [] : withPoster(current.modelKey)),
      ...(current.usdzKey === null ? [] : [current.usdzKey]),
    ])
    const mine = [...new Set([...ctx.job.uploadedEarlier, ...(yield* Ref.get(ctx.uploads))])]
    const orphans = mine.filter((key) => !keep.has(key))
    if (orphans.length > 0) yield* deleteModels(orphans)
  })

/** A built model as the store needs it. */
export interface BuiltModel {
  readonly glb: Uint8Array
  readonly usdz: Uint8Array
  readonly poster: Uint8Array
}

/** The dish as it was when the job started: the version it builds on and the blobs it points at. */
export interface StoredState extends CurrentKeys {
  readonly dishId: DishId
  readonly restaurantId: RestaurantId
  readonly basedOn: number
}

/**
 * Uploads what the dish does not have yet, announcing the keys first. Same bytes, same key: a re-run
 * overwrites what a killed run uploaded instead of adding a second blob. `uploaded` is false when there was
 * nothing to upload.
 */
export const storeModel = (ctx: JobContext, state: StoredState, built: BuiltModel) =>
  Effect.gen(function* () {
    const { dishId, restaurantId, basedOn } = state
    const hash = contentHash(createHash("sha256").update(built.glb).digest("hex"))
    const alreadyCurrent = state.modelKey !== null && hashOfModelKey(state.modelKey) === hash
    const version = alreadyCurrent ? basedOn : basedOn + 1
    const modelKey =
      alreadyCurrent && state.modelKey !== null ? state.modelKey : modelKeyFor(restaurantId, dishId, version, hash)
    const usdzKey = usdzKeyFor(restaurantId, dishId, version, createHash("sha256").update(built.usdz).digest("hex"))
    // A current GLB may still lack this USDZ (stored before USDZ existed): upload just that.
    const uploaded = !alreadyCurrent || state.usdzKey !== usdzKey
    if (uploaded) {
      const posterKey = posterKeyFor(modelKey) ?? `${modelKey}.webp`
      const keys = alreadyCurrent ? [usdzKey] : [modelKey, posterKey, usdzKey]
      yield* Effect.gen(function* () {
        yield* ctx.job.recordUploads(keys)
        yield* Ref.update(ctx.uploads, (mine) => [...mine, ...keys])
        if (!alreadyCurrent) yield* upload(posterKey, built.poster, POSTER_CONTENT_TYPE)
        yield* upload(usdzKey, built.usdz, USDZ_CONTENT_TYPE)
        if (!alreadyCurrent) yield* upload(modelKey, built.glb, GLB_CONTENT_TYPE)
      }).pipe(Effect.withSpan("worker.store", { attributes: { dishId, modelKey, usdzKey, version } }))
    }
    return { modelKey, usdzKey, version, uploaded }
  })

/** Once the database points at the new model, the replaced one (and its poster and USDZ) may go. */
export const deleteReplaced = (
  previous: { readonly previousKey: string | null; readonly previousUsdzKey: string | null },
  current: { readonly modelKey: string; readonly usdzKey: string },
) =>
  deleteModels([
    ...(previous.previousKey === null || previous.previousKey === current.modelKey
      ? []
      : withPoster(previous.previousKey)),
    ...(previous.previousUsdzKey === null || previous.previousUsdzKey === current.usdzKey
      ? []
      : [previous.previousUsdzKey]),
  ])
