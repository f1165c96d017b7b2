/**
 * Blob storage for dish photos and 3D models: one service, three layers.
 *
 * - `BlobStorageS3`: any S3-compatible store (AWS S3, MinIO, Ceph RGW, GCS HMAC, S3 gateways).
 * - `BlobStorageFileSystem`: plain files under `STORAGE_DIR`, the embedded default for one machine.
 * - `BlobStorageMemory`: for unit tests.
 * - `BlobStorageLive`: S3 when `S3_ENDPOINT` or `S3_ACCESS_KEY` is set, the filesystem otherwise.
 *
 * Keys are checked before any I/O: an unsafe key fails with `InvalidObjectKey` on every layer, so a key that
 * works in tests works in production and can never climb out of its bucket directory.
 */

import { createHash, randomBytes } from "node:crypto"
import { createReadStream, type Stats } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Readable } from "node:stream"
import type { S3Client } from "@aws-sdk/client-s3"
import * as NodeStream from "@effect/platform-node/NodeStream"
import {
  Chunk,
  Clock,
  Config,
  type ConfigError,
  Context,
  Data,
  Effect,
  Layer,
  Option,
  Predicate,
  Redacted,
  Ref,
  Schedule,
  Schema,
  Stream,
} from "effect"
import { positiveInt } from "./configValues.js"
import { type BucketKind, publicUrlFor, type StorageUrlSettings, storageUrlConfig } from "./StorageUrls.js"

// ---------------------------------------------------------------------------------------------- model

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

type Settings = StorageUrlSettings
const SettingsConfig = storageUrlConfig

// `VAR=` (common in compose files) means unset.
const optionalString = (name: string) =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((s) => s.trim() !== "")))
const optionalRedacted = (name: string) =>
  Config.option(Config.redacted(name)).pipe(Config.map(Option.filter((r) => Redacted.value(r).trim() !== "")))

// ---------------------------------------------------------------------------------------------- shared core

// Raw failure of one I/O call, before it is mapped to a public error.
class Failure extends Data.TaggedError("Failure")<{
  readonly operation: string
  readonly code: string
  readonly status: number | undefined
  readonly detail: string
}> {}

const failure =
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

const attempt = <A>(operation: string, f: (signal: AbortSignal) => Promise<A>): Effect.Effect<A, Failure> =>
  Effect.tryPromise({ try: f, catch: failure(operation) })

const unavailable = (f: Failure) =>
  new StorageUnavailable({
    operation: f.operation,
    reason: `${f.code}${f.status === undefined ? "" : ` (HTTP ${f.status})`}${f.detail && f.detail !== f.code ? `: ${f.detail}` : ""}`,
  })

type Body<E> = Uint8Array | Stream.Stream<Uint8Array, E>

// What differs between stores. Buckets are real names, keys already validated, ranges already clamped.
interface Driver {
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

const md5Etag = (hash: ReturnType<typeof createHash>) => `"${hash.digest("hex")}"`

const withCacheControl = <A extends object>(
  value: A,
  cacheControl: string | undefined,
): A & { cacheControl?: string } =>
  cacheControl === undefined || cacheControl === "" ? value : { ...value, cacheControl }

// Everything that is the same for every store: bucket names, key checks, spans, ranges, exists, ensureBuckets, URLs.
const make = (driver: Driver, settings: Settings): BlobStorage["Type"] => {
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

// ---------------------------------------------------------------------------------------------- S3

const S3Settings = Config.all({
  endpoint: optionalString("S3_ENDPOINT"),
  region: Config.string("S3_REGION").pipe(Config.withDefault("us-east-1")),
  accessKey: optionalRedacted("S3_ACCESS_KEY"),
  forcePathStyle: Config.boolean("S3_FORCE_PATH_STYLE").pipe(Config.withDefault(true)),
  checksum: Config.literal("when_supported", "when_required")("S3_CHECKSUM").pipe(Config.withDefault("when_required")),
  maxAttempts: positiveInt("S3_MAX_ATTEMPTS", 4),
  requestTimeoutMs: positiveInt("S3_REQUEST_TIMEOUT_MS", 30_000),
})

const PART_SIZE = 8 * 1024 * 1024

// Errors worth another try: the server is busy or failing, or the connection broke.
const TRANSIENT_CODES = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequests",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "InternalError",
  "ServiceUnavailable",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
])

