import { createHash } from "node:crypto"
import { type DishGeometry, DishId, ModelJobPayload, type RestaurantId } from "@ardine/domain"
import {
  AppMetrics,
  BlobStorage,
  ClamavRequired,
  type DishModelState,
  Events,
  MalwareScanner,
  ModelStatusRepo,
} from "@ardine/infra"
import {
  Chunk,
  Clock,
  Data,
  Duration,
  Effect,
  Metric,
  Option,
  ParseResult,
  Ref,
  Schedule,
  Schema,
  Stream,
  Tracer,
} from "effect"
import sharp from "sharp"
import { buildDishModel, buildUsdzFromGlb, renderPoster, validateGlb } from "./builder/index.js"
import { pausesAfter, type TestPausePoint, WorkerConfig, type WorkerSettings } from "./config.js"
import { DependencyDown, type JobFailure, JobRejected, JobRetryable, OwnerReason } from "./errors.js"
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
} from "./keys.js"

/** One delivery of a model job, as the processor needs it (the consumer adapts BullMQ's Job to this). */
export interface ModelJob {
  readonly id: string
  readonly data: unknown
  /** Failed attempts before this one (BullMQ's `attemptsMade`): 0 on the first run. */
  readonly attemptsMade: number
  readonly maxAttempts: number
  /** When this job first had to wait for a service that was down (epoch ms), or null if it never did. */
  readonly outageSince: number | null
  /** Keys earlier runs of this job announced before uploading (they may have died before finishing). */
  readonly uploadedEarlier: ReadonlyArray<string>
  /** Write-ahead record of keys about to be uploaded, kept with the job so a re-run can clean them up. */
  readonly recordUploads: (keys: ReadonlyArray<string>) => Effect.Effect<void, JobRetryable>
}

export type JobOutcome =
  | { readonly result: "ready"; readonly modelKey: string; readonly version: number }
  | { readonly result: "skipped"; readonly why: string }

/** Progress at real step boundaries. */
export const Progress = {
  started: 5,
  fetched: 20,
  built: 60,
  validated: 75,
  scanned: 85,
  stored: 95,
  ready: 100,
} as const

/** Photos are normalised by the API (<= 5 MB upload); anything far bigger is not one of ours. */
const MAX_PHOTO_BYTES = 25 * 1024 * 1024

/** The dish moved on without this job (deleted, or a newer version stored by another run). */
class Superseded extends Data.TaggedError("Superseded")<{ readonly why: string }> {}

const dbSchedule = Schedule.exponential("100 millis").pipe(Schedule.intersect(Schedule.recurs(3)))
const cleanupSchedule = Schedule.exponential("200 millis").pipe(Schedule.intersect(Schedule.recurs(2)))

const isSqlError = (e: { readonly _tag: string }) => e._tag === "SqlError"

/** A database write: short retries inside the step, then the job waits for the database. Anything else is a bug. */
const dbWrite = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, DependencyDown, R> =>
  effect.pipe(
    Effect.retry({ schedule: dbSchedule, while: isSqlError }),
    Effect.catchAll((e) =>
      isSqlError(e)
        ? Effect.fail(
            new DependencyDown({ service: "database", reason: OwnerReason.databaseUnavailable, detail: e.message }),
          )
        : Effect.die(e),
    ),
  )

/** Reading the dish: a row that does not decode (an invalid stored shape) cannot be built, ever. */
const dbLoad = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, DependencyDown | JobRejected, R> =>
  effect.pipe(
    Effect.retry({ schedule: dbSchedule, while: isSqlError }),
    Effect.catchAll(
      (e): Effect.Effect<never, DependencyDown | JobRejected> =>
        isSqlError(e)
          ? Effect.fail(
              new DependencyDown({ service: "database", reason: OwnerReason.databaseUnavailable, detail: e.message }),
            )
          : Effect.fail(new JobRejected({ reason: OwnerReason.badGeometry, detail: e.message })),
    ),
  )

const W3C_TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/

