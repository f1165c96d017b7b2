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

import { type ConfigError, Effect, Layer, Option } from "effect"
import type { BlobStorage } from "./blobStorage/contract.js"
import { optionalRedacted, optionalString } from "./blobStorage/core.js"
import { BlobStorageFileSystem } from "./blobStorage/filesystem.js"
import { BlobStorageS3 } from "./blobStorage/s3.js"

export * from "./blobStorage/contract.js"
export { MAX_KEY_LENGTH } from "./blobStorage/core.js"
export { BlobStorageFileSystem } from "./blobStorage/filesystem.js"
export { BlobStorageMemory } from "./blobStorage/memory.js"
export { BlobStorageS3 } from "./blobStorage/s3.js"

export const BlobStorageLive: Layer.Layer<BlobStorage, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.gen(function* () {
    const endpoint = yield* optionalString("S3_ENDPOINT")
    const accessKey = yield* optionalRedacted("S3_ACCESS_KEY")
    return Option.isSome(endpoint) || Option.isSome(accessKey) ? BlobStorageS3 : BlobStorageFileSystem
  }),
)
