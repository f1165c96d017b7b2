import type { DishId, RestaurantId } from "@ardine/domain"
import { PhotorealTasksRepo, photorealPollSchedule, photorealProviderRetry } from "@ardine/infra"
import { Effect, Schedule, Schema } from "effect"
import sharp from "sharp"
import { buildUsdzFromGlb, footprintOf, validateGlb } from "../builder/index.js"
import { dbWrite } from "../job/database.js"
import { scan } from "../job/steps.js"
import { PhotorealConfig } from "./config.js"
import { fitProviderModel } from "./fit-to-dish.js"
import { buildModel, type GeneratedModel, type GenerateRequest, type ModelGeneratorService } from "./ModelGenerator.js"
import { fallbackNote, overCapNote } from "./notes.js"
import { ImageTo3d, isRetryable, ProviderFailure, ProviderFailureKind, type RemoteTask } from "./provider.js"
import { UnusableModel } from "./untrusted-glb.js"

// The photoreal path: reserve (or find) the dish version's remote task, create it from the photo, follow it,
// download the GLB and make it a dish model. Whatever fails after the retries that make sense, the dish
// gets the built model and the owner a note saying why.

/** Failures after which the remote task is finished for good (following it again would pay for nothing). */
const terminal: ReadonlySet<ProviderFailureKind> = new Set(["task-failed", "timed-out", "too-large", "unusable-model"])

const unusable = (e: unknown) =>
  new ProviderFailure({ kind: "unusable-model", detail: e instanceof UnusableModel ? e.message : String(e) })

