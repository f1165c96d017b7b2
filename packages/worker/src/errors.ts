import { Schema } from "effect"

/** What the owner reads on a failed dish: plain words, no internals. */
export const OwnerReason = {
  malformedJob: "the model request was invalid; regenerate the model",
  noPhoto: "the dish has no photo to build a model from",
  badGeometry: "the dish's shape description is missing or invalid; edit it and regenerate the model",
  photoUnreadable: "the photo could not be read",
  buildFailed: "the 3D model could not be built from this dish's shape",
  validationFailed: "the model failed validation",
  infected: "the generated model was flagged by the malware scanner",
  scannerUnavailable: "the malware scanner was unavailable",
  scannerRefused: "the malware scanner could not check the model",
  storageUnavailable: "the file storage was unavailable",
  databaseUnavailable: "the database was unavailable",
  timedOut: "generating the model took too long",
  unexpected: "an unexpected error stopped the model generation",
  changedMeanwhile: "the dish kept changing while its model was being built; regenerate the model",
} as const

/** Deterministic: another attempt would fail the same way, so the job fails at once (BullMQ UnrecoverableError). */
export class JobRejected extends Schema.TaggedError<JobRejected>()("JobRejected", {
  reason: Schema.String,
  detail: Schema.String,
}) {
  override get message() {
    return `${this.reason} (${this.detail})`
  }
}

/** Something was down or slow: BullMQ retries with the job's backoff; the last attempt fails the dish. */
export class JobRetryable extends Schema.TaggedError<JobRetryable>()("JobRetryable", {
  reason: Schema.String,
  detail: Schema.String,
}) {
  override get message() {
    return `${this.reason} (${this.detail})`
  }
}

/**
 * A service the job needs (scanner, storage, database) is down. Not the job's fault: it waits for the service
 * without spending an attempt (the consumer delays it with a capped backoff), up to WORKER_OUTAGE_MAX_WAIT_MS.
 */
export class DependencyDown extends Schema.TaggedError<DependencyDown>()("DependencyDown", {
  service: Schema.Literal("scanner", "storage", "database"),
  reason: Schema.String,
  detail: Schema.String,
}) {
  override get message() {
    return `${this.reason} (${this.detail})`
  }
}

export type JobFailure = JobRejected | JobRetryable | DependencyDown
