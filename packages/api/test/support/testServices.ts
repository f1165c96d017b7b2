import {
  type DinerOrderEvent,
  DishAnalysis,
  type DishTranslations,
  type OrderId,
  type RestaurantEvent,
  type RestaurantId,
} from "@ardine/domain"
import {
  type AnalysisFailed,
  AnalyzerUnavailable,
  AppConfigLive,
  BlobStorage,
  BlobStorageMemory,
  BucketSetupLive,
  type DatabaseFailure,
  DbLive,
  type DishAnalysisInput,
  DishesRepo,
  type DishTranslationInput,
  Events,
  EventsMemory,
  MalwareScanner,
  MalwareScannerTest,
  ModelQueue,
  type ModelQueueMemoryJobs,
  makeDishAnalyzerTest,
  makeMalwareScannerTest,
  makeModelQueueMemory,
  mapSqlErrors,
  QueueUnavailable,
  RateLimiterMemory,
  Redis,
  StorageUnavailable,
  StorageUrlsLive,
} from "@ardine/infra"
import { SqlError } from "@effect/sql/SqlError"
import { Effect, Layer, Schema } from "effect"
import { Redis as IORedis } from "ioredis"
import { sampleAnswer } from "../../../infra/test/support/geminiDouble.js"
import { PasswordsTest } from "../../src/auth/Passwords.js"
import { makeDinerReads, RepositoriesLive } from "../../src/server.js"

/** The steps of Ardine's own logic a test can make fail, each as its backend being down would. */
export type Step = "scan" | "store" | "analyze" | "writeDish" | "enqueue"

export type Published =
  | { readonly to: "restaurant"; readonly id: RestaurantId; readonly event: RestaurantEvent }
  | { readonly to: "order"; readonly id: OrderId; readonly event: DinerOrderEvent }

/** The doubles' state, shared with the test that started them: read it, or change it to script a step. */
export interface Doubles {
  /** Steps failing until removed from the set. */
  readonly failing: Set<Step>
  /** The model jobs enqueued, by job id (a test moves their state to play the worker). */
  readonly jobs: ModelQueueMemoryJobs
  /** Every live event published, in order. */
  readonly published: Array<Published>
  /** What the dish analyzer answers; replace it to script the AI. */
  analyze: (input: DishAnalysisInput) => Effect.Effect<DishAnalysis, AnalysisFailed | AnalyzerUnavailable>
  /** The photos the analyzer was asked about. */
  readonly analyzed: Array<DishAnalysisInput>
  /** What the analyzer suggests as translations (none by default, as without an AI); replace it to script. */
  translate: (input: DishTranslationInput) => Effect.Effect<DishTranslations, AnalysisFailed | AnalyzerUnavailable>
  /** The words the analyzer was asked to translate. */
  readonly translated: Array<DishTranslationInput>
}

export const sampleAnalysis: DishAnalysis = Schema.decodeUnknownSync(DishAnalysis)(sampleAnswer)

export const makeDoubles = (): Doubles => ({
  failing: new Set(),
  jobs: new Map(),
  published: [],
  analyze: () => Effect.succeed(sampleAnalysis),
  analyzed: [],
  translate: () => Effect.succeed({}),
  translated: [],
})

const down = (doubles: Doubles, step: Step) => Effect.suspend(() => Effect.succeed(doubles.failing.has(step)))

/** EICAR-flagging scanner (`MalwareScannerTest`) that is down while "scan" fails. */
const scanner = (doubles: Doubles) =>
  Layer.effect(
    MalwareScanner,
    Effect.gen(function* () {
      const up = yield* Effect.provide(MalwareScanner, MalwareScannerTest)
      const unavailable = yield* Effect.provide(MalwareScanner, makeMalwareScannerTest({ unavailable: true }))
      const pick = Effect.map(down(doubles, "scan"), (isDown) => (isDown ? unavailable : up))
      return MalwareScanner.of({
        scan: (input) => Effect.flatMap(pick, (s) => s.scan(input)),
        scanBytes: (bytes) => Effect.flatMap(pick, (s) => s.scanBytes(bytes)),
        ping: Effect.flatMap(pick, (s) => s.ping),
        version: Effect.flatMap(pick, (s) => s.version),
      })
    }),
  )

/** BlobStorageMemory whose uploads fail while "store" fails. */
const storage = (doubles: Doubles) =>
  Layer.effect(
    BlobStorage,
    Effect.map(BlobStorage, (memory) =>
      BlobStorage.of({
        ...memory,
        upload: (bucket, key, body, options) =>
          Effect.flatMap(down(doubles, "store"), (isDown) =>
            isDown
              ? Effect.fail(new StorageUnavailable({ operation: "upload", reason: "storage down (test double)" }))
              : memory.upload(bucket, key, body, options),
          ),
      }),
    ),
  ).pipe(Layer.provide(BlobStorageMemory))

