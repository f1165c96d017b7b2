import { ArdineApi, NotReady, type Readiness } from "@ardine/domain"
import { pingRedis } from "@ardine/infra"
import { HttpApiBuilder } from "@effect/platform"
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
    return handlers
      .handle("live", () => Effect.succeed({ status: "live" as const }))
      .handle("ready", () =>
        Effect.gen(function* () {
          const checks = yield* Effect.all(
            { database: probe(sql`SELECT 1`), redis: probe(pingRedis()) },
            { concurrency: "unbounded" },
          )
          // Only the database gates readiness: without Redis the menu and orders still work (limits fail open).
          if (checks.database === "down") {
            return yield* Effect.fail(new NotReady({ checks, message: "The database is not reachable" }))
          }
          return { status: "ready" as const, checks }
        }),
      )
  }),
)
