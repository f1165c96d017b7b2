import type { ProviderFailureKind } from "./provider.js"

// What the owner reads beside a dish whose photoreal model could not be made: plain words, no internals.

const why: Record<ProviderFailureKind, string> = {
  unauthorized: "the provider refused Ardine's API key",
  "out-of-credits": "out of credits",
  "rate-limited": "the provider was too busy",
  unavailable: "the provider was unavailable",
  rejected: "the provider refused this photo",
  "task-failed": "the provider could not make a model from this photo",
  "timed-out": "the provider took too long",
  "too-large": "the provider's file was too large",
  "unusable-model": "the provider's model did not pass Ardine's checks",
}

export const fallbackNote = (kind: ProviderFailureKind) =>
  `photoreal model failed: ${why[kind]} — showing the built model`

export const noProviderNote =
  "photoreal model unavailable: no image-to-3D service is set up on this server — showing the built model"

export const overCapNote = (cap: number) =>
  `photoreal model skipped: this month's ${cap} photoreal models are used — showing the built model`
