// Shared set-up for the worker tests: real Postgres (the per-run database), Redis, clamd and S3 (Ceph RGW
// by default; S3_ENDPOINT etc. point elsewhere). Start them with scripts/services/{clamd,s3}.sh.
import { randomBytes, randomUUID } from "node:crypto"
import { DishGeometry, DishId, MODEL_QUEUE, type ModelJobPayload, RestaurantId } from "@ardine/domain"
import { BlobStorage, BlobStorageLive, DbLive, ModelQueue, ModelQueueLive, openRedis, queuePrefix } from "@ardine/infra"
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
} from "@aws-sdk/client-s3"
import { PgClient } from "@effect/sql-pg"
import { Queue } from "bullmq"
import {
  Chunk,
  ConfigProvider,
  Context,
  Duration,
  Effect,
  Layer,
  Logger,
  LogLevel,
  Option,
  Schedule,
  Schema,
  Stream,
  Tracer,
} from "effect"
import { Redis as IORedis } from "ioredis"
import sharp from "sharp"
import { inject } from "vitest"
import "@ardine/test-support/provided-context"
import { freshBucketNames, rawS3Client, s3ConnectionSettings } from "@ardine/infra/test-support/s3"
import { Redacted } from "effect"
import { WorkerAppConfigLive } from "../../src/config.js"
import { IMMUTABLE, posterKeyFor } from "../../src/keys.js"
import { makeWorkerLive, type WorkerLayerOptions } from "../../src/services.js"

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"

export const freshPrefix = () => `test:worker:${randomBytes(5).toString("hex")}:`

/** Settings one test file shares (database, buckets); each worker gets its own REDIS_KEY_PREFIX on top. */
export const fileSettings = (): Record<string, string> => {
  const buckets = freshBucketNames("ardine-wtest")
  return {
    DATABASE_URL: inject("databaseUrl"),
    DATABASE_MAX_CONNECTIONS: "4",
    REDIS_URL: redisUrl,
    ...s3ConnectionSettings,
    S3_BUCKET_IMAGES: buckets.images,
    S3_BUCKET_MODELS: buckets.models,
    CLAMAV_HOST: process.env.CLAMAV_HOST ?? "127.0.0.1",
    CLAMAV_PORT: process.env.CLAMD_PORT ?? "3399",
    WORKER_HEALTH_HOST: "127.0.0.1",
    WORKER_HEALTH_PORT: "0",
    // Only the reconciler test looks at old dishes; other workers must not pick up its dish.
    RECONCILE_STALE_AFTER_MS: String(24 * 3_600_000),
  }
}

const configLayer = (settings: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))

const quietLogs = Logger.minimumLogLevel(process.env.TEST_LOG === "1" ? LogLevel.Debug : LogLevel.None)

// ------------------------------------------------------------------------------------------- fixtures

export const testGeometry = Schema.decodeUnknownSync(DishGeometry)({
  vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, rimCm: 3, color: "#f4f1ea", roughness: 0.3 },
  components: [
    {
      shape: "mound",
      widthCm: 12,
      heightCm: 4,
      position: { x: -0.1, z: 0 },
      count: 1,
      color: "#c8642a",
      roughness: 0.7,
    },
    {
      shape: "garnish",
      widthCm: 4,
      heightCm: 1,
      position: { x: 0.4, z: 0.2 },
      count: 5,
      color: "#3f8a2f",
      roughness: 0.8,
    },
  ],
})

