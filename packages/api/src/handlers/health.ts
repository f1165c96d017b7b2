import { ArdineApi, NotReady, type Readiness } from "@ardine/domain"
import { BlobStorage, MalwareScanner, ModelQueue } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

type Check = Readiness["checks"][string]

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
    return handlers
      .handle("live", () => Effect.succeed({ status: "live" as const }))
      .handle("ready", () =>
        Effect.gen(function* () {
          const checks = yield* Effect.all(
            {
              database: probe(sql`SELECT 1`),
              redis: probe(queue.ping),
              storage: probe(Effect.filterOrFail(storage.bucketExists("images"), (exists) => exists)),
              scanner: probe(scanner.ping),
            },
            { concurrency: "unbounded" },
          )
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