/** The producer's span from a W3C traceparent, so upload -> queue -> worker is one trace. */
export const parentSpanOf = (traceparent: string | undefined): Option.Option<Tracer.ExternalSpan> => {
  const match = traceparent === undefined ? null : W3C_TRACEPARENT.exec(traceparent)
  const [, traceId, spanId, flags] = match ?? []
  if (traceId === undefined || spanId === undefined || flags === undefined) return Option.none()
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return Option.none()
  return Option.some(Tracer.externalSpan({ traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 }))
}

const continueTrace =
  (traceparent: string | undefined) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Option.match(parentSpanOf(traceparent), {
      onNone: () => effect,
      onSome: (parent) => Effect.withParentSpan(effect, parent),
    })

const bytesOf = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

// ------------------------------------------------------------------------------------------------ steps

const fetchPhoto = (dishId: DishId, imageKey: string) =>
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

// The builder is pure and deterministic: if it throws once it throws every time.
const build = (dishId: DishId, geometry: DishGeometry, photo: Uint8Array) =>
  Effect.all(
    {
      // The USDZ is made from the GLB's own bytes, so the two can never disagree.
      model: Effect.tryPromise({
        try: async () => {
          const model = await buildDishModel(geometry, photo)
          return { ...model, usdz: (await buildUsdzFromGlb(model.glb)).usdz }
        },
        catch: (e) => new JobRejected({ reason: OwnerReason.buildFailed, detail: String(e) }),
      }),
      poster: Effect.tryPromise({
        try: () => renderPoster(photo),
        catch: (e) => new JobRejected({ reason: OwnerReason.photoUnreadable, detail: String(e) }),
      }),
    },
    { concurrency: 2 },
  ).pipe(
    Effect.tap(({ model }) =>
      Effect.annotateCurrentSpan({ triangles: model.stats.triangles, bytes: model.stats.bytes }),
    ),
    Effect.withSpan("worker.build", { attributes: { dishId } }),
  )

const validate = (dishId: DishId, glb: Uint8Array) =>
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
        Effect.retry(cleanupSchedule),
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

// ------------------------------------------------------------------------------------------------ the job

/** WORKER_TEST_PAUSE_AFTER (tests only): hold the job at `point` so a test can kill the process right there. */
const testPause = (settings: WorkerSettings, point: TestPausePoint) =>
  pausesAfter(settings, point)
    ? Effect.zipRight(
        Effect.logWarning(`test pause after ${point} (WORKER_TEST_PAUSE_AFTER)`),
        Effect.sleep(settings.testPauseMs),
      )
    : Effect.void

interface JobContext {
  readonly job: ModelJob
  readonly dishId: DishId
  readonly restaurantId: RestaurantId
  /** Keys this run announced (and may have uploaded). */
  readonly uploads: Ref.Ref<ReadonlyArray<string>>
}

/** The dish's current blobs: its model (with poster) and its USDZ. */
interface CurrentKeys {
  readonly modelKey: string | null
  readonly usdzKey: string | null
}
const noKeys: CurrentKeys = { modelKey: null, usdzKey: null }

/** Deletes what this job (or an earlier run of it) uploaded that is not the dish's current model. */
const cleanupUploads = (ctx: JobContext, current: CurrentKeys) =>
  Effect.gen(function* () {
    const keep = new Set([
      ...(current.modelKey === null ? [] : withPoster(current.modelKey)),
      ...(current.usdzKey === null ? [] : [current.usdzKey]),
    ])
    const mine = [...new Set([...ctx.job.uploadedEarlier, ...(yield* Ref.get(ctx.uploads))])]
    const orphans = mine.filter((key) => !keep.has(key))
    if (orphans.length > 0) yield* deleteModels(orphans)
  })