const isTransient = (f: Failure) =>
  (f.status !== undefined && (f.status >= 500 || f.status === 429 || f.status === 408)) || TRANSIENT_CODES.has(f.code)

/** The AWS SDK modules, imported when an S3 store is built (they cost ~10 MiB of memory in processes that never use S3). */
interface AwsSdk {
  readonly s3: typeof import("@aws-sdk/client-s3")
  readonly storage: typeof import("@aws-sdk/lib-storage")
}

const s3Driver = (sdk: AwsSdk, client: S3Client, region: string, maxAttempts: number): Driver => {
  const {
    BucketLocationConstraint,
    CreateBucketCommand,
    DeleteObjectCommand,
    GetObjectCommand,
    HeadBucketCommand,
    HeadObjectCommand,
    ListObjectsV2Command,
    PutObjectCommand,
  } = sdk.s3
  const { Upload } = sdk.storage
  const retry = Schedule.exponential("100 millis").pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(maxAttempts - 1)),
  )

  // One request with a replayable body: retried while the failure is transient (never a 404).
  const send = <A>(operation: string, f: (signal: AbortSignal) => Promise<A>) =>
    attempt(operation, f).pipe(Effect.retry({ schedule: retry, while: isTransient }))

  const head = (bucket: string, key: string) =>
    send("HeadObject", (abortSignal) =>
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }),
    ).pipe(
      Effect.mapError((f) => (f.status === 404 ? new ObjectNotFound({ bucket, key }) : unavailable(f))),
      Effect.map(
        (res): ObjectInfo =>
          withCacheControl(
            {
              size: res.ContentLength ?? 0,
              contentType: res.ContentType ?? "application/octet-stream",
              etag: res.ETag ?? "",
              lastModified: res.LastModified ?? new Date(0),
            },
            res.CacheControl,
          ),
      ),
    )

  // Some stores (Ceph) return an empty ETag from CompleteMultipartUpload; HeadObject has the real one.
  const etagOf = (bucket: string, key: string, etag: string | undefined) =>
    etag
      ? Effect.succeed(etag)
      : head(bucket, key).pipe(
          Effect.map((info) => info.etag),
          Effect.catchTag("ObjectNotFound", () =>
            Effect.fail(new StorageUnavailable({ operation: "Upload", reason: "object missing right after upload" })),
          ),
        )

  const put = <E>(bucket: string, key: string, body: Body<E>, options: UploadOptions) =>
    Effect.gen(function* () {
      const params = { Bucket: bucket, Key: key, ContentType: options.contentType, CacheControl: options.cacheControl }
      if (body instanceof Uint8Array) {
        // Known length: a plain PutObject works on every store in both checksum modes.
        const res = yield* send("PutObject", (abortSignal) =>
          client.send(new PutObjectCommand({ ...params, Body: body, ContentLength: body.byteLength }), { abortSignal }),
        ).pipe(Effect.mapError(unavailable))
        return { etag: yield* etagOf(bucket, key, res.ETag), size: body.byteLength }
      }
      // Unknown length: PutObject would need aws-chunked encoding, which several stores refuse (Ceph: 411).
      // Upload cuts the stream into bounded parts, each sent with a Content-Length.
      const size = yield* Ref.make(0)
      const sourceError = yield* Ref.make(Option.none<E>())
      const source = body.pipe(
        Stream.tap((chunk) => Ref.update(size, (n) => n + chunk.byteLength)),
        Stream.tapError((e) => Ref.set(sourceError, Option.some(e))),
      )
      const readable = yield* Effect.acquireRelease(NodeStream.toReadable(source), (r) =>
        Effect.sync(() => r.destroy()),
      )
      const res = yield* attempt("Upload", (signal) => {
        const abortController = new AbortController()
        signal.addEventListener("abort", () => abortController.abort(), { once: true })
        return new Upload({
          client,
          params: { ...params, Body: readable },
          partSize: PART_SIZE,
          queueSize: 2,
          abortController,
        }).done()
      }).pipe(
        // The source's own failure wins over the upload error it caused.
        Effect.catchAll((f) =>
          Effect.flatMap(
            Ref.get(sourceError),
            (e): Effect.Effect<never, StorageUnavailable | E> =>
              Option.isSome(e) ? Effect.fail(e.value) : Effect.fail(unavailable(f)),
          ),
        ),
      )
      return { etag: yield* etagOf(bucket, key, res.ETag), size: yield* Ref.get(size) }
    }).pipe(Effect.scoped)

  const read = (bucket: string, key: string, info: ObjectInfo, range: ByteRange | undefined) =>
    Stream.unwrapScoped(
      Effect.acquireRelease(
        send("GetObject", (abortSignal) =>
          client.send(
            new GetObjectCommand({
              Bucket: bucket,
              Key: key,
              // The stream must match the info download returned: fail rather than mix two versions.
              IfMatch: info.etag === "" ? undefined : info.etag,
              Range: range === undefined ? undefined : `bytes=${range.start}-${range.end}`,
            }),
            { abortSignal },
          ),
        ),
        (res) => Effect.sync(() => res.Body instanceof Readable && res.Body.destroy()),
      ).pipe(
        Effect.mapError(unavailable),
        Effect.flatMap((res) => {
          const body = res.Body
          return body instanceof Readable
            ? Effect.succeed(
                NodeStream.fromReadable<StorageUnavailable>(
                  () => body,
                  (e) => unavailable(failure("GetObject")(e)),
                ),
              )
            : Effect.fail(new StorageUnavailable({ operation: "GetObject", reason: "response has no readable body" }))
        }),
      ),
    )

  const remove = (bucket: string, key: string) =>
    send("DeleteObject", (abortSignal) =>
      client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }),
    ).pipe(
      Effect.asVoid,
      Effect.catchIf(
        (f) => f.status === 404,
        () => Effect.void,
      ),
      Effect.mapError(unavailable),
    )

  const list = (bucket: string, prefix: string) =>
    Effect.gen(function* () {
      const keys: Array<string> = []
      let token: string | undefined
      do {
        const continuation = token
        const page = yield* send("ListObjectsV2", (abortSignal) =>
          client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuation }), {
            abortSignal,
          }),
        ).pipe(Effect.mapError(unavailable))
        for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key)
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined
      } while (token !== undefined)
      return keys
    })

  // One DeleteObject per key: multi-object delete (DeleteObjects) is missing on some S3-compatible stores
  // (GCS's XML API) and needs a Content-MD5 others refuse; a dish has a handful of objects.
  const removeUnder = (bucket: string, prefix: string) =>
    Effect.flatMap(list(bucket, prefix), (keys) =>
      Effect.forEach(keys, (key) => remove(bucket, key), { concurrency: 4, discard: true }),
    )

  const bucketExists = (bucket: string) =>
    send("HeadBucket", (abortSignal) => client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal })).pipe(
      Effect.as(true),
      Effect.catchIf(
        (f) => f.status === 404,
        () => Effect.succeed(false),
      ),
      Effect.mapError(unavailable),
    )

  // us-east-1 must not be named; other AWS regions must be. Unknown regions (MinIO, Ceph) are left to the server.
  const location =
    region === "us-east-1" ? undefined : Object.values(BucketLocationConstraint).find((c) => c === region)

  const createBucket = (bucket: string) =>
    send("CreateBucket", (abortSignal) =>
      client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: location === undefined ? undefined : { LocationConstraint: location },
        }),
        { abortSignal },
      ),
    ).pipe(
      Effect.asVoid,
      // Another replica created it first.
      Effect.catchIf(
        (f) => f.code === "BucketAlreadyOwnedByYou",
        () => Effect.void,
      ),
      Effect.mapError(unavailable),
    )

  return { put, head, read, remove, list, removeUnder, bucketExists, createBucket }
}

