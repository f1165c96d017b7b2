import { ServiceUnavailable } from "@ardine/domain"
import type { SqlError } from "@effect/sql/SqlError"
import type { Cause } from "effect"
import { Effect, Predicate } from "effect"
import type { ParseError } from "effect/ParseResult"

type StorageFault = SqlError | ParseError | Cause.NoSuchElementException

const isStorageFault = (e: unknown): e is StorageFault =>
  Predicate.isTagged(e, "SqlError") ||
  Predicate.isTagged(e, "ParseError") ||
  Predicate.isTagged(e, "NoSuchElementException")

/**
 * The database being unreachable is a 503 the client may retry; a row that does not decode (or a
 * RETURNING that returned nothing) is our bug, so it becomes a defect: 500, logged with its cause.
 */
export const dbErrors = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, Exclude<E, StorageFault> | ServiceUnavailable, R> =>
  Effect.catchIf(effect, isStorageFault, (e) =>
    e._tag === "SqlError"
      ? Effect.logError("database request failed", e.cause).pipe(
          Effect.zipRight(
            Effect.fail(
              new ServiceUnavailable({ service: "database", message: "The database is unavailable, try again" }),
            ),
          ),
        )
      : Effect.die(e),
  ) as Effect.Effect<A, Exclude<E, StorageFault> | ServiceUnavailable, R>