const generate = (ctx: JobContext) =>
  Effect.gen(function* () {
    const repo = yield* ModelStatusRepo
    const events = yield* Events
    const settings = yield* WorkerConfig
    const { dishId, restaurantId } = ctx

    // The row, not the payload, is the source of truth: the owner may have edited the shape since.
    const loaded = yield* dbLoad(repo.load(dishId)).pipe(Effect.withSpan("worker.load", { attributes: { dishId } }))
    if (Option.isNone(loaded)) {
      yield* Effect.logInfo("dish deleted before its model was built; nothing to do")
      yield* cleanupUploads(ctx, noKeys)
      return { result: "skipped", why: "dish deleted" } satisfies JobOutcome
    }
    const state: DishModelState = loaded.value
    // Not this dish's job after all: leave the dish alone rather than fail it.
    if (state.restaurantId !== restaurantId) {
      yield* Effect.logError("model job names a dish of another restaurant; ignored")
      return { result: "skipped", why: "restaurant does not match the dish" } satisfies JobOutcome
    }
    if (state.imageKey === null) return yield* new JobRejected({ reason: OwnerReason.noPhoto, detail: "no image_key" })
    if (state.geometry === null) {
      return yield* new JobRejected({ reason: OwnerReason.badGeometry, detail: "no geometry" })
    }
    const basedOn = state.modelVersion

    const publish = (status: "generating" | "ready", progress: number) =>
      events.publishRestaurant(restaurantId, { type: "dish.progress", restaurantId, dishId, status, progress })
    const advance = (progress: number) =>
      dbWrite(repo.setProgress(dishId, progress, basedOn)).pipe(
        Effect.flatMap((applied) =>
          applied ? publish("generating", progress) : Effect.fail(new Superseded({ why: "dish changed meanwhile" })),
        ),
      )

    if (!(yield* dbWrite(repo.markGenerating(dishId, Progress.started, basedOn)))) {
      return yield* new Superseded({ why: "a newer model version is already stored" })
    }
    yield* publish("generating", Progress.started)
    yield* testPause(settings, "generating")

    const photo = yield* fetchPhoto(dishId, state.imageKey)
    yield* advance(Progress.fetched)
    const { model, poster } = yield* build(dishId, state.geometry, photo)
    yield* advance(Progress.built)
    yield* validate(dishId, model.glb)
    yield* advance(Progress.validated)
    yield* scan(dishId, model.glb)
    yield* scan(dishId, model.usdz)
    yield* advance(Progress.scanned)

    // Same bytes, same key: a re-run overwrites what a killed run uploaded instead of adding a second blob.
    const hash = contentHash(createHash("sha256").update(model.glb).digest("hex"))
    const alreadyCurrent = state.modelKey !== null && hashOfModelKey(state.modelKey) === hash
    const version = alreadyCurrent ? basedOn : basedOn + 1
    const modelKey =
      alreadyCurrent && state.modelKey !== null ? state.modelKey : modelKeyFor(restaurantId, dishId, version, hash)
    const usdzKey = usdzKeyFor(restaurantId, dishId, version, createHash("sha256").update(model.usdz).digest("hex"))
    // A current GLB may still lack this USDZ (stored before USDZ existed): upload just that.
    if (!alreadyCurrent || state.usdzKey !== usdzKey) {
      const posterKey = posterKeyFor(modelKey) ?? `${modelKey}.webp`
      const keys = alreadyCurrent ? [usdzKey] : [modelKey, posterKey, usdzKey]
      yield* Effect.gen(function* () {
        yield* ctx.job.recordUploads(keys)
        yield* Ref.update(ctx.uploads, (uploaded) => [...uploaded, ...keys])
        if (!alreadyCurrent) yield* upload(posterKey, poster, POSTER_CONTENT_TYPE)
        yield* upload(usdzKey, model.usdz, USDZ_CONTENT_TYPE)
        if (!alreadyCurrent) yield* upload(modelKey, model.glb, GLB_CONTENT_TYPE)
      }).pipe(Effect.withSpan("worker.store", { attributes: { dishId, modelKey, usdzKey, version } }))
      yield* testPause(settings, "upload")
    }
    yield* advance(Progress.stored)

    // Only once the database points at the new model may the old one go.
    const replaced = yield* dbWrite(repo.markReady(dishId, { modelKey, usdzKey, version })).pipe(
      Effect.withSpan("worker.ready", { attributes: { dishId, modelKey, version } }),
    )
    if (Option.isNone(replaced)) return yield* new Superseded({ why: "a newer model version is already stored" })
    yield* publish("ready", Progress.ready)
    const { previousKey: previous, previousUsdzKey: previousUsdz } = replaced.value
    yield* deleteModels([
      ...(previous === null || previous === modelKey ? [] : withPoster(previous)),
      ...(previousUsdz === null || previousUsdz === usdzKey ? [] : [previousUsdz]),
    ])
    yield* cleanupUploads(ctx, { modelKey, usdzKey })
    yield* Metric.increment(AppMetrics.jobsProcessed)
    yield* Effect.logInfo("model ready").pipe(
      Effect.annotateLogs({ modelKey, version, triangles: model.stats.triangles, bytes: model.stats.bytes }),
    )
    return { result: "ready", modelKey, version } satisfies JobOutcome
  })

