import { randomUUID } from "node:crypto"
import { readFile } from "node:fs/promises"
import {
  type Dish,
  DishAnalysisFailed,
  type DishGeometry,
  DishId,
  OPTION_GROUPS_REVIEW,
  RateLimited,
  type Restaurant,
  ServiceUnavailable,
  type UserId,
} from "@ardine/domain"
import {
  AppConfig,
  BlobStorage,
  DishAnalyzer,
  DishesRepo,
  ModelChoiceRepo,
  ModelQueue,
  RateLimiter,
  TraceContext,
} from "@ardine/infra"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect } from "effect"
import { normalizeImage } from "./imageIntake.js"
import { deleteVariants, IMMUTABLE, photoKeyFor, variantsForPhoto } from "./photoVariants.js"
import { scanFailClosed } from "./scanFailClosed.js"

export interface PhotoUpload {
  readonly path: string
  readonly name?: string | undefined
  readonly category?: string | undefined
}

const unavailable = (service: string, message: string) => new ServiceUnavailable({ service, message })

export { IMMUTABLE }

/**
 * Counts one model build against the owner's hourly budget (RATE_LIMIT_UPLOADS_PER_HOUR): a new photo, a
 * corrected shape or a rebuild each cost a worker run (and a photo an AI call too), so all share one budget.
 */
export const spendModelBudget = Effect.fn("DishIntake.spendModelBudget")(function* (owner: UserId) {
  const config = yield* AppConfig
  const limiter = yield* RateLimiter
  const limit = config.rateLimits.uploadsPerHour
  const decision = yield* limiter.consume("upload", owner, limit, 3_600_000)
  if (!decision.allowed) {
    // The error body says when; Retry-After says it to HTTP clients, as the middleware's 429s do.
    yield* HttpApp.appendPreResponseHandler((_request, response) =>
      Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(decision.retryAfterSeconds))),
    )
    return yield* Effect.fail(
      new RateLimited({
        retryAfterSeconds: decision.retryAfterSeconds,
        message: `At most ${limit} photo uploads and model rebuilds an hour; try again later`,
      }),
    )
  }
})

/** Limit -> read -> check and normalise -> scan (fail closed) -> store, then its sized copies. Returns the keys. */
const checkScanAndStore = Effect.fn("DishIntake.checkScanAndStore")(function* (
  owner: UserId,
  restaurant: Restaurant,
  dishId: DishId,
  upload: PhotoUpload,
  /** The dish's current photo key, if any: re-uploading the same photo gives the same key, which must stay. */
  currentKey: string | null,
) {
  const storage = yield* BlobStorage
  yield* spendModelBudget(owner)

  const original = new Uint8Array(yield* Effect.promise(() => readFile(upload.path)))
  const image = yield* normalizeImage(original)

  // The original is scanned (it is what was sent, payloads and all); only the re-encoded copy is stored.
  yield* scanFailClosed(original)

  const imageKey = photoKeyFor(restaurant.id, dishId, image.bytes)
  yield* storage.upload("images", imageKey, image.bytes, { contentType: "image/jpeg", cacheControl: IMMUTABLE }).pipe(
    Effect.catchTags({
      StorageUnavailable: () => Effect.fail(unavailable("storage", "Photo storage is unavailable, try again")),
      InvalidObjectKey: (e) => Effect.die(e),
    }),
  )
  // The copies are made from the clean stored photo and scanned and stored like it; failing, they take the photo back.
  const imageVariants = yield* variantsForPhoto(restaurant.id, dishId, image.bytes).pipe(
    Effect.onError(() => (imageKey === currentKey ? Effect.void : Effect.ignore(storage.delete("images", imageKey)))),
  )
  return { image, imageKey, imageVariants }
})

const analyze = (restaurant: Restaurant, image: Uint8Array, name: string | undefined) =>
  Effect.flatMap(DishAnalyzer, (analyzer) =>
    analyzer.analyze({
      image,
      mimeType: "image/jpeg",
      currency: restaurant.currency,
      hint: name === undefined ? {} : { name },
    }),
  ).pipe(
    Effect.catchTags({
      AnalysisFailed: () =>
        Effect.fail(new DishAnalysisFailed({ message: "The AI could not describe this photo; try another one" })),
      AnalyzerUnavailable: () => Effect.fail(unavailable("ai", "The dish describer is unavailable, try again")),
    }),
  )

/**
 * Queues (or re-queues) the dish's model job, carrying the current trace so one trace spans API and worker.
 * A dish whose owner chose photoreal goes to the photoreal queue, so a burst of them is neither paced by the
 * builder queue's limiter nor in the way of built dishes.
 */
