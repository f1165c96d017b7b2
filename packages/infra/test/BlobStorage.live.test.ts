// Runs the shared contract against every layer: memory, filesystem, and S3 (Ceph RGW by default) in both
// checksum modes. Start the S3 server first: bash scripts/services/s3.sh. Point S3_ENDPOINT, S3_ACCESS_KEY,
// S3_SECRET_KEY (and S3_REGION, S3_FORCE_PATH_STYLE) elsewhere to run the same tests against MinIO or AWS.
import { createHash } from "node:crypto"
import * as fs from "node:fs/promises"
import { createServer as createHttpServer } from "node:http"
import { createServer } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3"
import { describe, expect, it, layer } from "@effect/vitest"
import { ConfigProvider, Context, Data, Effect, Layer, Stream } from "effect"
import {
  BlobStorage,
  BlobStorageFileSystem,
  BlobStorageLive,
  BlobStorageMemory,
  BlobStorageS3,
  StorageUnavailable,
} from "../src/BlobStorage.js"
import { blobStorageContract, type ContractSettings } from "./BlobStorage.contract.js"
import { freshBucketNames, rawS3Client, s3, s3ChecksumModes, s3ConnectionSettings } from "./support/s3.js"

// Buckets of its own for each layer, so each starts the contract with none.
const freshSettings = (publicUrl: string): ContractSettings => ({ ...freshBucketNames("ardine-test"), publicUrl })

const withConfig = <E>(
  storage: Layer.Layer<BlobStorage, E>,
  settings: ContractSettings,
  extra: Record<string, string>,
) =>
  storage.pipe(
    Layer.provide(
      Layer.setConfigProvider(
        ConfigProvider.fromMap(
          new Map(
            Object.entries({
              S3_BUCKET_IMAGES: settings.images,
              S3_BUCKET_MODELS: settings.models,
              STORAGE_PUBLIC_URL: `${settings.publicUrl}/`,
              ...extra,
            }),
          ),
        ),
      ),
    ),
  )

const s3Config = (checksum: string): Record<string, string> => ({ ...s3ConnectionSettings, S3_CHECKSUM: checksum })

// ------------------------------------------------------------------------------------------- memory

const memorySettings = freshSettings("/storage")
blobStorageContract("BlobStorageMemory", withConfig(BlobStorageMemory, memorySettings, {}), memorySettings)

// ------------------------------------------------------------------------------------------- filesystem

class StorageDir extends Context.Tag("test/StorageDir")<StorageDir, string>() {}

// A temp STORAGE_DIR per layer build, removed when the layer is released.
const fsStorage = (settings: ContractSettings) =>
  Layer.unwrapEffect(
    Effect.map(StorageDir, (dir) => withConfig(BlobStorageFileSystem, settings, { STORAGE_DIR: dir })),
  ).pipe(
    Layer.provideMerge(
      Layer.scoped(
        StorageDir,
        Effect.acquireRelease(
          Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "ardine-blob-"))),
          (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true })),
        ),
      ),
    ),
  )

const fsSettings = freshSettings("https://cdn.example.test/storage")
blobStorageContract("BlobStorageFileSystem", fsStorage(fsSettings), fsSettings)

class SourceBroke extends Data.TaggedError("SourceBroke") {}

const filesUnder = (dir: string) =>
  Effect.promise(() => fs.readdir(dir, { recursive: true, withFileTypes: true })).pipe(
    Effect.map((entries) =>
      entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))),
    ),
  )

