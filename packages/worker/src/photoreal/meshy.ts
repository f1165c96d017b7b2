import { Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { PhotorealConfig } from "./config.js"
import {
  ImageTo3d,
  type ImageTo3dProvider,
  ProviderFailure,
  type ProviderFailureKind,
  type RemoteTask,
} from "./provider.js"

// Meshy's image-to-3D API, v2 (docs.meshy.ai/api/v2): POST /openapi/v2/image-to-3d returns the task object;
// GET /openapi/v2/tasks/{id} follows it (PENDING -> IN_PROGRESS -> SUCCEEDED | FAILED; CANCELED is final
// too); the GLB is at output.model_urls.glb. Errors, of a request or of a task, carry `message` (and, in v2,
// `type` and `code`).

const MeshyError = Schema.Struct({
  message: Schema.String,
  type: Schema.optional(Schema.String),
  code: Schema.optional(Schema.String),
})

/** The fields of Meshy's task object Ardine reads; the rest (timestamps, credits, input) are ignored. */
export const MeshyTask = Schema.Struct({
  id: Schema.String,
  status: Schema.Literal("PENDING", "IN_PROGRESS", "SUCCEEDED", "FAILED", "CANCELED"),
  progress: Schema.Number,
  task_error: Schema.optional(Schema.NullOr(MeshyError)),
  output: Schema.optional(
    Schema.NullOr(
      Schema.Struct({ model_urls: Schema.optional(Schema.Struct({ glb: Schema.optional(Schema.String) })) }),
    ),
  ),
})
export type MeshyTask = typeof MeshyTask.Type

/** HTTP status to what the failure policy does with it (Meshy: 400, 401, 402, 404, 429, 5xx). */
const kindOfStatus = (status: number): ProviderFailureKind => {
  if (status === 401 || status === 403) return "unauthorized"
  if (status === 402) return "out-of-credits"
  if (status === 429) return "rate-limited"
  if (status >= 500) return "unavailable"
  return "rejected"
}

const toRemoteTask = (task: MeshyTask): RemoteTask => {
  switch (task.status) {
    case "SUCCEEDED": {
      const url = task.output?.model_urls?.glb
      return url === undefined
        ? { state: "failed", reason: "succeeded without a GLB" }
        : { state: "succeeded", modelUrl: url }
    }
    case "FAILED":
    case "CANCELED":
      return { state: "failed", reason: task.task_error?.message ?? task.status.toLowerCase() }
    default:
      return { state: "running", progress: Math.max(0, Math.min(100, Math.round(task.progress))) }
  }
}

/** An error body's code and message, for the logs (the owner reads the mapped note instead). */
const describeError = (body: unknown) =>
  Option.match(Schema.decodeUnknownOption(MeshyError)(body), {
    onNone: () => "(no error body)",
    onSome: (error) => `${error.code ?? error.type ?? ""} ${error.message}`.trim(),
  })

const REQUEST_TIMEOUT = Duration.seconds(30)

export const makeMeshyProvider = (settings: { readonly apiKey: Redacted.Redacted; readonly baseUrl: string }) => {
  const call = (path: string, init: RequestInit) =>
    Effect.tryPromise({
      try: (signal) =>
        fetch(new URL(path, settings.baseUrl), {
          ...init,
          signal: AbortSignal.any([signal, AbortSignal.timeout(Duration.toMillis(REQUEST_TIMEOUT))]),
          headers: {
            ...init.headers,
            authorization: `Bearer ${Redacted.value(settings.apiKey)}`,
            accept: "application/json",
          },
        }),
      catch: (e) => new ProviderFailure({ kind: "unavailable", detail: `${path}: ${String(e)}` }),
    }).pipe(
      Effect.flatMap((response) =>
        Effect.tryPromise({
          try: () => response.json() as Promise<unknown>,
          catch: (e) =>
            new ProviderFailure({
              kind: response.ok ? "unavailable" : kindOfStatus(response.status),
              detail: `${path}: ${response.status}, body is not JSON (${String(e)})`,
            }),
        }).pipe(
          Effect.flatMap((body) =>
            response.ok
              ? Schema.decodeUnknown(MeshyTask)(body).pipe(
                  Effect.mapError(
                    (e) =>
                      new ProviderFailure({ kind: "unavailable", detail: `${path}: unexpected task ${e.message}` }),
                  ),
                )
              : Effect.fail(
                  new ProviderFailure({
                    kind: kindOfStatus(response.status),
                    detail: `${path}: ${response.status} ${describeError(body)}`,
                  }),
                ),
          ),
        ),
      ),
    )

  const provider: ImageTo3dProvider = {
    name: "meshy",
    createTask: (photo) =>
      call("/openapi/v2/image-to-3d", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          image_url: `data:${photo.mimeType};base64,${Buffer.from(photo.bytes).toString("base64")}`,
        }),
      }).pipe(
        Effect.map((task) => task.id),
        Effect.withSpan("Meshy.createTask"),
      ),
    getTask: (remoteId) =>
      call(`/openapi/v2/tasks/${encodeURIComponent(remoteId)}`, { method: "GET" }).pipe(
        Effect.map(toRemoteTask),
        Effect.withSpan("Meshy.getTask", { attributes: { remoteId } }),
      ),
    download: (url, maxBytes) => downloadCapped(url, maxBytes).pipe(Effect.withSpan("Meshy.download")),
  }
  return provider
}

/** Reads a response body up to `maxBytes`; the connection is dropped as soon as it would pass the cap. */
export const downloadCapped = (url: string, maxBytes: number) =>
  Effect.tryPromise({
    try: async (signal) => {
      const response = await fetch(url, { signal, redirect: "follow" })
      if (!response.ok || response.body === null) {
        return { failure: kindOfStatus(response.status), detail: `download: ${response.status}` } as const
      }
      const declared = Number(response.headers.get("content-length") ?? "0")
      if (declared > maxBytes) {
        await response.body.cancel()
        return { failure: "too-large", detail: `declared ${declared} bytes` } as const
      }
      const chunks: Uint8Array[] = []
      let total = 0
      for await (const chunk of response.body) {
        total += chunk.byteLength
        if (total > maxBytes) return { failure: "too-large", detail: `over ${maxBytes} bytes` } as const
        chunks.push(chunk)
      }
      return { bytes: new Uint8Array(Buffer.concat(chunks)) } as const
    },
    catch: (e) => new ProviderFailure({ kind: "unavailable", detail: `download: ${String(e)}` }),
  }).pipe(
    Effect.flatMap((result) =>
      "bytes" in result
        ? Effect.succeed(result.bytes)
        : Effect.fail(new ProviderFailure({ kind: result.failure, detail: result.detail })),
    ),
  )

/** The provider named by MODEL_PROVIDER=meshy, with MESHY_API_KEY and MESHY_BASE_URL. */
export const MeshyProviderLive = Layer.effect(
  ImageTo3d,
  Effect.map(PhotorealConfig, (settings) =>
    makeMeshyProvider({ apiKey: settings.meshyApiKey, baseUrl: settings.meshyBaseUrl }),
  ),
)