export const enqueueModel = Effect.fn("DishIntake.enqueueModel")(function* (
  dish: { readonly id: DishId; readonly restaurantId: Restaurant["id"] },
  imageKey: string,
  geometry: DishGeometry,
) {
  const queue = yield* ModelQueue
  const trace = yield* TraceContext.currentTraceFields
  const lane = yield* Effect.flatMap(ModelChoiceRepo, (choices) => choices.laneOf(dish.id))
  yield* queue
    .enqueue(
      {
        dishId: dish.id,
        restaurantId: dish.restaurantId,
        imageKey,
        geometry,
        ...trace,
      },
      lane,
    )
    .pipe(
      Effect.catchTag("QueueUnavailable", () =>
        Effect.fail(unavailable("queue", "The model queue is unavailable, try again")),
      ),
    )
})

/**
 * A new dish from a photo: check -> scan -> store -> analyse -> insert (pending) -> enqueue. Each
 * step that fails undoes the earlier ones, so a failed upload leaves no blob, no row and no job.
 * (A crash between insert and enqueue leaves a `pending` dish without a job: the worker's
 * reconciler re-enqueues those.)
 */
export const intakeDishPhoto = Effect.fn("DishIntake.upload")(function* (
  owner: UserId,
  restaurant: Restaurant,
  upload: PhotoUpload,
) {
  const storage = yield* BlobStorage
  const dishes = yield* DishesRepo
  const dishId = DishId.make(randomUUID())
  const { image, imageKey, imageVariants } = yield* checkScanAndStore(owner, restaurant, dishId, upload, null)

  const created: Dish = yield* Effect.gen(function* () {
    const analysis = yield* analyze(restaurant, image.bytes, upload.name)
    const overridden = [
      upload.name === undefined ? [] : ["name"],
      upload.category === undefined ? [] : ["category"],
    ].flat()
    const dish = yield* dishes.insert({
      id: dishId,
      restaurantId: restaurant.id,
      name: upload.name ?? analysis.name,
      description: analysis.description,
      category: upload.category ?? analysis.category,
      priceMinor: analysis.suggestedPriceMinor,
      portionSize: analysis.portionSize,
      allergens: analysis.allergens,
      dietaryTags: analysis.dietaryTags,
      needsReview: [
        ...analysis.needsReview.filter((field) => !overridden.includes(field)),
        // Suggested option groups wait for the owner like any other guess of the analyzer's.
        ...(analysis.suggestedOptionGroups.length > 0 ? [OPTION_GROUPS_REVIEW] : []),
      ],
      imageKey,
      imageVariants,
      geometry: analysis.geometry,
      suggestedOptionGroups: analysis.suggestedOptionGroups,
    })
    yield* enqueueModel(dish, imageKey, analysis.geometry).pipe(
      Effect.onError(() => Effect.ignore(dishes.delete(restaurant.id, dishId))),
    )
    return dish
  }).pipe(
    Effect.onError(() =>
      Effect.zipRight(Effect.ignore(storage.delete("images", imageKey)), deleteVariants(imageVariants)),
    ),
  )

  yield* Effect.annotateCurrentSpan({ dishId: created.id, restaurantId: restaurant.id })
  return created
})

/**
 * A new photo for an existing dish: the same checks, then the shape is re-analysed from the new
 * photo (the owner's text is kept) and a new model is queued. The old photo is deleted only once
 * the new one is in place; any failure restores the dish as it was.
 */
export const replaceDishPhoto = Effect.fn("DishIntake.replacePhoto")(function* (
  owner: UserId,
  restaurant: Restaurant,
  dishId: DishId,
  upload: PhotoUpload,
) {
  const storage = yield* BlobStorage
  const dishes = yield* DishesRepo
  const before = yield* dishes.getRecord(restaurant.id, dishId)
  const { image, imageKey, imageVariants } = yield* checkScanAndStore(
    owner,
    restaurant,
    dishId,
    upload,
    before.imageKey,
  )
  // Content-addressed keys: the same photo again gives the same keys, which must then stay.
  const isNew = (variant: { readonly key: string }) => !(before.imageVariants ?? []).some((v) => v.key === variant.key)
  const updated = yield* Effect.gen(function* () {
    const analysis = yield* analyze(restaurant, image.bytes, before.name)
    const dish = yield* dishes.replacePhoto(restaurant.id, dishId, {
      imageKey,
      imageVariants,
      geometry: analysis.geometry,
    })
    yield* enqueueModel(dish, imageKey, analysis.geometry).pipe(
      Effect.onError(() => Effect.ignore(dishes.restorePhoto(restaurant.id, dishId, before))),
    )
    return dish
  }).pipe(
    Effect.onError(() =>
      Effect.zipRight(
        imageKey === before.imageKey ? Effect.void : Effect.ignore(storage.delete("images", imageKey)),
        deleteVariants(imageVariants.filter(isNew)),
      ),
    ),
  )
  if (before.imageKey !== null && before.imageKey !== imageKey) {
    yield* Effect.ignore(storage.delete("images", before.imageKey))
  }
  const kept = new Set(imageVariants.map((v) => v.key))
  yield* deleteVariants((before.imageVariants ?? []).filter((v) => !kept.has(v.key)))
  return updated
})