const diskSettings = freshSettings("/storage")
layer(fsStorage(diskSettings), { excludeTestServices: true })("BlobStorageFileSystem on disk", (it) => {
  it.effect("stores objects as plain files under STORAGE_DIR/<bucket>/<key>, leaving no temp files", () =>
    Effect.gen(function* () {
      const storage = yield* BlobStorage
      const dir = yield* StorageDir
      yield* storage.ensureBuckets
      yield* storage.upload("images", "r1/dish.png", Buffer.from("png bytes"), { contentType: "image/png" })
      const broken = Stream.concat(Stream.make(Buffer.from("half")), Stream.fail(new SourceBroke()))
      yield* Effect.flip(storage.upload("images", "r1/broken.png", broken, { contentType: "image/png" }))
      expect(
        yield* Effect.promise(() => fs.readFile(path.join(dir, diskSettings.images, "r1", "dish.png"), "utf8")),
      ).toBe("png bytes")
      expect((yield* filesUnder(dir)).sort()).toEqual([
        path.join(".meta", diskSettings.images, "r1", "dish.png.json"),
        path.join(diskSettings.images, "r1", "dish.png"),
      ])
    }),
  )

  it.effect("deleteByPrefix leaves no file under the prefix: sidecars and an upload's stray temp file go too", () =>
    Effect.gen(function* () {
      const storage = yield* BlobStorage
      const dir = yield* StorageDir
      yield* storage.ensureBuckets
      yield* storage.upload("models", "r2/dishes/d1/model-v1.glb", Buffer.from("glb"), {
        contentType: "model/gltf-binary",
      })
      yield* storage.upload("models", "r2/dishes/d1-x/model-v1.glb", Buffer.from("kept"), { contentType: "text/plain" })
      // What a process killed in the middle of an upload leaves behind.
      yield* Effect.promise(() =>
        fs.writeFile(path.join(dir, diskSettings.models, "r2", "dishes", "d1", ".0123456789abcdef.tmp"), "half"),
      )
      yield* storage.deleteByPrefix("models", "r2/dishes/d1/")
      // Only the models bucket: the directory is shared with this block's other tests.
      const models = (yield* filesUnder(dir)).filter((f) => f.includes(diskSettings.models))
      expect(models.sort()).toEqual([
        path.join(".meta", diskSettings.models, "r2", "dishes", "d1-x", "model-v1.glb.json"),
        path.join(diskSettings.models, "r2", "dishes", "d1-x", "model-v1.glb"),
      ])
    }),
  )

  it.effect("derives metadata when the sidecar is missing (a file copied in by hand)", () =>
    Effect.gen(function* () {
      const storage = yield* BlobStorage
      const dir = yield* StorageDir
      yield* storage.ensureBuckets
      yield* Effect.promise(() => fs.writeFile(path.join(dir, diskSettings.models, "copied.glb"), "glb"))
      expect(yield* storage.head("models", "copied.glb")).toMatchObject({
        size: 3,
        contentType: "application/octet-stream",
        etag: `"${createHash("md5").update("glb").digest("hex")}"`,
      })
    }),
  )

  it.effect("refuses to upload into a bucket that was never created, like S3", () =>
    Effect.gen(function* () {
      const storage = yield* BlobStorage
      const dir = yield* StorageDir
      yield* Effect.promise(() => fs.rm(path.join(dir, diskSettings.images), { recursive: true, force: true }))
      const error = yield* Effect.flip(
        storage.upload("images", "a.png", Buffer.from("x"), { contentType: "image/png" }),
      )
      expect(error).toBeInstanceOf(StorageUnavailable)
      expect(yield* storage.bucketExists("images")).toBe(false)
    }),
  )
})

// ------------------------------------------------------------------------------------------- S3

const isNoSuchBucket = (e: unknown) => e instanceof Error && e.name === "NoSuchBucket"

// Test cleanup outside the service (it has no list or bucket deletion): objects, unfinished uploads, bucket.
const dropBucket = async (client: S3Client, bucket: string) => {
  try {
    for (;;) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]))
      if (keys.length === 0) break
      for (const key of keys) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
    }
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
    for (const upload of uploads.Uploads ?? []) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }))
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }))
  } catch (e) {
    if (!isNoSuchBucket(e)) throw e
  }
}

const rootCause = (e: unknown): string => (e instanceof Error && e.cause !== undefined ? rootCause(e.cause) : String(e))

// Fail (not skip) with a message that says what to do when no S3 server answers.
const requireS3 = Effect.tryPromise(async () => {
  const res = await fetch(s3.endpoint, { signal: AbortSignal.timeout(3000) })
  await res.body?.cancel()
}).pipe(
  Effect.orDieWith(
    (e) =>
      new Error(
        `S3 server not reachable at ${s3.endpoint} (${rootCause(e.cause)}). Start Ceph RGW with "bash scripts/services/s3.sh", ` +
          "or point S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY at a running MinIO or AWS S3.",
      ),
  ),
)

const s3Storage = (settings: ContractSettings, checksum: string) =>
  withConfig(BlobStorageS3, settings, s3Config(checksum)).pipe(
    Layer.provide(
      Layer.scopedDiscard(
        Effect.gen(function* () {
          yield* requireS3
          const client = yield* Effect.acquireRelease(Effect.sync(rawS3Client), (c) => Effect.sync(() => c.destroy()))
          yield* Effect.addFinalizer(() =>
            Effect.promise(() =>
              Promise.all([dropBucket(client, settings.images), dropBucket(client, settings.models)]),
            ),
          )
        }),
      ),
    ),
  )

for (const checksum of s3ChecksumModes) {
  const settings = freshSettings("https://cdn.example.test/storage")
  blobStorageContract(
    `BlobStorageS3 (${s3.endpoint}, S3_CHECKSUM=${checksum})`,
    s3Storage(settings, checksum),
    settings,
  )
}

