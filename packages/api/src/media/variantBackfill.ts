import { BlobStorage, DishesRepo, variantBackfillRetry } from "@ardine/infra"
import { Chunk, Effect, Either, Layer, Option, Stream } from "effect"
import { MenuCache } from "../menu/MenuCache.js"
import { deleteVariants, variantsForPhoto } from "./photoVariants.js"

const BATCH = 20

type PendingDish = Effect.Effect.Success<ReturnType<DishesRepo["listWithoutVariants"]>>[number]

const backfillDish = Effect.fn("PhotoVariants.backfillDish")(function* (dish: PendingDish) {
  const storage = yield* BlobStorage
  const dishes = yield* DishesRepo
  yield* Effect.annotateCurrentSpan({ dishId: dish.id })
  const download = yield* storage.download("images", dish.imageKey)
  const photo = new Uint8Array(Buffer.concat(Chunk.toReadonlyArray(yield* Stream.runCollect(download.stream))))
  const made = yield* variantsForPhoto(dish.restaurantId, dish.id, photo)
  const recorded = yield* dishes
    .setVariants(dish.id, dish.imageKey, made)
    .pipe(Effect.onError(() => deleteVariants(made)))
  // Another replica may have recorded the same (content-addressed) copies first, or the photo changed
  // meanwhile: whatever the dish does not refer to now is removed.
  const kept = new Set(Option.getOrElse(recorded, () => []).map((v) => v.key))
  yield* deleteVariants(made.filter((v) => !kept.has(v.key)))
  // Cached menus (on every replica) pick the copies up now rather than when they expire.
  if (Option.isSome(recorded)) yield* Effect.flatMap(MenuCache, (menus) => menus.invalidate(dish.restaurantId))
})

/**
 * Makes the sized copies for dishes photographed before copies existed (or whose copies could not be
 * made at the time), with the upload's guarantees: made from the stored photo, scanned fail-closed,
 * stored under the dish's prefix. A dish that fails is left for the next pass.
 */
export const backfillImageVariants = Effect.fn("PhotoVariants.backfill")(function* () {
  const dishes = yield* DishesRepo
  const failed = new Set<string>()
  let made = 0
  for (;;) {
    const batch = (yield* dishes.listWithoutVariants(BATCH + failed.size)).filter((dish) => !failed.has(dish.id))
    if (batch.length === 0) break
    for (const dish of batch) {
      const result = yield* Effect.either(backfillDish(dish))
      if (Either.isRight(result)) made++
      else {
        failed.add(dish.id)
        yield* Effect.logWarning("could not make photo variants yet").pipe(
          Effect.annotateLogs({ dishId: dish.id, error: result.left._tag }),
        )
      }
    }
  }
  return { made, failed: failed.size }
})

/**
 * Runs the backfill in the background when the API starts. The API, not the worker, does it: making,
 * scanning and storing copies is the upload's own code (same sizes, same checks), which lives here, and
 * a start-up pass plus retries covers the one-off backlog without a periodic job.
 */
export const VariantBackfillLive = Layer.scopedDiscard(
  backfillImageVariants().pipe(
    Effect.tap((result) =>
      result.made + result.failed > 0 ? Effect.logInfo("photo variants backfilled", result) : Effect.void,
    ),
    Effect.flatMap((result) => (result.failed > 0 ? Effect.fail(result) : Effect.void)),
    Effect.retry(variantBackfillRetry),
    Effect.catchAllCause((cause) => Effect.logWarning("photo variant backfill stopped", cause)),
    Effect.forkScoped,
  ),
)
