import { Readable } from "node:stream"
import type { S3Client } from "@aws-sdk/client-s3"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Config, type ConfigError, Effect, Layer, Option, Redacted, Ref, Stream } from "effect"
import { positiveInt } from "../configValues.js"
import { storageRequestRetry } from "../RetryPolicies.js"
import {
  BlobStorage,
  type ByteRange,
  type ObjectInfo,
  ObjectNotFound,
  StorageUnavailable,
  type UploadOptions,
} from "./contract.js"
import {
  attempt,
  type Body,
  type Driver,
  type Failure,
  failure,
  make,
  optionalRedacted,
  optionalString,
  SettingsConfig,
  unavailable,
  withCacheControl,
} from "./core.js"

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
  const retry = storageRequestRetry(maxAttempts)

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