// A local HTTP server that answers every request with one fixed S3 error, counting requests.
const fakeS3 = (status: number, code: string) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly requests: () => number; readonly close: Effect.Effect<void> }>(
      (resume) => {
        let requests = 0
        const server = createHttpServer((req, res) => {
          requests++
          req.resume()
          res.writeHead(status, { "content-type": "application/xml" })
          res.end(req.method === "HEAD" ? undefined : `<Error><Code>${code}</Code><Message>${code}</Message></Error>`)
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(
            Effect.succeed({
              url: `http://127.0.0.1:${port}`,
              requests: () => requests,
              close: Effect.async<void>((done) => {
                server.closeAllConnections()
                server.close(() => done(Effect.void))
              }),
            }),
          )
        })
      },
    ),
    (server) => server.close,
  )

const closedPort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

const withEndpoint = (endpoint: string, extra: Record<string, string>) =>
  withConfig(BlobStorageS3, freshSettings("/storage"), {
    ...s3Config("when_required"),
    S3_ENDPOINT: endpoint,
    S3_REQUEST_TIMEOUT_MS: "1000",
    ...extra,
  })

describe("BlobStorageS3 failures", () => {
  it.live("a closed port gives StorageUnavailable from every method, quickly", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const started = Date.now()
      const errors = yield* Effect.gen(function* () {
        const storage = yield* BlobStorage
        return [
          yield* Effect.flip(storage.ensureBuckets),
          yield* Effect.flip(storage.bucketExists("images")),
          yield* Effect.flip(storage.upload("images", "a.png", Buffer.from("x"), { contentType: "image/png" })),
          yield* Effect.flip(
            storage.upload("images", "a.png", Stream.make(Buffer.from("x")), { contentType: "image/png" }),
          ),
          yield* Effect.flip(storage.head("images", "a.png")),
          yield* Effect.flip(storage.download("images", "a.png")),
          yield* Effect.flip(storage.exists("images", "a.png")),
          yield* Effect.flip(storage.delete("images", "a.png")),
        ]
      }).pipe(Effect.provide(withEndpoint(`http://127.0.0.1:${port}`, { S3_MAX_ATTEMPTS: "2" })))
      for (const error of errors) {
        expect(error).toBeInstanceOf(StorageUnavailable)
        expect(error.message).toContain("ECONNREFUSED")
      }
      expect(Date.now() - started).toBeLessThan(5_000)
    }),
  )

  it.scopedLive("retries 503 SlowDown up to S3_MAX_ATTEMPTS, and never retries a 404", () =>
    Effect.gen(function* () {
      const slow = yield* fakeS3(503, "SlowDown")
      const slowError = yield* Effect.flatMap(BlobStorage, (s) => Effect.flip(s.head("images", "k"))).pipe(
        Effect.provide(withEndpoint(slow.url, { S3_MAX_ATTEMPTS: "3" })),
      )
      expect(slowError).toBeInstanceOf(StorageUnavailable)
      expect(slow.requests()).toBe(3)

      const missing = yield* fakeS3(404, "NoSuchKey")
      const missingError = yield* Effect.flatMap(BlobStorage, (s) => Effect.flip(s.head("images", "k"))).pipe(
        Effect.provide(withEndpoint(missing.url, { S3_MAX_ATTEMPTS: "3" })),
      )
      expect(missingError._tag).toBe("ObjectNotFound")
      expect(missing.requests()).toBe(1)
    }),
  )
})

// ------------------------------------------------------------------------------------------- selection

describe("BlobStorageLive", () => {
  it.scopedLive("uses the filesystem without S3 settings and S3 with S3_ENDPOINT", () =>
    Effect.gen(function* () {
      const dir = yield* Effect.acquireRelease(
        Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "ardine-blob-"))),
        (d) => Effect.promise(() => fs.rm(d, { recursive: true, force: true })),
      )
      const settings = freshSettings("/storage")
      yield* Effect.flatMap(BlobStorage, (s) => s.ensureBuckets).pipe(
        Effect.provide(withConfig(BlobStorageLive, settings, { STORAGE_DIR: dir, S3_ENDPOINT: "" })),
      )
      expect((yield* Effect.promise(() => fs.readdir(dir))).sort()).toEqual([settings.images, settings.models].sort())

      const port = yield* closedPort
      const error = yield* Effect.flatMap(BlobStorage, (s) => Effect.flip(s.ensureBuckets)).pipe(
        Effect.provide(
          withConfig(BlobStorageLive, settings, {
            STORAGE_DIR: dir,
            S3_ENDPOINT: `http://127.0.0.1:${port}`,
            S3_ACCESS_KEY: "key",
            S3_SECRET_KEY: "secret",
            S3_MAX_ATTEMPTS: "1",
          }),
        ),
      )
      expect(error.message).toContain("ECONNREFUSED")
    }),
  )
})
