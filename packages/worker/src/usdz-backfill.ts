import { createHash } from "node:crypto"
import { BlobStorage, type DishWithoutUsdz, ModelStatusRepo } from "@ardine/infra"
import { Chunk, Effect, Option, Stream } from "effect"
import { buildUsdzFromGlb, MAX_GLB_BYTES } from "./builder/index.js"
import { scan } from "./job/steps.js"
import { deleteModels, upload } from "./job/store.js"
import { USDZ_CONTENT_TYPE, usdzKeyFor } from "./keys.js"

// Dishes made ready before the worker wrote USDZ files get one from their stored GLB, with the same
// guarantees as a new model's (scanned, fail closed, content-addressed under the dish's prefix), without the
// dish leaving `ready` or its owner doing anything. The reconciler runs this on every pass, a few at a time.

/** Dishes per pass: each costs about one model build's worth of CPU, and the queue's jobs come first. */
export const USDZ_BACKFILL_BATCH = 5

const readGlb = (key: string) =>
  Effect.gen(function* () {
    const storage = yield* BlobStorage
    const download = yield* storage.download("models", key)
    if (download.info.size > MAX_GLB_BYTES) {
      return yield* Effect.fail(new Error(`stored model is ${download.info.size} bytes`))
    }
    const chunks = yield* Stream.runCollect(download.stream)
    return new Uint8Array(Buffer.concat(Chunk.toReadonlyArray(chunks)))
  })

/** Writes the USDZ of one ready dish; `true` when the dish now points at it. */
const backfillDish = (dish: DishWithoutUsdz) =>
  Effect.gen(function* () {
    const repo = yield* ModelStatusRepo
    const glb = yield* readGlb(dish.modelKey)
    const { usdz } = yield* Effect.tryPromise({
      try: () => buildUsdzFromGlb(glb),
      catch: (e) => new Error(`USDZ not built: ${String(e)}`),
    })
    yield* scan(dish.id, usdz)
    const hash = createHash("sha256").update(usdz).digest("hex")
    const key = usdzKeyFor(dish.restaurantId, dish.id, dish.modelVersion, hash)
    yield* upload(key, usdz, USDZ_CONTENT_TYPE)
    if (yield* repo.setUsdz(dish.id, dish.modelKey, key)) return true
    // The model changed meanwhile, or its job stored a USDZ first: drop ours unless it is that very file.
    const now = yield* repo.load(dish.id)
    if (Option.match(now, { onNone: () => true, onSome: (row) => row.usdzKey !== key })) yield* deleteModels([key])
    return false
  }).pipe(Effect.withSpan("worker.usdzBackfill.dish", { attributes: { dishId: dish.id } }))

/** One batch: how many dishes got their USDZ. A dish that fails is logged and tried again next pass. */
export const backfillUsdz = Effect.gen(function* () {
  const repo = yield* ModelStatusRepo
  const dishes = yield* repo.findWithoutUsdz(USDZ_BACKFILL_BATCH)
  const done = yield* Effect.forEach(dishes, (dish) =>
    backfillDish(dish).pipe(
      Effect.catchAll((error) =>
        Effect.as(
          Effect.logWarning("could not write the USDZ of a ready dish; the next pass tries again").pipe(
            Effect.annotateLogs({ dishId: dish.id, error: "detail" in error ? error.detail : error.message }),
          ),
          false,
        ),
      ),
    ),
  )
  return done.filter(Boolean).length
}).pipe(Effect.withSpan("worker.usdzBackfill"))
