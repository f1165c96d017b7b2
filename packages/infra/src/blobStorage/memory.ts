import { createHash } from "node:crypto"
import { Chunk, Clock, type ConfigError, Effect, Layer, Stream } from "effect"
import {
  BlobStorage,
  type ByteRange,
  type ObjectInfo,
  ObjectNotFound,
  StorageUnavailable,
  type UploadOptions,
} from "./contract.js"
import { type Body, type Driver, make, md5Etag, SettingsConfig, withCacheControl } from "./core.js"

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
