import { ArdineApi, NotReady, type Readiness } from "@ardine/domain"
import { BlobStorage, MalwareScanner, ModelQueue } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { SqlClient } from "@effect/sql"
import { Duration, Effect } from "effect"

type Check = Readiness["checks"][string]

/** How long one round of readiness checks answers the probe (Kubernetes probes every few seconds). */
export const readinessCacheTtl = Duration.seconds(1)

const probe = <E, R>(effect: Effect.Effect<unknown, E, R>) =>
  effect.pipe(
    Effect.timeout("2 seconds"),
    Effect.as<Check>("up"),
    Effect.orElseSucceed((): Check => "down"),
  )

export const HealthLive = HttpApiBuilder.group(ArdineApi, "health", (handlers) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const storage = yield* BlobStorage
    const scanner = yield* MalwareScanner
    const queue = yield* ModelQueue
    // One round of checks serves every caller for a moment: callers during a round wait for it rather than
    // start their own, so however often (or however many at once) the probe is called, each dependency sees
    // at most one check per readinessCacheTtl. The unauthenticated endpoint is no amplifier.
    const checkAll = yield* Effect.cachedWithTTL(
      Effect.all(
        {
          database: probe(sql`SELECT 1`),
          redis: probe(queue.ping),
          storage: probe(Effect.filterOrFail(storage.bucketExists("images"), (exists) => exists)),
          scanner: probe(scanner.ping),
        },
        { concurrency: "unbounded" },
      ),
      readinessCacheTtl,
    )
    return handlers
      .handle("live", () => Effect.succeed({ status: "live" as const }))
      .handle("ready", () =>
        Effect.gen(function* () {
          const checks = yield* checkAll
          // Only the database gates readiness: without Redis, storage or the scanner, menus and orders still
          // work (uploads answer 503), so taking the pod out of service would make things worse.
          if (checks.database === "down") {
            return yield* Effect.fail(new NotReady({ checks, message: "The database is not reachable" }))
          }
          return { status: "ready" as const, checks }
        }),
      )
  }),
)