/** Another run got there first (or the dish is gone): keep what is current, drop what this job uploaded. */
const onSuperseded = (ctx: JobContext, why: string) =>
  Effect.gen(function* () {
    const repo = yield* ModelStatusRepo
    yield* Effect.logInfo("job superseded; leaving the dish as it is").pipe(Effect.annotateLogs({ why }))
    const current = yield* Effect.option(dbLoad(repo.load(ctx.dishId)))
    // Unsure what is current (database down): keep the blobs rather than risk deleting a live model.
    if (Option.isSome(current)) {
      yield* cleanupUploads(
        ctx,
        Option.getOrElse(current.value, () => noKeys),
      )
    }
    // The owner asked for a new model while this one was being built (their enqueue was ignored, since
    // this job held the id): run again, on the dish as it is now.
    if (Option.isSome(current) && Option.exists(current.value, (s) => s.modelStatus === "pending")) {
      return yield* new JobRetryable({ reason: OwnerReason.changedMeanwhile, detail: why })
    }
    return { result: "skipped", why } satisfies JobOutcome
  })

/**
 * Tells the owner the model waits for a service that is down, and since when (the job's first wait), so a
 * stalled progress bar has a reason. With the database down there is nowhere to write it: the log says it.
 */
const noteWaiting = (ctx: JobContext, down: DependencyDown) =>
  Effect.gen(function* () {
    if (down.service === "database") return
    const repo = yield* ModelStatusRepo
    const events = yield* Events
    const since = new Date(ctx.job.outageSince ?? (yield* Clock.currentTimeMillis))
    const noted = yield* dbWrite(repo.markWaiting(ctx.dishId, down.service, since)).pipe(
      Effect.catchAll((e) =>
        Effect.as(
          Effect.logWarning("could not note the wait on the dish").pipe(Effect.annotateLogs({ error: e.detail })),
          Option.none(),
        ),
      ),
    )
    // Once per outage: later waits of the same job change nothing the owner sees.
    if (Option.isSome(noted) && ctx.job.outageSince === null)
      yield* events.publishRestaurant(ctx.restaurantId, {
        type: "dish.progress",
        restaurantId: ctx.restaurantId,
        dishId: ctx.dishId,
        status: noted.value.modelStatus,
        progress: noted.value.modelProgress,
        waitingFor: down.service,
      })
  })

/** Rejected, or retryable on its last attempt: the dish is `failed` with a reason the owner can read. */
const onFailure = (ctx: JobContext, failure: JobFailure) =>
  Effect.gen(function* () {
    if (failure._tag === "DependencyDown") {
      yield* Effect.logWarning("a service the model job needs is down; the job waits and runs again").pipe(
        Effect.annotateLogs({ reason: failure.reason, detail: failure.detail }),
      )
      return yield* noteWaiting(ctx, failure)
    }
    const final = failure._tag === "JobRejected" || ctx.job.attemptsMade + 1 >= ctx.job.maxAttempts
    const log = Effect.annotateLogs({ reason: failure.reason, detail: failure.detail, final })
    yield* Metric.increment(Metric.tagged(AppMetrics.jobsFailed, "final", String(final)))
    if (!final) {
      yield* Effect.logWarning("model job attempt failed; it will be retried").pipe(log)
      return
    }
    yield* Effect.logError("model job failed").pipe(log)
    const repo = yield* ModelStatusRepo
    const events = yield* Events
    const marked = yield* dbWrite(repo.markFailed(ctx.dishId, failure.reason)).pipe(
      Effect.catchAll((e) =>
        Effect.as(
          Effect.logError("could not mark the dish failed").pipe(Effect.annotateLogs({ error: e.detail })),
          false,
        ),
      ),
    )
    if (marked)
      yield* events.publishRestaurant(ctx.restaurantId, {
        type: "dish.progress",
        restaurantId: ctx.restaurantId,
        dishId: ctx.dishId,
        status: "failed",
        progress: 0,
      })
    const current = yield* Effect.option(dbLoad(repo.load(ctx.dishId)))
    if (Option.isSome(current)) {
      yield* cleanupUploads(
        ctx,
        Option.getOrElse(current.value, () => noKeys),
      )
    }
  })