export const makePhotorealPath = Effect.gen(function* () {
  const settings = yield* PhotorealConfig
  const provider = yield* ImageTo3d
  const tasks = yield* PhotorealTasksRepo
  const retrying = <A>(call: Effect.Effect<A, ProviderFailure>) =>
    call.pipe(Effect.retry({ schedule: photorealProviderRetry(settings.retryBase), while: isRetryable }))

  /** Polls until the task ends, reporting its progress; fails `timed-out` past PHOTOREAL_TASK_TIMEOUT_MS. */
  const follow = <E>(remoteId: string, onProgress: (percent: number) => Effect.Effect<void, E>) =>
    retrying(provider.getTask(remoteId)).pipe(
      Effect.tap((task) => (task.state === "running" ? onProgress(task.progress) : Effect.void)),
      Effect.repeat({
        // Passed through, so the repeat ends with the last task seen rather than the count of polls.
        schedule: Schedule.identity<RemoteTask>().pipe(Schedule.zipLeft(photorealPollSchedule(settings.pollInterval))),
        while: (task) => task.state === "running",
      }),
      Effect.timeoutFail({
        duration: settings.taskTimeout,
        onTimeout: () => new ProviderFailure({ kind: "timed-out", detail: `${remoteId} still running` }),
      }),
      Effect.flatMap((task) =>
        task.state === "succeeded"
          ? Effect.succeed(task.modelUrl)
          : Effect.fail(
              new ProviderFailure({ kind: "task-failed", detail: task.state === "failed" ? task.reason : "running" }),
            ),
      ),
    )

  /** The provider's file as a dish model that keeps every promise a built one keeps, or `unusable-model`. */
  const toDishModel = (glbBytes: Uint8Array, request: GenerateRequest<unknown>) =>
    Effect.tryPromise({
      try: async (): Promise<GeneratedModel> => {
        const fitted = await fitProviderModel(glbBytes, footprintOf(request.geometry))
        const report = await validateGlb(fitted.glb)
        if (report.numErrors > 0) {
          throw new UnusableModel("unreadable", report.messages.find((m) => m.severity === 0)?.code ?? "invalid")
        }
        const { usdz } = await buildUsdzFromGlb(fitted.glb)
        return { glb: fitted.glb, usdz, stats: fitted.stats, source: "photoreal", note: null }
      },
      catch: unusable,
    }).pipe(Effect.withSpan("ModelGenerator.fitProviderModel"))

  const photoMimeType = (photo: Uint8Array) =>
    Effect.promise(() => sharp(photo).metadata()).pipe(
      Effect.map((meta) =>
        meta.format === "png" ? "image/png" : meta.format === "webp" ? "image/webp" : "image/jpeg",
      ),
    )

  const photoreal = <E>(request: GenerateRequest<E>, taskId: number, remoteTaskId: string | null) =>
    Effect.gen(function* () {
      let remoteId = remoteTaskId
      if (remoteId === null) {
        const mimeType = yield* photoMimeType(request.photo)
        const created = yield* retrying(provider.createTask({ bytes: request.photo, mimeType })).pipe(
          Effect.tapError(() => dbWrite(tasks.release(taskId))),
        )
        yield* dbWrite(tasks.setRemoteTaskId(taskId, created))
        remoteId = created
      }
      yield* Effect.annotateCurrentSpan({ remoteId })
      const url = yield* follow(remoteId, request.onProgress)
      const bytes = yield* retrying(provider.download(url, settings.maxDownloadBytes))
      const model = yield* toDishModel(bytes, request)
      // Flagged, it is not stored: the built model (scanned by the job like any) takes its place.
      yield* scan(request.dishId, model.glb).pipe(
        Effect.zipRight(scan(request.dishId, model.usdz)),
        Effect.catchTag("JobRejected", (rejected) =>
          Effect.fail(new ProviderFailure({ kind: "unusable-model", detail: `scanner: ${rejected.detail}` })),
        ),
      )
      yield* dbWrite(tasks.finish(taskId, { state: "succeeded" }))
      return model
    })

  const fallBack = (request: GenerateRequest<unknown>, note: string) =>
    Effect.logWarning("photoreal model not made; storing the built model").pipe(
      Effect.annotateLogs({ dishId: request.dishId, note }),
      Effect.zipRight(buildModel(request.geometry, request.photo, note)),
    )

  const generate: ModelGeneratorService["generate"] = (request) =>
    Effect.gen(function* () {
      if (request.kind === "built") return yield* buildModel(request.geometry, request.photo)
      const key = taskKey(request.restaurantId, request.dishId, request.basedOn, provider.name)
      const reservation = yield* dbWrite(tasks.reserve(key, settings.monthlyCap))
      if (reservation._tag === "OverCap") return yield* fallBack(request, overCapNote(settings.monthlyCap))
      const { task } = reservation
      if (task.state === "failed") {
        return yield* fallBack(request, fallbackNote(narrowKind(task.failureKind)))
      }
      return yield* photoreal(request, task.id, task.remoteTaskId).pipe(
        // By class, not tag: the progress callback's own failures (generic here) pass through untouched.
        Effect.catchIf(
          (e): e is ProviderFailure => e instanceof ProviderFailure,
          (failure) =>
            Effect.gen(function* () {
              if (terminal.has(failure.kind)) {
                yield* dbWrite(tasks.finish(task.id, { state: "failed", failureKind: failure.kind }))
              }
              yield* Effect.logWarning("photoreal provider failed").pipe(
                Effect.annotateLogs({ kind: failure.kind, detail: failure.detail }),
              )
              return yield* fallBack(request, fallbackNote(failure.kind))
            }),
        ),
      )
    }).pipe(Effect.withSpan("ModelGenerator.generate", { attributes: { dishId: request.dishId, kind: request.kind } }))

  return { generate } satisfies ModelGeneratorService
})

const taskKey = (restaurantId: RestaurantId, dishId: DishId, modelVersion: number, provider: string) => ({
  restaurantId,
  dishId,
  modelVersion,
  provider,
})

const narrowKind = (kind: string | null): ProviderFailureKind =>
  Schema.is(ProviderFailureKind)(kind) ? kind : "task-failed"
