import { createHash, randomBytes } from "node:crypto"
import { createReadStream, type Stats } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Config, type ConfigError, Effect, Layer, Option, Predicate, Ref, Schema, Stream } from "effect"
import {
  BlobStorage,
  type ByteRange,
  type ObjectInfo,
  ObjectNotFound,
  StorageUnavailable,
  type UploadOptions,
  type UploadResult,
} from "./contract.js"
import {
  attempt,
  type Body,
  type Driver,
  failure,
  make,
  md5Etag,
  SettingsConfig,
  unavailable,
  withCacheControl,
} from "./core.js"

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
