import type { createHash } from "node:crypto"
import { Config, Data, Effect, Option, Predicate, Redacted, Stream } from "effect"
import { type BucketKind, publicUrlFor, type StorageUrlSettings, storageUrlConfig } from "../StorageUrls.js"
import {
  BlobStorage,
  type ByteRange,
  type Download,
  InvalidObjectKey,
  type ObjectInfo,
  type ObjectNotFound,
  StorageUnavailable,
  type UploadOptions,
  type UploadResult,
} from "./contract.js"

/** What every driver shares: key checks, configuration, raw I/O failures, and the service built over a driver. */

// ---------------------------------------------------------------------------------------------- keys

export const MAX_KEY_LENGTH = 512

const keyProblem = (key: string): string | undefined => {
  if (key.length === 0) return "is empty"
  if (key.length > MAX_KEY_LENGTH) return `is longer than ${MAX_KEY_LENGTH} characters`
  if (key.startsWith("/")) return "starts with /"
  if (key.includes("..")) return "contains .."
  if (/[\\\p{Cc}]/u.test(key)) return "contains a backslash or a control character"
  // A filesystem would fold "a//b" and "a/./b" into "a/b", so two keys could name one file.
  if (key.split("/").some((segment) => segment === "" || segment === ".")) return "has an empty or . path segment"
  return undefined
}

const validateKey = (key: string): Effect.Effect<void, InvalidObjectKey> => {
  const reason = keyProblem(key)
  return reason === undefined ? Effect.void : Effect.fail(new InvalidObjectKey({ key, reason }))
}

// A prefix is a key's folder: it ends with "/" (so "a/" never takes "a-b/..." with it) and is never empty
// (so no call can empty a whole bucket).
const validatePrefix = (prefix: string): Effect.Effect<void, InvalidObjectKey> => {
  const reason = prefix.endsWith("/") ? keyProblem(prefix.slice(0, -1)) : "does not end with /"
  return reason === undefined ? Effect.void : Effect.fail(new InvalidObjectKey({ key: prefix, reason }))
}

export type Settings = StorageUrlSettings
export const SettingsConfig = storageUrlConfig

// `VAR=` (common in compose files) means unset.
export const optionalString = (name: string) =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((s) => s.trim() !== "")))
export const optionalRedacted = (name: string) =>
  Config.option(Config.redacted(name)).pipe(Config.map(Option.filter((r) => Redacted.value(r).trim() !== "")))

// ---------------------------------------------------------------------------------------------- shared core

// Raw failure of one I/O call, before it is mapped to a public error.
export class Failure extends Data.TaggedError("Failure")<{
  readonly operation: string
  readonly code: string
  readonly status: number | undefined
  readonly detail: string
}> {}

export const failure =
  (operation: string) =>
  (cause: unknown): Failure => {
    const metadata = Predicate.hasProperty(cause, "$metadata") ? cause.$metadata : undefined
    const status =
      Predicate.hasProperty(metadata, "httpStatusCode") && typeof metadata.httpStatusCode === "number"
        ? metadata.httpStatusCode
        : undefined
    const code =
      Predicate.hasProperty(cause, "code") && typeof cause.code === "string"
        ? cause.code
        : cause instanceof Error
          ? cause.name
          : "Unknown"
    const detail = cause instanceof Error ? cause.message : String(cause)
    return new Failure({ operation, code, status, detail })
  }

export const attempt = <A>(operation: string, f: (signal: AbortSignal) => Promise<A>): Effect.Effect<A, Failure> =>
  Effect.tryPromise({ try: f, catch: failure(operation) })

export const unavailable = (f: Failure) =>
  new StorageUnavailable({
    operation: f.operation,
    reason: `${f.code}${f.status === undefined ? "" : ` (HTTP ${f.status})`}${f.detail && f.detail !== f.code ? `: ${f.detail}` : ""}`,
  })

export type Body<E> = Uint8Array | Stream.Stream<Uint8Array, E>

