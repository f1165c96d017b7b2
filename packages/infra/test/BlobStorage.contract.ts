// The behaviour every BlobStorage layer must share; BlobStorage.test.ts runs it against each one.
import { createHash, randomBytes } from "node:crypto"
import { expect, layer } from "@effect/vitest"
import { Chunk, Context, Data, Effect, Layer, Stream } from "effect"
import { BlobStorage, MAX_KEY_LENGTH } from "../src/BlobStorage.js"

/** What the layer under test was configured with, to check publicUrl against. */
export interface ContractSettings {
  readonly images: string
  readonly models: string
  readonly publicUrl: string
}

const MiB = 1024 * 1024

// Recorded by the setup layer before it creates the (fresh, uniquely named) buckets.
class BucketsBeforeSetup extends Context.Tag("test/BucketsBeforeSetup")<
  BucketsBeforeSetup,
  { readonly images: boolean; readonly models: boolean }
>() {}

const setup = Layer.effect(
  BucketsBeforeSetup,
  Effect.gen(function* () {
    const storage = yield* BlobStorage
    const before = { images: yield* storage.bucketExists("images"), models: yield* storage.bucketExists("models") }
    yield* storage.ensureBuckets
    yield* storage.ensureBuckets
    return before
  }),
)

class SourceBroke extends Data.TaggedError("SourceBroke") {}

const bytesOf = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Effect.map(Stream.runCollect(stream), (chunks) => Buffer.concat(Chunk.toReadonlyArray(chunks)))

const sha256Of = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Effect.suspend(() => {
    const hash = createHash("sha256")
    return Stream.runForEach(stream, (chunk) => Effect.sync(() => hash.update(chunk))).pipe(
      Effect.map(() => hash.digest("hex")),
    )
  })

const md5Etag = (bytes: Uint8Array) => `"${createHash("md5").update(bytes).digest("hex")}"`

// Random bytes made on demand, hashed as they go out: the 12 MB are never held in memory at once.
const lazyRandom = (totalBytes: number, hash: ReturnType<typeof createHash>) =>
  Stream.repeatEffect(Effect.sync(() => randomBytes(64 * 1024))).pipe(
    Stream.take(totalBytes / (64 * 1024)),
    Stream.tap((chunk) => Effect.sync(() => hash.update(chunk))),
  )

