import { Context, type Effect, Schema } from "effect"

// What Ardine needs from any image-to-3D service. Meshy is one implementation (meshy.ts); another provider
// (Tripo, Rodin) is one more file implementing this and one more case in the layer choice.

/** Why a provider call failed, as the failure policy needs it (retry, or fall back with a note). */
export const ProviderFailureKind = Schema.Literal(
  "unauthorized",
  "out-of-credits",
  "rate-limited",
  "unavailable",
  "rejected",
  "task-failed",
  "timed-out",
  "too-large",
  "unusable-model",
)
export type ProviderFailureKind = typeof ProviderFailureKind.Type

export class ProviderFailure extends Schema.TaggedError<ProviderFailure>()("ProviderFailure", {
  kind: ProviderFailureKind,
  detail: Schema.String,
}) {
  override get message() {
    return `${this.kind}: ${this.detail}`
  }
}

/** Only these can go better by waiting: the service said "later", or did not answer. */
export const isRetryable = (failure: ProviderFailure) =>
  failure.kind === "rate-limited" || failure.kind === "unavailable"

/** The remote task as every provider's status maps onto it. */
export type RemoteTask =
  | { readonly state: "running"; readonly progress: number }
  | { readonly state: "succeeded"; readonly modelUrl: string }
  | { readonly state: "failed"; readonly reason: string }

export interface ImageTo3dProvider {
  /** Stored with the task, so a resumed task is followed at the provider that created it. */
  readonly name: string
  /** Starts a task from the photo (sent inline: the photo store need not be public); its remote id. */
  readonly createTask: (photo: {
    readonly bytes: Uint8Array
    readonly mimeType: string
  }) => Effect.Effect<string, ProviderFailure>
  readonly getTask: (remoteId: string) => Effect.Effect<RemoteTask, ProviderFailure>
  /** The result file, refused as soon as it grows past `maxBytes`. */
  readonly download: (url: string, maxBytes: number) => Effect.Effect<Uint8Array, ProviderFailure>
}

export class ImageTo3d extends Context.Tag("@ardine/worker/ImageTo3d")<ImageTo3d, ImageTo3dProvider>() {}