/** EventsMemory (publish reaches this process's subscribers) that also records what was published. */
const events = (doubles: Doubles) =>
  Layer.effect(
    Events,
    Effect.map(Events, (memory) =>
      Events.of({
        ...memory,
        publishRestaurant: (id, event) =>
          Effect.zipRight(
            Effect.sync(() => doubles.published.push({ to: "restaurant", id, event })),
            memory.publishRestaurant(id, event),
          ),
        publishOrder: (id, event) =>
          Effect.zipRight(
            Effect.sync(() => doubles.published.push({ to: "order", id, event })),
            memory.publishOrder(id, event),
          ),
      }),
    ),
  ).pipe(Layer.provide(EventsMemory))

/** The memory queue (`makeModelQueueMemory`), down while "enqueue" fails. */
const queue = (doubles: Doubles) =>
  Layer.effect(
    ModelQueue,
    Effect.map(ModelQueue, (memory) =>
      ModelQueue.of({
        ...memory,
        enqueue: (payload, lane) =>
          Effect.flatMap(down(doubles, "enqueue"), (isDown) =>
            isDown
              ? Effect.fail(new QueueUnavailable({ reason: "queue down (test double)" }))
              : memory.enqueue(payload, lane),
          ),
      }),
    ),
  ).pipe(Layer.provide(makeModelQueueMemory(doubles.jobs)))

/** `makeDishAnalyzerTest` answering whatever `doubles.analyze` says, down while "analyze" fails. */
const analyzer = (doubles: Doubles) =>
  makeDishAnalyzerTest(
    (input) =>
      Effect.flatMap(down(doubles, "analyze"), (isDown) =>
        isDown
          ? Effect.fail(new AnalyzerUnavailable({ reason: "analyzer down (test double)" }))
          : Effect.suspend(() => {
              doubles.analyzed.push(input)
              return doubles.analyze(input)
            }),
      ),
    (input) =>
      Effect.suspend(() => {
        doubles.translated.push(input)
        return doubles.translate(input)
      }),
  )

/** The real repositories (Postgres) with dish writes failing while "writeDish" fails. */
const repositories = (doubles: Doubles) => {
  // Mapped the way the repositories map a raw SQL error (a database that is down answers 503).
  const writeFails = <A, E, R>(write: Effect.Effect<A, E, R>) =>
    Effect.flatMap(
      down(doubles, "writeDish"),
      (isDown): Effect.Effect<A, E | DatabaseFailure, R> =>
        isDown ? mapSqlErrors(Effect.fail(new SqlError({ message: "database down (test double)" }))) : write,
    )
  const dishes = Layer.effect(
    DishesRepo,
    Effect.map(DishesRepo, (repo) =>
      DishesRepo.make({
        ...repo,
        insert: (dish) => writeFails(repo.insert(dish)),
        replacePhoto: (restaurantId, dishId, photo) => writeFails(repo.replacePhoto(restaurantId, dishId, photo)),
      }),
    ),
  )
  return dishes.pipe(Layer.provideMerge(RepositoriesLive))
}

/**
 * No Redis at all: a client for a port nothing listens on that never reconnects, so every command fails at once
 * (the menu cache and the diner read counter then work from this process alone, as when Redis is down).
 */
const RedisAbsent = Layer.scoped(
  Redis,
  Effect.acquireRelease(
    Effect.sync(() => {
      const client = new IORedis("redis://127.0.0.1:1", {
        ...Redis.options,
        lazyConnect: true,
        retryStrategy: () => null,
      })
      client.on("error", () => {})
      return client
    }),
    (client) => Effect.sync(() => client.disconnect()),
  ),
)

/**
 * The API's services with every outside client a double and only Postgres real: blob storage in memory, the
 * EICAR-flagging scanner, a scripted analyzer, the memory queue, in-process events and rate limits, and passwords
 * hashed at a test's cost. What the doubles saw, and which step fails, is in `doubles`.
 */
export const makeTestServices = (doubles: Doubles) =>
  Layer.mergeAll(
    repositories(doubles),
    makeDinerReads(RateLimiterMemory),
    BucketSetupLive.pipe(Layer.provideMerge(storage(doubles))),
    StorageUrlsLive,
    scanner(doubles),
    analyzer(doubles),
    queue(doubles),
    events(doubles),
    PasswordsTest,
  ).pipe(Layer.provideMerge(RedisAbsent), Layer.provideMerge(DbLive), Layer.provideMerge(AppConfigLive))