export const BlobStorageS3: Layer.Layer<BlobStorage, ConfigError.ConfigError> = Layer.scoped(
  BlobStorage,
  Effect.gen(function* () {
    const settings = yield* SettingsConfig
    const s3 = yield* S3Settings
    // The secret is required only when an access key is given; without both the SDK's default chain applies (IAM roles).
    const credentials = Option.isSome(s3.accessKey)
      ? {
          accessKeyId: Redacted.value(s3.accessKey.value),
          secretAccessKey: Redacted.value(yield* Config.redacted("S3_SECRET_KEY")),
        }
      : undefined
    const checksum = s3.checksum === "when_supported" ? "WHEN_SUPPORTED" : "WHEN_REQUIRED"
    const sdk: AwsSdk = yield* Effect.promise(() =>
      Promise.all([import("@aws-sdk/client-s3"), import("@aws-sdk/lib-storage")]).then(([s3, storage]) => ({
        s3,
        storage,
      })),
    )
    const client = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new sdk.s3.S3Client({
            region: s3.region,
            ...(Option.isSome(s3.endpoint) ? { endpoint: s3.endpoint.value } : {}),
            ...(credentials === undefined ? {} : { credentials }),
            forcePathStyle: s3.forcePathStyle,
            requestChecksumCalculation: checksum,
            responseChecksumValidation: checksum,
            // Retries are ours (a Schedule, see s3Driver); the SDK's would multiply them.
            maxAttempts: 1,
            // Idle timeouts rather than a total one, so a large part on a slow link is not cut off while it moves.
            requestHandler: { connectionTimeout: s3.requestTimeoutMs, socketTimeout: s3.requestTimeoutMs },
          }),
      ),
      (c) => Effect.sync(() => c.destroy()),
    )
    return make(s3Driver(sdk, client, s3.region, s3.maxAttempts), settings)
  }),
)

