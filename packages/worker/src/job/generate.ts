import { AppMetrics, type DishModelState, Events, ModelQueue, ModelStatusRepo } from "@ardine/infra"
import { Effect, Metric, Option } from "effect"
import { pausesAfter, type TestPausePoint, WorkerConfig, type WorkerSettings } from "../config.js"
import { JobRejected, JobRetryable, OwnerReason } from "../errors.js"
import { PhotorealConfig } from "../photoreal/config.js"
import { dbLoad, dbWrite } from "./database.js"
import { type JobContext, type JobOutcome, Progress, Superseded } from "./model-job.js"
import { build, fetchPhoto, scan, validate } from "./steps.js"
import { cleanupUploads, deleteReplaced, noKeys, storeModel } from "./store.js"

/** WORKER_TEST_PAUSE_AFTER (tests only): hold the job at `point` so a test can kill the process right there. */
const testPause = (settings: WorkerSettings, point: TestPausePoint) =>
  pausesAfter(settings, point)
    ? Effect.zipRight(
        Effect.logWarning(`test pause after ${point} (WORKER_TEST_PAUSE_AFTER)`),
        Effect.sleep(settings.testPauseMs),
      )
    : Effect.void

/** The job's steps, from loading the dish to `ready`; failures are the caller's to classify. */
export const generate = (ctx: JobContext) =>
  Effect.gen(function* () {
    const repo = yield* ModelStatusRepo
    const events = yield* Events
    const settings = yield* WorkerConfig
    const photoreal = yield* PhotorealConfig
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
    // The API queues a photoreal dish's job on the photoreal queue; one that still reaches the builder's (the
    // choice changed after it was queued, or the reconciler re-queued it) is handed over, so builder jobs
    // never wait behind minutes of provider time.
    if (state.modelKind === "photoreal" && ctx.job.lane === "builder" && Option.isSome(photoreal.provider)) {
      yield* Effect.flatMap(ModelQueue, (queue) => queue.enqueue(ctx.payload, "photoreal")).pipe(
        Effect.mapError((e) => new JobRetryable({ reason: "the job queue was unavailable", detail: e.reason })),
      )
      return { result: "skipped", why: "handed to the photoreal queue" } satisfies JobOutcome
    }

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
    const { geometry, modelKind: kind } = state
    // A provider's progress (0-100) is shown between the photo fetched and the model built.
    const providerProgress = (percent: number) =>
      advance(Math.round(Progress.fetched + ((Progress.built - Progress.fetched) * percent) / 100))
    const { model, poster } = yield* build({
      dishId,
      restaurantId,
      basedOn,
      geometry,
      photo,
      kind,
      onProgress: providerProgress,
    })
    yield* advance(Progress.built)
    yield* validate(dishId, model.glb)
    yield* advance(Progress.validated)
    yield* scan(dishId, model.glb)
    yield* scan(dishId, model.usdz)
    yield* advance(Progress.scanned)

    const stored = yield* storeModel(
      ctx,
      { dishId, restaurantId, basedOn, modelKey: state.modelKey, usdzKey: state.usdzKey },
      { glb: model.glb, usdz: model.usdz, poster },
    )
    if (stored.uploaded) yield* testPause(settings, "upload")
    yield* advance(Progress.stored)
    const { modelKey, usdzKey, version } = stored

    // Only once the database points at the new model may the old one go.
    const replaced = yield* dbWrite(
      repo.markReady(dishId, { modelKey, usdzKey, version, source: model.source, note: model.note }),
    ).pipe(Effect.withSpan("worker.ready", { attributes: { dishId, modelKey, version } }))
    if (Option.isNone(replaced)) return yield* new Superseded({ why: "a newer model version is already stored" })
    yield* publish("ready", Progress.ready)
    yield* deleteReplaced(replaced.value, { modelKey, usdzKey })
    yield* cleanupUploads(ctx, { modelKey, usdzKey })
    yield* Metric.increment(AppMetrics.jobsProcessed)
    yield* Effect.logInfo("model ready").pipe(
      Effect.annotateLogs({
        modelKey,
        version,
        source: model.source,
        triangles: model.stats.triangles,
        bytes: model.stats.bytes,
      }),
    )
    return { result: "ready", modelKey, version } satisfies JobOutcome
  })