// What differs between stores. Buckets are real names, keys already validated, ranges already clamped.
export interface Driver {
  readonly put: <E>(
    bucket: string,
    key: string,
    body: Body<E>,
    options: UploadOptions,
  ) => Effect.Effect<UploadResult, StorageUnavailable | E>
  readonly head: (bucket: string, key: string) => Effect.Effect<ObjectInfo, ObjectNotFound | StorageUnavailable>
  /** `range` undefined means the whole object; `info` is what head returned, to detect a concurrent overwrite. */
  readonly read: (
    bucket: string,
    key: string,
    info: ObjectInfo,
    range: ByteRange | undefined,
  ) => Stream.Stream<Uint8Array, StorageUnavailable>
  readonly remove: (bucket: string, key: string) => Effect.Effect<void, StorageUnavailable>
  /** Keys under a validated prefix (ending with "/"), in any order. */
  readonly list: (bucket: string, prefix: string) => Effect.Effect<ReadonlyArray<string>, StorageUnavailable>
  /** Removes every object under a validated prefix, with whatever the store keeps beside them. */
  readonly removeUnder: (bucket: string, prefix: string) => Effect.Effect<void, StorageUnavailable>
  readonly bucketExists: (bucket: string) => Effect.Effect<boolean, StorageUnavailable>
  readonly createBucket: (bucket: string) => Effect.Effect<void, StorageUnavailable>
}

export const md5Etag = (hash: ReturnType<typeof createHash>) => `"${hash.digest("hex")}"`

export const withCacheControl = <A extends object>(
  value: A,
  cacheControl: string | undefined,
): A & { cacheControl?: string } =>
  cacheControl === undefined || cacheControl === "" ? value : { ...value, cacheControl }

// Everything that is the same for every store: bucket names, key checks, spans, ranges, exists, ensureBuckets, URLs.
export const make = (driver: Driver, settings: Settings): BlobStorage["Type"] => {
  const nameOf = (bucket: BucketKind) => settings.buckets[bucket]

  const onObject = <A, E>(method: string, bucket: BucketKind, key: string, f: (name: string) => Effect.Effect<A, E>) =>
    validateKey(key).pipe(
      Effect.zipRight(Effect.suspend(() => f(nameOf(bucket)))),
      Effect.withSpan(`BlobStorage.${method}`, { attributes: { bucket: nameOf(bucket), key } }),
    )

  return BlobStorage.of({
    upload: (bucket, key, body, options) =>
      onObject("upload", bucket, key, (name) => driver.put(name, key, body, options)),

    head: (bucket, key) => onObject("head", bucket, key, (name) => driver.head(name, key)),

    download: (bucket, key, options) =>
      onObject("download", bucket, key, (name) =>
        Effect.map(driver.head(name, key), (info): Download => {
          const requested = options?.range
          const start = requested === undefined ? 0 : Math.max(0, Math.ceil(requested.start))
          const end = requested === undefined ? info.size - 1 : Math.min(info.size - 1, Math.floor(requested.end))
          const stream =
            requested !== undefined && !(start <= end)
              ? Stream.empty
              : driver.read(name, key, info, requested === undefined ? undefined : { start, end })
          return {
            info,
            stream: stream.pipe(Stream.withSpan("BlobStorage.download.stream", { attributes: { bucket: name, key } })),
          }
        }),
      ),

    delete: (bucket, key) => onObject("delete", bucket, key, (name) => driver.remove(name, key)),

    keysUnder: (bucket, prefix) =>
      validatePrefix(prefix).pipe(
        Effect.zipRight(Effect.suspend(() => driver.list(nameOf(bucket), prefix))),
        Effect.map((keys) => [...keys].sort()),
        Effect.withSpan("BlobStorage.keysUnder", { attributes: { bucket: nameOf(bucket), prefix } }),
      ),

    deleteByPrefix: (bucket, prefix) =>
      validatePrefix(prefix).pipe(
        Effect.zipRight(Effect.suspend(() => driver.removeUnder(nameOf(bucket), prefix))),
        Effect.withSpan("BlobStorage.deleteByPrefix", { attributes: { bucket: nameOf(bucket), prefix } }),
      ),

    exists: (bucket, key) =>
      onObject("exists", bucket, key, (name) =>
        driver.head(name, key).pipe(
          Effect.as(true),
          Effect.catchTag("ObjectNotFound", () => Effect.succeed(false)),
        ),
      ),

    bucketExists: (bucket) =>
      driver
        .bucketExists(nameOf(bucket))
        .pipe(Effect.withSpan("BlobStorage.bucketExists", { attributes: { bucket: nameOf(bucket) } })),

    ensureBuckets: Effect.forEach(
      [...new Set([settings.buckets.images, settings.buckets.models])],
      (name) =>
        driver.bucketExists(name).pipe(Effect.flatMap((exists) => (exists ? Effect.void : driver.createBucket(name)))),
      { discard: true },
    ).pipe(
      Effect.withSpan("BlobStorage.ensureBuckets", {
        attributes: { buckets: `${settings.buckets.images},${settings.buckets.models}` },
      }),
    ),

    publicUrl: (bucket, key) => publicUrlFor(settings, bucket, key),
  })
}