/** Waited on outages for WORKER_OUTAGE_MAX_WAIT_MS already: give up, so the owner hears about it. */
const outageOverdue = (
  job: ModelJob,
  settings: WorkerSettings,
  down: DependencyDown,
): Effect.Effect<never, DependencyDown | JobRejected> =>
  Effect.flatMap(
    Clock.currentTimeMillis,
    (now): Effect.Effect<never, DependencyDown | JobRejected> =>
      job.outageSince !== null && now - job.outageSince >= Duration.toMillis(settings.outageMaxWait)
        ? Effect.fail(new JobRejected({ reason: down.reason, detail: `still down after waiting: ${down.detail}` }))
        : Effect.fail(down),
  )

/** A payload that does not decode is never retried; if it names a dish, that dish is failed. */
const rejectMalformed = (job: ModelJob, error: ParseResult.ParseError) =>
  Effect.gen(function* () {
    const detail = ParseResult.TreeFormatter.formatErrorSync(error).slice(0, 1000)
    yield* Effect.logError("malformed model job").pipe(Effect.annotateLogs({ jobId: job.id, detail }))
    const named = Schema.decodeUnknownOption(Schema.Struct({ dishId: DishId }))(job.data)
    if (Option.isSome(named)) {
      const repo = yield* ModelStatusRepo
      yield* dbWrite(repo.markFailed(named.value.dishId, OwnerReason.malformedJob)).pipe(Effect.ignore)
    }
    return yield* new JobRejected({ reason: OwnerReason.malformedJob, detail })
  })

/**
 * One attempt of a model job: decode -> load the dish -> generating -> fetch photo (20) -> build (60) ->
 * validate (75) -> scan (85) -> store (95) -> ready (100) -> delete the replaced model. Fails with
 * `JobRejected` (never retry), `JobRetryable` (BullMQ retries; on the last attempt the dish is `failed`) or
 * `DependencyDown` (the consumer delays the job without spending an attempt).
 */
export const processModelJob = (job: ModelJob) =>
  Schema.decodeUnknown(ModelJobPayload)(job.data).pipe(
    Effect.catchTag("ParseError", (error) => rejectMalformed(job, error)),
    Effect.flatMap((payload) =>
      Effect.gen(function* () {
        const settings = yield* WorkerConfig
        const ctx: JobContext = {
          job,
          dishId: payload.dishId,
          restaurantId: payload.restaurantId,
          uploads: yield* Ref.make<ReadonlyArray<string>>([]),
        }
        return yield* generate(ctx).pipe(
          // The histogram is in seconds (OpenTelemetry's unit for durations).
          Metric.trackDuration(
            Metric.mapInput(AppMetrics.jobDuration, (d: Duration.Duration) => Duration.toSeconds(d)),
          ),
          Effect.timeoutFail({
            duration: settings.jobTimeout,
            onTimeout: () => new JobRetryable({ reason: OwnerReason.timedOut, detail: "job timeout" }),
          }),
          Effect.catchAllDefect((defect) =>
            Effect.fail(new JobRetryable({ reason: OwnerReason.unexpected, detail: String(defect) })),
          ),
          Effect.catchTag("Superseded", (s) => onSuperseded(ctx, s.why)),
          Effect.catchTag("DependencyDown", (down) => outageOverdue(job, settings, down)),
          Effect.tapError((failure) => onFailure(ctx, failure)),
          Effect.annotateLogs({ dishId: payload.dishId, jobId: job.id, attempt: job.attemptsMade + 1 }),
          Effect.withSpan("worker.job", {
            attributes: { dishId: payload.dishId, jobId: job.id, attempt: job.attemptsMade + 1 },
          }),
          continueTrace(payload.traceparent),
        )
      }),
    ),
  )
