import type { DishId } from "@ardine/domain"
import { BlobStorage, ClamavRequired, MalwareScanner } from "@ardine/infra"
import { Chunk, Effect, Stream } from "effect"
import sharp from "sharp"
import { renderPoster, validateGlb } from "../builder/index.js"
import { DependencyDown, JobRejected, JobRetryable, OwnerReason } from "../errors.js"
import { type GenerateRequest, ModelGenerator } from "../photoreal/ModelGenerator.js"

// The job's steps between loading the dish and storing the result: fetch the photo, build, validate, scan.

/** Photos are normalised by the API (<= 5 MB upload); anything far bigger is not one of ours. */
const MAX_PHOTO_BYTES = 25 * 1024 * 1024

const bytesOf = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

export const fetchPhoto = (dishId: DishId, imageKey: string) =>
  Effect.gen(function* () {
    const storage = yield* BlobStorage
    const download = yield* storage.download("images", imageKey)
    if (download.info.size > MAX_PHOTO_BYTES) {
      return yield* new JobRejected({ reason: OwnerReason.photoUnreadable, detail: `${download.info.size} bytes` })
    }
    const photo = Buffer.concat(Chunk.toReadonlyArray(yield* Stream.runCollect(download.stream)))
    // A header that does not parse will not decode either: say so now, not as a build failure.
    yield* Effect.tryPromise({
      try: () => sharp(photo).metadata(),
      catch: (e) => new JobRejected({ reason: OwnerReason.photoUnreadable, detail: String(e) }),
    })
    return bytesOf(photo)
  }).pipe(
    Effect.catchTags({
      ObjectNotFound: (e) => Effect.fail(new JobRejected({ reason: OwnerReason.photoUnreadable, detail: e.message })),
      InvalidObjectKey: (e) => Effect.fail(new JobRejected({ reason: OwnerReason.photoUnreadable, detail: e.message })),
      StorageUnavailable: (e) =>
        Effect.fail(
          new DependencyDown({ service: "storage", reason: OwnerReason.storageUnavailable, detail: e.message }),
        ),
    }),
    Effect.withSpan("worker.fetch", { attributes: { dishId, imageKey } }),
  )

/** The model (built, or photoreal when the owner chose it and a provider is configured) and the poster. */
export const build = <E>(request: GenerateRequest<E>) =>
  Effect.all(
    {
      model: Effect.flatMap(ModelGenerator, (generator) => generator.generate(request)),
      poster: Effect.tryPromise({
        try: () => renderPoster(request.photo),
        catch: (e) => new JobRejected({ reason: OwnerReason.photoUnreadable, detail: String(e) }),
      }),
    },
    { concurrency: 2 },
  ).pipe(
    Effect.tap(({ model }) =>
      Effect.annotateCurrentSpan({ triangles: model.stats.triangles, bytes: model.stats.bytes, source: model.source }),
    ),
    Effect.withSpan("worker.build", { attributes: { dishId: request.dishId, kind: request.kind } }),
  )

export const validate = (dishId: DishId, glb: Uint8Array) =>
  Effect.tryPromise({
    try: () => validateGlb(glb),
    catch: (e) => new JobRejected({ reason: OwnerReason.validationFailed, detail: String(e) }),
  }).pipe(
    Effect.filterOrFail(
      (report) => report.numErrors === 0,
      (report) =>
        new JobRejected({
          reason: OwnerReason.validationFailed,
          detail: report.messages
            .filter((m) => m.severity === 0)
            .slice(0, 5)
            .map((m) => `${m.code}: ${m.message}`)
            .join("; "),
        }),
    ),
    Effect.withSpan("worker.validate", { attributes: { dishId } }),
  )

// Fail closed: only Clean lets the model be stored.
export const scan = (dishId: DishId, glb: Uint8Array) =>
  Effect.gen(function* () {
    const scanner = yield* MalwareScanner
    const verdict = yield* scanner.scanBytes(glb).pipe(
      Effect.catchTags({
        ScannerUnavailable: (e) =>
          Effect.gen(function* () {
            if (yield* Effect.orDie(ClamavRequired)) {
              return yield* new DependencyDown({
                service: "scanner",
                reason: OwnerReason.scannerUnavailable,
                detail: e.reason,
              })
            }
            yield* Effect.logError("CLAMAV_REQUIRED=false: storing an UNSCANNED model (local development only)")
            return { _tag: "Clean" as const }
          }),
        ScanRejected: (e) =>
          e.reason === "SizeLimitExceeded"
            ? Effect.fail(new JobRejected({ reason: OwnerReason.scannerRefused, detail: e.detail }))
            : Effect.fail(new JobRetryable({ reason: OwnerReason.scannerRefused, detail: e.detail })),
      }),
    )
    if (verdict._tag === "Infected") {
      yield* Effect.logWarning("malware scanner flagged a generated model").pipe(
        Effect.annotateLogs({ signature: verdict.signature }),
      )
      return yield* new JobRejected({ reason: OwnerReason.infected, detail: verdict.signature })
    }
  }).pipe(Effect.withSpan("worker.scan", { attributes: { dishId } }))