// ---------------------------------------------------------------------------------------------- filesystem

const Sidecar = Schema.parseJson(
  Schema.Struct({
    contentType: Schema.String,
    etag: Schema.String,
    size: Schema.Number,
    cacheControl: Schema.optional(Schema.String),
  }),
)

// Missing-object answers from stat/unlink: nothing there, or a file where a directory would be.
const ABSENT = new Set(["ENOENT", "ENOTDIR", "EISDIR"])

const fsDriver = (root: string): Driver => {
  // Objects are plain files at <root>/<bucket>/<key> (a web server can serve STORAGE_DIR as is);
  // metadata lives in a parallel tree whose name no bucket can take (bucket names start with a letter or digit).
  const objectPath = (bucket: string, key: string) => path.join(root, bucket, ...key.split("/"))
  const sidecarPath = (bucket: string, key: string) => `${path.join(root, ".meta", bucket, ...key.split("/"))}.json`

  const io = <A>(operation: string, f: () => Promise<A>) => attempt(operation, f).pipe(Effect.mapError(unavailable))

  const statOrNone = (file: string) =>
    attempt("stat", () => fs.stat(file)).pipe(
      Effect.map((stat) => Option.some(stat)),
      Effect.catchIf(
        (f) => ABSENT.has(f.code),
        () => Effect.succeed(Option.none<Stats>()),
      ),
      Effect.mapError(unavailable),
    )

  // Temp file in the target's directory (so rename is atomic), removed if anything fails before the rename.
  const writeAtomically = <E = never>(
    file: string,
    body: Body<E>,
  ): Effect.Effect<UploadResult, StorageUnavailable | E> =>
    Effect.gen(function* () {
      const dir = path.dirname(file)
      yield* io("mkdir", () => fs.mkdir(dir, { recursive: true }))
      const temp = path.join(dir, `.${randomBytes(8).toString("hex")}.tmp`)
      const handle = yield* Effect.acquireRelease(
        io("open", () => fs.open(temp, "wx")),
        (h, exit) =>
          attempt("close", () => h.close()).pipe(
            Effect.zipRight(
              exit._tag === "Failure" ? attempt("unlink", () => fs.rm(temp, { force: true })) : Effect.void,
            ),
            Effect.ignore,
          ),
      )
      const hash = createHash("md5")
      const size = yield* Ref.make(0)
      const write = (chunk: Uint8Array) =>
        Effect.zipRight(
          Effect.sync(() => hash.update(chunk)),
          Effect.zipRight(
            io("write", () => handle.writeFile(chunk)),
            Ref.update(size, (n) => n + chunk.byteLength),
          ),
        )
      yield* body instanceof Uint8Array ? write(body) : Stream.runForEach(body, write)
      yield* io("fsync", () => handle.sync())
      yield* io("close", () => handle.close())
      yield* io("rename", () => fs.rename(temp, file))
      return { etag: md5Etag(hash), size: yield* Ref.get(size) }
    }).pipe(Effect.scoped)

  const md5File = (file: string) =>
    Effect.suspend(() => {
      const hash = createHash("md5")
      return NodeStream.fromReadable(
        () => createReadStream(file),
        (e) => unavailable(failure("read")(e)),
      ).pipe(
        Stream.runForEach((chunk) => Effect.sync(() => hash.update(chunk))),
        Effect.map(() => md5Etag(hash)),
      )
    })

  const bucketExists = (bucket: string) =>
    statOrNone(path.join(root, bucket)).pipe(Effect.map(Option.exists((s) => s.isDirectory())))

  const put = <E>(bucket: string, key: string, body: Body<E>, options: UploadOptions) =>
    Effect.gen(function* () {
      // Like S3: uploading into a bucket nobody created is an error, not an implicit mkdir.
      if (!(yield* bucketExists(bucket))) {
        return yield* new StorageUnavailable({ operation: "upload", reason: `bucket ${bucket} does not exist` })
      }
      const result = yield* writeAtomically(objectPath(bucket, key), body)
      const sidecar = withCacheControl({ contentType: options.contentType, ...result }, options.cacheControl)
      yield* writeAtomically(sidecarPath(bucket, key), Buffer.from(JSON.stringify(sidecar)))
      return result
    })

  const head = (bucket: string, key: string) =>
    Effect.gen(function* () {
      const file = objectPath(bucket, key)
      const stat = yield* statOrNone(file)
      if (Option.isNone(stat) || !stat.value.isFile()) return yield* new ObjectNotFound({ bucket, key })
      const text = yield* attempt("read metadata", () => fs.readFile(sidecarPath(bucket, key), "utf8")).pipe(
        Effect.map((t) => Option.some(t)),
        Effect.catchIf(
          (f) => ABSENT.has(f.code),
          () => Effect.succeed(Option.none<string>()),
        ),
        Effect.mapError(unavailable),
      )
      // A sidecar that is missing, unreadable or from another version (crash between the two renames, a file
      // copied in by hand) is ignored and what it held is derived from the file itself.
      const sidecar = text.pipe(
        Option.flatMap(Schema.decodeUnknownOption(Sidecar)),
        Option.filter((m) => m.size === stat.value.size),
      )
      const info = {
        size: stat.value.size,
        lastModified: stat.value.mtime,
        contentType: Option.isSome(sidecar) ? sidecar.value.contentType : "application/octet-stream",
        etag: Option.isSome(sidecar) ? sidecar.value.etag : yield* md5File(file),
      }
      return withCacheControl(info, Option.isSome(sidecar) ? sidecar.value.cacheControl : undefined)
    })

  const read = (bucket: string, key: string, _info: ObjectInfo, range: ByteRange | undefined) =>
    NodeStream.fromReadable<StorageUnavailable>(
      () =>
        createReadStream(
          objectPath(bucket, key),
          range === undefined ? undefined : { start: range.start, end: range.end },
        ),
      (e) => unavailable(failure("read")(e)),
    )

  const remove = (bucket: string, key: string) =>
    Effect.forEach(
      [objectPath(bucket, key), sidecarPath(bucket, key)],
      (file) =>
        attempt("delete", () => fs.unlink(file)).pipe(
          Effect.catchIf(
            (f) => ABSENT.has(f.code),
            () => Effect.void,
          ),
          Effect.mapError(unavailable),
        ),
      { discard: true },
    )

  // The prefix's folder in the object tree and in the metadata tree (the trailing "/" gives an empty segment).
  const prefixDirs = (bucket: string, prefix: string) => {
    const segments = prefix.split("/").filter((segment) => segment !== "")
    return [path.join(root, bucket, ...segments), path.join(root, ".meta", bucket, ...segments)] as const
  }

  const list = (bucket: string, prefix: string) =>
    io("list", async () => {
      const [dir] = prefixDirs(bucket, prefix)
      const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch((e: unknown) => {
        if (Predicate.hasProperty(e, "code") && typeof e.code === "string" && ABSENT.has(e.code)) return []
        throw e
      })
      return entries
        .filter((entry) => entry.isFile() && !/^\.[\da-f]{16}\.tmp$/.test(entry.name))
        .map((entry) => prefix + path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    })

  // The whole folder goes, temp files of an upload cut short and metadata sidecars included.
  const removeUnder = (bucket: string, prefix: string) =>
    Effect.forEach(
      prefixDirs(bucket, prefix),
      (dir) => io("delete", () => fs.rm(dir, { recursive: true, force: true })),
      {
        discard: true,
      },
    )

  const createBucket = (bucket: string) =>
    io("create bucket", () => fs.mkdir(path.join(root, bucket), { recursive: true }))

  return { put, head, read, remove, list, removeUnder, bucketExists, createBucket }
}

export const BlobStorageFileSystem: Layer.Layer<BlobStorage, ConfigError.ConfigError> = Layer.effect(
  BlobStorage,
  Effect.gen(function* () {
    const settings = yield* SettingsConfig
    const root = path.resolve(yield* Config.string("STORAGE_DIR").pipe(Config.withDefault(".data/storage")))
    return make(fsDriver(root), settings)
  }),
)

// ---------------------------------------------------------------------------------------------- memory

interface StoredObject {
  readonly bytes: Uint8Array
  readonly info: ObjectInfo
}

const memoryDriver = (): Driver => {
  const buckets = new Map<string, Map<string, StoredObject>>()
  const missingBucket = (bucket: string) =>
    new StorageUnavailable({ operation: "upload", reason: `bucket ${bucket} does not exist` })

  const put = <E>(bucket: string, key: string, body: Body<E>, options: UploadOptions) =>
    Effect.gen(function* () {
      const objects = buckets.get(bucket)
      if (objects === undefined) return yield* missingBucket(bucket)
      // Copied, so the caller may reuse its buffer.
      const chunks = body instanceof Uint8Array ? [body] : Chunk.toReadonlyArray(yield* Stream.runCollect(body))
      const bytes = new Uint8Array(Buffer.concat(chunks))
      const etag = md5Etag(createHash("md5").update(bytes))
      const lastModified = new Date(yield* Clock.currentTimeMillis)
      const info = withCacheControl(
        { size: bytes.byteLength, contentType: options.contentType, etag, lastModified },
        options.cacheControl,
      )
      objects.set(key, { bytes, info })
      return { etag, size: bytes.byteLength }
    })

  const head = (bucket: string, key: string) =>
    Effect.suspend(() => {
      const stored = buckets.get(bucket)?.get(key)
      return stored === undefined ? Effect.fail(new ObjectNotFound({ bucket, key })) : Effect.succeed(stored.info)
    })

  const read = (bucket: string, key: string, info: ObjectInfo, range: ByteRange | undefined) =>
    Stream.suspend(() => {
      const stored = buckets.get(bucket)?.get(key)
      if (stored === undefined || stored.info.etag !== info.etag) {
        return Stream.fail(new StorageUnavailable({ operation: "read", reason: "object changed or was deleted" }))
      }
      return Stream.succeed(range === undefined ? stored.bytes.slice() : stored.bytes.slice(range.start, range.end + 1))
    })

  return {
    put,
    head,
    read,
    remove: (bucket, key) => Effect.sync(() => void buckets.get(bucket)?.delete(key)),
    list: (bucket, prefix) =>
      Effect.sync(() => [...(buckets.get(bucket)?.keys() ?? [])].filter((key) => key.startsWith(prefix))),
    removeUnder: (bucket, prefix) =>
      Effect.sync(() => {
        const objects = buckets.get(bucket)
        for (const key of [...(objects?.keys() ?? [])]) if (key.startsWith(prefix)) objects?.delete(key)
      }),
    bucketExists: (bucket) => Effect.sync(() => buckets.has(bucket)),
    createBucket: (bucket) => Effect.sync(() => void (buckets.has(bucket) || buckets.set(bucket, new Map()))),
  }
}

/** A fresh, empty store per layer build. */
export const BlobStorageMemory: Layer.Layer<BlobStorage, ConfigError.ConfigError> = Layer.effect(
  BlobStorage,
  Effect.map(SettingsConfig, (settings) => make(memoryDriver(), settings)),
)

// ---------------------------------------------------------------------------------------------- selection

export const BlobStorageLive: Layer.Layer<BlobStorage, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.gen(function* () {
    const endpoint = yield* optionalString("S3_ENDPOINT")
    const accessKey = yield* optionalRedacted("S3_ACCESS_KEY")
    return Option.isSome(endpoint) || Option.isSome(accessKey) ? BlobStorageS3 : BlobStorageFileSystem
  }),
)