/** A plate seen from above: table, rim, food, garnish. */
export const makePlatePhoto = (variant = 0) => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="100%" height="100%" fill="#6b4f3a"/>
    <circle cx="400" cy="300" r="270" fill="#f4f1ea"/><circle cx="400" cy="300" r="205" fill="#e6e0d4"/>
    <ellipse cx="${380 + variant * 7}" cy="290" rx="130" ry="95" fill="#c8642a"/>
    <ellipse cx="360" cy="270" rx="60" ry="35" fill="#e08a4a"/>
    <circle cx="470" cy="340" r="28" fill="#3f8a2f"/><circle cx="430" cy="380" r="18" fill="#52a23a"/>
  </svg>`
  return Effect.promise(() => sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()).pipe(
    Effect.map((b) => new Uint8Array(b)),
  )
}

export interface SeededDish {
  readonly dishId: DishId
  readonly restaurantId: RestaurantId
  readonly imageKey: string
  readonly payload: ModelJobPayload
}

export const DishRow = Schema.Struct({
  modelStatus: Schema.String,
  modelProgress: Schema.Number,
  modelKey: Schema.NullOr(Schema.String),
  modelVersion: Schema.Number,
  failureReason: Schema.NullOr(Schema.String),
  modelWaitingFor: Schema.NullOr(Schema.String),
  /** Only whether it is set matters here. */
  modelWaitingSince: Schema.NullOr(Schema.Unknown),
  usdzKey: Schema.NullOr(Schema.String),
  /** What the stored model is (built or photoreal), and the owner's note when photoreal fell back. */
  modelSource: Schema.NullOr(Schema.String),
  modelNote: Schema.NullOr(Schema.String),
})
export type DishRow = typeof DishRow.Type

/** The blobs a ready dish should have under its prefix, sorted: its model, the model's poster, its USDZ. */
export const currentBlobs = (row: DishRow): ReadonlyArray<string> =>
  [row.modelKey ?? "", posterKeyFor(row.modelKey ?? "") ?? "", row.usdzKey ?? ""].sort()

/** Database, storage and raw S3 listing for one test file; drops the file's buckets at the end. */
export class Fixtures extends Context.Tag("worker-test/Fixtures")<
  Fixtures,
  {
    readonly settings: Record<string, string>
    readonly seedRestaurant: Effect.Effect<RestaurantId>
    readonly seedDish: (
      restaurantId: RestaurantId,
      options?: { readonly updatedAgo?: Duration.DurationInput },
    ) => Effect.Effect<SeededDish>
    readonly dish: (dishId: DishId) => Effect.Effect<DishRow>
    readonly setGeometry: (dishId: DishId, geometry: DishGeometry) => Effect.Effect<void>
    /** The owner's choice of how the dish's model is made. */
    readonly setModelKind: (dishId: DishId, kind: "built" | "photoreal") => Effect.Effect<void>
    /** Makes a ready dish look stored before USDZ existed: no usdz_key, no USDZ blob. */
    readonly forgetUsdz: (dishId: DishId) => Effect.Effect<void>
    /** Keys in the models bucket under the dish's prefix. */
    readonly modelKeys: (seeded: SeededDish) => Effect.Effect<ReadonlyArray<string>>
    readonly download: (key: string) => Effect.Effect<{ readonly bytes: Uint8Array; readonly info: unknown }>
    readonly head: (key: string) => Effect.Effect<{ readonly contentType: string; readonly cacheControl?: string }>
  }
>() {
  static readonly layer = (settings: Record<string, string>) =>
    Layer.scoped(
      Fixtures,
      Effect.gen(function* () {
        const sql = yield* PgClient.PgClient
        const storage = yield* BlobStorage
        yield* Effect.orDie(storage.ensureBuckets)
        const client = yield* Effect.acquireRelease(Effect.sync(rawS3Client), (c) => Effect.sync(() => c.destroy()))
        const list = (bucket: string, prefix?: string) =>
          Effect.promise(
            (): Promise<ListObjectsV2CommandOutput> =>
              client.send(
                new ListObjectsV2Command({ Bucket: bucket, ...(prefix === undefined ? {} : { Prefix: prefix }) }),
              ),
          ).pipe(
            Effect.map((page) => (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key])).sort()),
          )
        const buckets = [settings.S3_BUCKET_IMAGES ?? "", settings.S3_BUCKET_MODELS ?? ""]
        yield* Effect.addFinalizer(() =>
          Effect.forEach(buckets, (bucket) =>
            Effect.gen(function* () {
              for (const key of yield* list(bucket)) {
                yield* Effect.promise(() => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })))
              }
              yield* Effect.promise(() => client.send(new DeleteBucketCommand({ Bucket: bucket })))
            }).pipe(Effect.ignore),
          ),
        )

        const photo = yield* makePlatePhoto()
        const seedRestaurant = Effect.gen(function* () {
          const tag = randomBytes(5).toString("hex")
          const [user] = yield* sql<{ id: string }>`INSERT INTO users ${sql.insert({
            email: `owner-${tag}@worker.test`,
            name: "Worker Test Owner",
            passwordHash: "not-a-real-hash",
          })} RETURNING id`
          const [restaurant] = yield* sql<{ id: string }>`INSERT INTO restaurants ${sql.insert({
            ownerId: user?.id ?? "",
            slug: `worker-${tag}`,
            name: "Worker Test Bistro",
            currency: "EUR",
            taxRateBps: 1000,
            tableCount: 5,
          })} RETURNING id`
          return RestaurantId.make(restaurant?.id ?? "")
        }).pipe(Effect.orDie)

        const seedDish = (restaurantId: RestaurantId, options: { readonly updatedAgo?: Duration.DurationInput } = {}) =>
          Effect.gen(function* () {
            const dishId = DishId.make(randomUUID())
            const imageKey = `restaurants/${restaurantId}/dishes/${dishId}/photo-${randomBytes(6).toString("hex")}.jpg`
            yield* storage.upload("images", imageKey, photo, { contentType: "image/jpeg", cacheControl: IMMUTABLE })
            const ago = Duration.toMillis(options.updatedAgo ?? 0) / 1000
            yield* sql`INSERT INTO dishes ${sql.insert({
              id: dishId,
              restaurantId,
              name: `Dish ${dishId.slice(0, 8)}`,
              category: "Mains",
              priceMinor: 1450,
              imageKey,
              geometry: sql.json(testGeometry),
            })}`
            if (ago > 0) {
              yield* sql`UPDATE dishes SET updated_at = now() - make_interval(secs => ${ago}) WHERE id = ${dishId}`
            }
            const payload: ModelJobPayload = { dishId, restaurantId, imageKey, geometry: testGeometry }
            return { dishId, restaurantId, imageKey, payload }
          }).pipe(Effect.orDie)

        return {
          settings,
          seedRestaurant,
          seedDish,
          dish: (dishId) =>
            sql`SELECT model_status, model_progress, model_key, model_version, failure_reason, model_waiting_for,
                  model_waiting_since, usdz_key, model_source, model_note
                FROM dishes WHERE id = ${dishId}`.pipe(
              Effect.flatMap((rows) => Schema.decodeUnknown(DishRow)(rows[0])),
              Effect.orDie,
            ),
          setGeometry: (dishId, geometry) =>
            sql`UPDATE dishes SET geometry = ${sql.json(geometry)}, updated_at = now() WHERE id = ${dishId}`.pipe(
              Effect.asVoid,
              Effect.orDie,
            ),
          setModelKind: (dishId, kind) =>
            sql`UPDATE dishes SET model_kind = ${kind} WHERE id = ${dishId}`.pipe(Effect.asVoid, Effect.orDie),
          forgetUsdz: (dishId) =>
            Effect.gen(function* () {
              const [row] = yield* sql<{ usdzKey: string | null }>`UPDATE dishes d SET usdz_key = NULL
                FROM dishes old WHERE d.id = ${dishId} AND old.id = d.id RETURNING old.usdz_key`
              if (row?.usdzKey) yield* storage.delete("models", row.usdzKey)
            }).pipe(Effect.orDie),
          modelKeys: (seeded) =>
            list(settings.S3_BUCKET_MODELS ?? "", `restaurants/${seeded.restaurantId}/dishes/${seeded.dishId}/`),
          download: (key) =>
            Effect.gen(function* () {
              const download = yield* storage.download("models", key)
              const chunks = yield* Stream.runCollect(download.stream)
              return { bytes: new Uint8Array(Buffer.concat(Chunk.toReadonlyArray(chunks))), info: download.info }
            }).pipe(Effect.orDie),
          head: (key) => Effect.orDie(storage.head("models", key)),
        }
      }),
    ).pipe(
      Layer.provide(Layer.mergeAll(DbLive, BlobStorageLive)),
      Layer.provide(WorkerAppConfigLive),
      Layer.provide(configLayer({ ...settings, REDIS_KEY_PREFIX: freshPrefix() })),
      Layer.provide(quietLogs),
      Layer.orDie,
    )
}

// ------------------------------------------------------------------------------------------- workers

/** Deletes every Redis key under `prefix` when the scope closes (after the workers using it stopped). */
export const cleanRedisOnExit = (prefix: string) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const client = new IORedis(redisUrl, { maxRetriesPerRequest: 1 })
      client.on("error", () => {})
      return client
    }),
    (client) =>
      Effect.promise(async () => {
        let cursor = "0"
        do {
          const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500)
          cursor = next
          if (keys.length > 0) await client.del(...keys)
        } while (cursor !== "0")
        await client.quit()
      }),
  )

/** A Redis subscriber collecting the JSON messages of one channel. */
export const subscribe = (channel: string) =>
  Effect.gen(function* () {
    const messages: Array<unknown> = []
    const client = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const c = new IORedis(redisUrl, { maxRetriesPerRequest: 1 })
        c.on("error", () => {})
        return c
      }),
      (c) => Effect.promise(() => c.quit().catch(() => c.disconnect())),
    )
    client.on("message", (_channel, message) => {
      messages.push(JSON.parse(message))
    })
    yield* Effect.promise(() => client.subscribe(channel))
    return messages
  })

/**
 * The real worker (consumer, reconciler, health) in this process, with its own Redis prefix; stops when
 * the scope closes. Returns the built context (ModelQueue, HealthServer, BlobStorage, ...).
 */
export const startWorker = (
  settings: Record<string, string>,
  options: WorkerLayerOptions & { readonly env?: Record<string, string>; readonly tracer?: Tracer.Tracer } = {},
) =>
  Effect.gen(function* () {
    const prefix = freshPrefix()
    yield* cleanRedisOnExit(prefix)
    const env = { ...settings, REDIS_KEY_PREFIX: prefix, ...options.env }
    const context = yield* Layer.build(
      makeWorkerLive(options).pipe(
        Layer.provide(configLayer(env)),
        Layer.provide(quietLogs),
        Layer.provide(options.tracer === undefined ? Layer.empty : Layer.setTracer(options.tracer)),
      ),
    ).pipe(Effect.orDie)
    return { context, prefix, env }
  })

/** The native tracer, also keeping every span it starts (names, trace ids, parents, attributes). */
export const recordingTracer = Effect.map(Effect.tracer, (native) => {
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = native.span(name, parent, context, links, startTime, kind, options)
      spans.push(span)
      return span
    },
    context: (f, fiber) => native.context(f, fiber),
  })
  return { tracer, spans }
})

/** ModelQueue (as the API uses it) on a worker's prefix. */
export const modelQueue = (env: Record<string, string>) =>
  Layer.build(ModelQueueLive.pipe(Layer.provide(WorkerAppConfigLive), Layer.provide(configLayer(env)))).pipe(
    Effect.map((context) => Context.get(context, ModelQueue)),
    Effect.orDie,
  )

/** A raw BullMQ queue on a worker's prefix, to add what ModelQueue would refuse and to inspect jobs. */
export const rawQueue = (env: Record<string, string>) =>
  Effect.gen(function* () {
    const connection = yield* openRedis(Redacted.make(env.REDIS_URL ?? redisUrl), "queueProducer")
    return yield* Effect.acquireRelease(
      Effect.sync(() => new Queue(MODEL_QUEUE, { connection, prefix: queuePrefix(env.REDIS_KEY_PREFIX ?? "") })),
      (q) => Effect.promise(() => q.close()),
    )
  })

/** Polls `read` until `done` holds, or dies with the last value seen. */
export const waitUntil = <A>(
  read: Effect.Effect<A>,
  done: (a: A) => boolean,
  timeout: Duration.DurationInput = "20 seconds",
) =>
  read.pipe(
    Effect.filterOrFail(done, () => "not yet" as const),
    Effect.retry(Schedule.spaced("50 millis")),
    Effect.timeoutOption(timeout),
    Effect.flatMap(
      Option.match({
        onSome: Effect.succeed,
        onNone: () => Effect.flatMap(read, (last) => Effect.dieMessage(`timed out; last: ${JSON.stringify(last)}`)),
      }),
    ),
  )
