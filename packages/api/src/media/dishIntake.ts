import { createHash, randomUUID } from "node:crypto"
import { readFile } from "node:fs/promises"
import {
  type Dish,
  DishAnalysisFailed,
  type DishGeometry,
  DishId,
  ImageTooLarge,
  MalwareDetected,
  RateLimited,
  type Restaurant,
  ScannerUnavailable,
  ServiceUnavailable,
  type UserId,
} from "@ardine/domain"
import {
  AppConfig,
  BlobStorage,
  ClamavRequired,
  DishAnalyzer,
  DishesRepo,
  dishStoragePrefix,
  MalwareScanner,
  ModelQueue,
  RateLimiter,
} from "@ardine/infra"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect, Option } from "effect"
import { dbErrors } from "../handlers/dbErrors.js"
import { normalizeImage } from "./imageIntake.js"

export interface PhotoUpload {
  readonly path: string
  readonly name?: string | undefined
  readonly category?: string | undefined
}

const unavailable = (service: string, message: string) => new ServiceUnavailable({ service, message })

// Photos are stored under content-addressed keys, so a URL never changes meaning and can be cached forever.
export const IMMUTABLE = "public, max-age=31536000, immutable"

const traceparent = Effect.map(Effect.option(Effect.currentSpan), (span) =>
  Option.match(span, {
    onNone: () => undefined,
    onSome: (s) => `00-${s.traceId}-${s.spanId}-${s.sampled ? "01" : "00"}`,
  }),
)

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

/** Limit -> read -> check and normalise -> scan (fail closed) -> store. Returns the stored key. */
const checkScanAndStore = Effect.fn("DishIntake.checkScanAndStore")(function* (
  owner: UserId,
  restaurant: Restaurant,
  dishId: DishId,
  upload: PhotoUpload,
) {
  const storage = yield* BlobStorage
  const scanner = yield* MalwareScanner
  yield* spendModelBudget(owner)

  const original = new Uint8Array(yield* Effect.promise(() => readFile(upload.path)))
  const image = yield* normalizeImage(original)

  // The original is scanned (it is what was sent, payloads and all); only the re-encoded copy is stored.
  const verdict = yield* scanner.scanBytes(original).pipe(
    Effect.catchTags({
      ScanRejected: (e) =>
        e.reason === "SizeLimitExceeded"
          ? Effect.fail(new ImageTooLarge({ message: "The photo is larger than the scanner accepts" }))
          : Effect.fail(new ScannerUnavailable({ message: "The malware scanner could not check this photo" })),
      ScannerUnavailable: (e) =>
        Effect.gen(function* () {
          if (yield* Effect.orDie(ClamavRequired)) {
            yield* Effect.logError("scanner unavailable; upload refused").pipe(
              Effect.annotateLogs({ reason: e.reason }),
            )
            return yield* Effect.fail(
              new ScannerUnavailable({ message: "Uploads are paused: the malware scanner is unavailable" }),
            )
          }
          yield* Effect.logError("CLAMAV_REQUIRED=false: storing an UNSCANNED upload (local development only)")
          return { _tag: "Clean" as const }
        }),
    }),
  )
  if (verdict._tag === "Infected") {
    yield* Effect.logWarning("malware in upload refused").pipe(Effect.annotateLogs({ signature: verdict.signature }))
    return yield* Effect.fail(new MalwareDetected({ message: "This file was flagged by the malware scanner" }))
  }

  const digest = createHash("sha256").update(image.bytes).digest("hex").slice(0, 20)
  const imageKey = `${dishStoragePrefix(restaurant.id, dishId)}photo-${digest}.jpg`
  yield* storage.upload("images", imageKey, image.bytes, { contentType: "image/jpeg", cacheControl: IMMUTABLE }).pipe(
    Effect.catchTags({
      StorageUnavailable: () => Effect.fail(unavailable("storage", "Photo storage is unavailable, try again")),
      InvalidObjectKey: (e) => Effect.die(e),
    }),
  )
  return { image, imageKey }
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

/** Queues (or re-queues) the dish's model job, carrying the current trace so one trace spans API and worker. */
export const enqueueModel = Effect.fn("DishIntake.enqueueModel")(function* (
  dish: { readonly id: DishId; readonly restaurantId: Restaurant["id"] },
  imageKey: string,
  geometry: DishGeometry,
) {
  const queue = yield* ModelQueue
  const trace = yield* traceparent
  yield* queue
    .enqueue({
      dishId: dish.id,
      restaurantId: dish.restaurantId,
      imageKey,
      geometry,
      ...(trace === undefined ? {} : { traceparent: trace }),
    })
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
  const { image, imageKey } = yield* checkScanAndStore(owner, restaurant, dishId, upload)

  const created: Dish = yield* Effect.gen(function* () {
    const analysis = yield* analyze(restaurant, image.bytes, upload.name)
    const overridden = [
      upload.name === undefined ? [] : ["name"],
      upload.category === undefined ? [] : ["category"],
    ].flat()
    const dish = yield* dbErrors(
      dishes.insert({
        id: dishId,
        restaurantId: restaurant.id,
        name: upload.name ?? analysis.name,
        description: analysis.description,
        category: upload.category ?? analysis.category,
        priceMinor: analysis.suggestedPriceMinor,
        portionSize: analysis.portionSize,
        allergens: analysis.allergens,
        dietaryTags: analysis.dietaryTags,
        needsReview: analysis.needsReview.filter((field) => !overridden.includes(field)),
        imageKey,
        geometry: analysis.geometry,
      }),
    )
    yield* enqueueModel(dish, imageKey, analysis.geometry).pipe(
      Effect.onError(() => Effect.ignore(dishes.delete(restaurant.id, dishId))),
    )
    return dish
  }).pipe(Effect.onError(() => Effect.ignore(storage.delete("images", imageKey))))

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
  const before = yield* dbErrors(dishes.getRecord(restaurant.id, dishId))
  const { image, imageKey } = yield* checkScanAndStore(owner, restaurant, dishId, upload)
  const updated = yield* Effect.gen(function* () {
    const analysis = yield* analyze(restaurant, image.bytes, before.name)
    const dish = yield* dbErrors(dishes.replacePhoto(restaurant.id, dishId, { imageKey, geometry: analysis.geometry }))
    yield* enqueueModel(dish, imageKey, analysis.geometry).pipe(
      Effect.onError(() => Effect.ignore(dishes.restorePhoto(restaurant.id, dishId, before))),
    )
    return dish
  }).pipe(
    Effect.onError(() =>
      imageKey === before.imageKey ? Effect.void : Effect.ignore(storage.delete("images", imageKey)),
    ),
  )
  if (before.imageKey !== null && before.imageKey !== imageKey) {
    yield* Effect.ignore(storage.delete("images", before.imageKey))
  }
  return updated
})