export const blobStorageContract = <E>(
  name: string,
  storage: Layer.Layer<BlobStorage, E>,
  settings: ContractSettings,
) =>
  // Live clock: the S3 layer's retry schedule must really sleep.
  layer(Layer.provideMerge(setup, storage), { excludeTestServices: true, timeout: "60 seconds" })(name, (it) => {
    // Unique per test and per run, so cases never see each other's objects.
    const run = randomBytes(4).toString("hex")
    const keyFor = (label: string) => `contract-${run}/${label}`

    it.effect("ensureBuckets creates the missing buckets, and bucketExists sees them", () =>
      Effect.gen(function* () {
        expect(yield* BucketsBeforeSetup).toEqual({ images: false, models: false })
        const storage = yield* BlobStorage
        expect(yield* storage.bucketExists("images")).toBe(true)
        expect(yield* storage.bucketExists("models")).toBe(true)
      }),
    )

    it.effect("uploads bytes, then head, exists and download see them", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("bytes/photo.png")
        const bytes = randomBytes(10_000)
        const uploaded = yield* storage.upload("images", key, bytes, {
          contentType: "image/png",
          cacheControl: "public, max-age=31536000, immutable",
        })
        expect(uploaded).toEqual({ size: bytes.byteLength, etag: md5Etag(bytes) })

        const info = yield* storage.head("images", key)
        expect(info).toMatchObject({
          size: bytes.byteLength,
          contentType: "image/png",
          etag: uploaded.etag,
          cacheControl: "public, max-age=31536000, immutable",
        })
        expect(info.lastModified).toBeInstanceOf(Date)
        expect(Math.abs(info.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000)
        expect(yield* storage.exists("images", key)).toBe(true)
        expect(yield* storage.exists("models", key)).toBe(false)

        const download = yield* storage.download("images", key)
        expect(download.info).toMatchObject({ size: bytes.byteLength, contentType: "image/png", etag: uploaded.etag })
        expect((yield* bytesOf(download.stream)).equals(bytes)).toBe(true)
      }),
    )

    it.effect("uploads a 12 MB stream of unknown length (multipart) and reads it back byte-identical", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("models/big.glb")
        const sent = createHash("sha256")
        const uploaded = yield* storage.upload("models", key, lazyRandom(12 * MiB, sent), {
          contentType: "model/gltf-binary",
        })
        expect(uploaded.size).toBe(12 * MiB)
        const info = yield* storage.head("models", key)
        expect(info).toMatchObject({ size: 12 * MiB, contentType: "model/gltf-binary", etag: uploaded.etag })

        const download = yield* storage.download("models", key)
        expect(yield* sha256Of(download.stream)).toBe(sent.digest("hex"))

        // Stopping early releases the connection or file; the store keeps answering.
        const again = yield* storage.download("models", key)
        const first = yield* bytesOf(again.stream.pipe(Stream.take(1)))
        expect(first.byteLength).toBeGreaterThan(0)
        expect(yield* storage.exists("models", key)).toBe(true)
      }),
    )

    it.effect("a small stream and an empty one are stored too", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const small = keyFor("stream/small.bin")
        const parts = [Buffer.from("hello "), Buffer.from("dish")]
        const uploaded = yield* storage.upload("images", small, Stream.fromIterable(parts), {
          contentType: "text/plain",
        })
        expect(uploaded).toEqual({ size: 10, etag: md5Etag(Buffer.from("hello dish")) })
        const download = yield* storage.download("images", small)
        expect((yield* bytesOf(download.stream)).toString()).toBe("hello dish")

        const empty = keyFor("stream/empty.bin")
        expect((yield* storage.upload("images", empty, Stream.empty, { contentType: "text/plain" })).size).toBe(0)
        expect((yield* storage.head("images", empty)).size).toBe(0)
      }),
    )

    it.effect("an empty object round-trips", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("empty")
        const uploaded = yield* storage.upload("images", key, new Uint8Array(0), { contentType: "image/jpeg" })
        expect(uploaded).toEqual({ size: 0, etag: md5Etag(new Uint8Array(0)) })
        const download = yield* storage.download("images", key)
        expect(download.info.size).toBe(0)
        expect((yield* bytesOf(download.stream)).byteLength).toBe(0)
        const ranged = yield* storage.download("images", key, { range: { start: 0, end: 10 } })
        expect((yield* bytesOf(ranged.stream)).byteLength).toBe(0)
      }),
    )

    it.effect("a ranged download returns exactly the requested bytes, clamped to the object", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("ranged.bin")
        const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))
        yield* storage.upload("images", key, bytes, { contentType: "application/octet-stream" })
        const cases: ReadonlyArray<readonly [number, number, Buffer]> = [
          [0, 0, bytes.subarray(0, 1)],
          [10, 19, bytes.subarray(10, 20)],
          [0, 999, bytes],
          [990, 999, bytes.subarray(990)],
          [995, 5000, bytes.subarray(995)],
          [1000, 1100, Buffer.alloc(0)],
          [20, 10, Buffer.alloc(0)],
        ]
        for (const [start, end, expected] of cases) {
          const download = yield* storage.download("images", key, { range: { start, end } })
          expect(download.info.size).toBe(1000)
          const got = yield* bytesOf(download.stream)
          expect({ start, end, got: got.toString("hex") }).toEqual({ start, end, got: expected.toString("hex") })
        }
      }),
    )

    it.effect("content type and etag round-trip, and an overwrite replaces both", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("overwrite/model")
        const v1 = Buffer.from("version one")
        const v2 = Buffer.from("the second, longer version")
        const first = yield* storage.upload("models", key, v1, { contentType: "model/gltf-binary" })
        expect((yield* storage.head("models", key)).etag).toBe(first.etag)

        const second = yield* storage.upload("models", key, v2, { contentType: "model/vnd.usdz+zip" })
        expect(second.etag).not.toBe(first.etag)
        const info = yield* storage.head("models", key)
        expect(info).toMatchObject({ size: v2.byteLength, contentType: "model/vnd.usdz+zip", etag: second.etag })
        expect(info.cacheControl).toBeUndefined()
        const download = yield* storage.download("models", key)
        expect(download.info.etag).toBe(second.etag)
        expect((yield* bytesOf(download.stream)).equals(v2)).toBe(true)
      }),
    )

    it.effect("delete removes the object; deleting again or a missing key is fine", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("delete/me.png")
        yield* storage.upload("images", key, Buffer.from("bye"), { contentType: "image/png" })
        yield* storage.delete("images", key)
        expect(yield* storage.exists("images", key)).toBe(false)
        expect((yield* Effect.flip(storage.download("images", key)))._tag).toBe("ObjectNotFound")
        const notFound = yield* Effect.flip(storage.head("images", key))
        expect(notFound._tag).toBe("ObjectNotFound")
        expect(notFound).toMatchObject({ bucket: settings.images, key })
        yield* storage.delete("images", key)
        yield* storage.delete("models", keyFor("never/existed"))
      }),
    )

    it.effect("deleteByPrefix removes every object under the prefix, and nothing beside it", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const prefix = keyFor("restaurants/r1/dishes/d1/")
        const under = ["photo-a.jpg", "model-v1-aa.glb", "poster-v1-aa.webp", "model-v2-bb.glb", "old/deep/x.bin"]
        for (const name of under) {
          yield* storage.upload("models", prefix + name, Buffer.from(name), { contentType: "application/octet-stream" })
        }
        yield* storage.upload("models", `${prefix}stream.glb`, Stream.make(Buffer.from("streamed")), {
          contentType: "model/gltf-binary",
        })
        // Beside it: a sibling whose name starts like the prefix's folder, its parent, and the other bucket.
        const beside = [
          ["models", keyFor("restaurants/r1/dishes/d1-x/model.glb")],
          ["models", keyFor("restaurants/r1/dishes/d10/model.glb")],
          ["models", keyFor("restaurants/r1/dishes/d1.glb")],
          ["images", `${prefix}photo-a.jpg`],
        ] as const
        for (const [bucket, key] of beside)
          yield* storage.upload(bucket, key, Buffer.from("keep"), { contentType: "text/plain" })
        expect(yield* storage.keysUnder("models", prefix)).toEqual(
          [...under, "stream.glb"].map((name) => prefix + name).sort(),
        )

        yield* storage.deleteByPrefix("models", prefix)
        expect(yield* storage.keysUnder("models", prefix)).toEqual([])
        for (const name of [...under, "stream.glb"]) expect(yield* storage.exists("models", prefix + name)).toBe(false)
        for (const [bucket, key] of beside)
          expect({ key, kept: yield* storage.exists(bucket, key) }).toEqual({ key, kept: true })
        // Nothing there (any more) is fine; an upload under the prefix afterwards works as before.
        yield* storage.deleteByPrefix("models", prefix)
        yield* storage.deleteByPrefix("images", keyFor("never/existed/"))
        yield* storage.upload("models", `${prefix}again.glb`, Buffer.from("again"), {
          contentType: "model/gltf-binary",
        })
        expect(yield* storage.keysUnder("models", prefix)).toEqual([`${prefix}again.glb`])
      }),
    )

    it.effect("a prefix must be a key's folder: never empty, never without its trailing /", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("prefix/kept.bin")
        yield* storage.upload("images", key, Buffer.from("kept"), { contentType: "text/plain" })
        for (const prefix of ["", "/", keyFor("prefix"), "../", `${keyFor("a")}/../`, "a//", "/etc/"]) {
          const errors = [
            yield* Effect.flip(storage.deleteByPrefix("images", prefix)),
            yield* Effect.flip(storage.keysUnder("images", prefix)),
          ]
          expect({ prefix, tags: errors.map((e) => e._tag) }).toEqual({
            prefix,
            tags: ["InvalidObjectKey", "InvalidObjectKey"],
          })
        }
        expect(yield* storage.exists("images", key)).toBe(true)
      }),
    )

    it.effect("keys with spaces, unicode and URL characters round-trip", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const key = keyFor("menu/ça va + 100%/#1 ?&=.png")
        yield* storage.upload("images", key, Buffer.from("odd"), { contentType: "image/png" })
        expect(yield* storage.exists("images", key)).toBe(true)
        const download = yield* storage.download("images", key)
        expect((yield* bytesOf(download.stream)).toString()).toBe("odd")
        // A key of the maximum length, in segments a filesystem accepts.
        const long = keyFor(`${"a".repeat(200)}/${"b".repeat(200)}/`)
        const longKey = long + "c".repeat(MAX_KEY_LENGTH - long.length)
        expect(longKey.length).toBe(MAX_KEY_LENGTH)
        yield* storage.upload("images", longKey, Buffer.from("long"), { contentType: "text/plain" })
        expect(yield* storage.exists("images", longKey)).toBe(true)
      }),
    )

    it.effect("publicUrl is STORAGE_PUBLIC_URL/<bucket>/<key> with each segment encoded", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        expect(storage.publicUrl("images", "r1/dish 7/photo é.webp")).toBe(
          `${settings.publicUrl}/${settings.images}/r1/dish%207/photo%20%C3%A9.webp`,
        )
        expect(storage.publicUrl("models", "r1/d7/model.glb")).toBe(
          `${settings.publicUrl}/${settings.models}/r1/d7/model.glb`,
        )
        expect(storage.publicUrl("images", "a/#?&+%.png")).toBe(
          `${settings.publicUrl}/${settings.images}/a/%23%3F%26%2B%25.png`,
        )
      }),
    )

    it.effect("invalid keys are rejected with InvalidObjectKey by every method, before any I/O", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const invalid = [
          "",
          "/etc/passwd",
          "..",
          "../escape",
          "a/../../b",
          "a..b",
          "a\\b",
          "a\u0000b",
          "line\nbreak",
          "a//b",
          "a/./b",
          "trailing/",
          "x".repeat(MAX_KEY_LENGTH + 1),
        ]
        for (const key of invalid) {
          const errors = [
            yield* Effect.flip(storage.upload("images", key, Buffer.from("x"), { contentType: "text/plain" })),
            yield* Effect.flip(
              storage.upload("images", key, Stream.make(Buffer.from("x")), { contentType: "text/plain" }),
            ),
            yield* Effect.flip(storage.head("images", key)),
            yield* Effect.flip(storage.download("images", key)),
            yield* Effect.flip(storage.delete("images", key)),
            yield* Effect.flip(storage.exists("images", key)),
          ]
          expect({ key, tags: errors.map((e) => e._tag) }).toEqual({ key, tags: Array(6).fill("InvalidObjectKey") })
        }
      }),
    )

    it.effect("a failing source stream fails the upload with its own error and stores nothing", () =>
      Effect.gen(function* () {
        const storage = yield* BlobStorage
        const early = keyFor("broken/early.glb")
        const earlyError = yield* Effect.flip(
          storage.upload(
            "models",
            early,
            Stream.concat(Stream.make(Buffer.from("partial")), Stream.fail(new SourceBroke())),
            {
              contentType: "model/gltf-binary",
            },
          ),
        )
        expect(earlyError).toBeInstanceOf(SourceBroke)
        expect(yield* storage.exists("models", early)).toBe(false)

        // After 9 MB one part is already stored: the multipart upload must be abandoned, not completed.
        const late = keyFor("broken/late.glb")
        const lateError = yield* Effect.flip(
          storage.upload(
            "models",
            late,
            Stream.concat(lazyRandom(9 * MiB, createHash("md5")), Stream.fail(new SourceBroke())),
            {
              contentType: "model/gltf-binary",
            },
          ),
        )
        expect(lateError).toBeInstanceOf(SourceBroke)
        expect(yield* storage.exists("models", late)).toBe(false)
      }),
    )
  })
