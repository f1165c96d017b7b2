import { Context, type Effect, Schema, type Stream } from "effect"
import type { BucketKind } from "../StorageUrls.js"

export interface UploadOptions {
  readonly contentType: string
  readonly cacheControl?: string
}

export interface UploadResult {
  /** Quoted, as S3 returns it. For a single-part upload it is the MD5 of the bytes. */
  readonly etag: string
  readonly size: number
}

export interface ObjectInfo {
  readonly size: number
  readonly contentType: string
  readonly etag: string
  readonly lastModified: Date
  /** Present when the object was uploaded with one; lets a proxy serve it with the same header. */
  readonly cacheControl?: string
}

/** Inclusive byte offsets, like an HTTP Range header. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

export interface DownloadOptions {
  /** Clamped to the object: `[start, end] ∩ [0, size - 1]`; an empty intersection yields an empty stream. */
  readonly range?: ByteRange
}

export interface Download {
  /** The whole object's info (size is the full size even for a range). */
  readonly info: ObjectInfo
  /** Lazy: nothing is fetched until it runs, and it releases its connection or file when it ends or is interrupted. */
  readonly stream: Stream.Stream<Uint8Array, StorageUnavailable>
}

export class StorageUnavailable extends Schema.TaggedError<StorageUnavailable>()("StorageUnavailable", {
  operation: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return `blob storage ${this.operation} failed: ${this.reason}`
  }
}

export class ObjectNotFound extends Schema.TaggedError<ObjectNotFound>()("ObjectNotFound", {
  bucket: Schema.String,
  key: Schema.String,
}) {
  override get message() {
    return `no object "${this.key}" in bucket "${this.bucket}"`
  }
}

export class InvalidObjectKey extends Schema.TaggedError<InvalidObjectKey>()("InvalidObjectKey", {
  key: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return `invalid object key "${this.key.slice(0, 80)}": ${this.reason}`
  }
}

export class BlobStorage extends Context.Tag("@ardine/BlobStorage")<
  BlobStorage,
  {
    /** A stream is read once, so a failed streamed upload is not retried; bytes are. */
    readonly upload: <E = never>(
      bucket: BucketKind,
      key: string,
      body: Uint8Array | Stream.Stream<Uint8Array, E>,
      options: UploadOptions,
    ) => Effect.Effect<UploadResult, StorageUnavailable | InvalidObjectKey | E>
    readonly head: (
      bucket: BucketKind,
      key: string,
    ) => Effect.Effect<ObjectInfo, ObjectNotFound | StorageUnavailable | InvalidObjectKey>
    readonly download: (
      bucket: BucketKind,
      key: string,
      options?: DownloadOptions,
    ) => Effect.Effect<Download, ObjectNotFound | StorageUnavailable | InvalidObjectKey>
    /** Deleting a missing key succeeds. */
    readonly delete: (bucket: BucketKind, key: string) => Effect.Effect<void, StorageUnavailable | InvalidObjectKey>
    /**
     * Every key under `prefix` (which ends with "/": `a/` never matches `a-b/`), sorted. For tests and clean-ups
     * of one dish or restaurant, not for listing a whole bucket.
     */
    readonly keysUnder: (
      bucket: BucketKind,
      prefix: string,
    ) => Effect.Effect<ReadonlyArray<string>, StorageUnavailable | InvalidObjectKey>
    /** Deletes everything under `prefix` (which ends with "/"); nothing there is fine. */
    readonly deleteByPrefix: (
      bucket: BucketKind,
      prefix: string,
    ) => Effect.Effect<void, StorageUnavailable | InvalidObjectKey>
    readonly exists: (bucket: BucketKind, key: string) => Effect.Effect<boolean, StorageUnavailable | InvalidObjectKey>
    readonly bucketExists: (bucket: BucketKind) => Effect.Effect<boolean, StorageUnavailable>
    /** Creates both buckets if missing; idempotent. */
    readonly ensureBuckets: Effect.Effect<void, StorageUnavailable>
    /** `STORAGE_PUBLIC_URL/<bucket name>/<key>`, each key segment percent-encoded. */
    readonly publicUrl: (bucket: BucketKind, key: string) => string
  }
>() {}
