import { ConstraintViolation, ServiceUnavailable } from "@ardine/domain"
import { isValueRefused, loggableSqlFailure } from "@ardine/infra"
import type { SqlError } from "@effect/sql/SqlError"
import type { Cause } from "effect"
import { Effect, Predicate } from "effect"
import type { ParseError } from "effect/ParseResult"

type StorageFault = SqlError | ParseError | Cause.NoSuchElementException

const isStorageFault = (e: unknown): e is StorageFault =>
  Predicate.isTagged(e, "SqlError") ||
  Predicate.isTagged(e, "ParseError") ||
  Predicate.isTagged(e, "NoSuchElementException")

/** A failed statement: a refused value is the request's fault (422), anything else the database being down (503). */
const sqlFailure = (e: SqlError): Effect.Effect<never, ConstraintViolation | ServiceUnavailable> =>
  isValueRefused(e)
    ? Effect.logWarning("the database refused a value of the request").pipe(
        Effect.annotateLogs(loggableSqlFailure(e)),
        Effect.zipRight(
          Effect.fail(new ConstraintViolation({ message: "The request holds a value that cannot be stored" })),
        ),
      )
    : Effect.logError("database request failed").pipe(
        Effect.annotateLogs(loggableSqlFailure(e)),
        Effect.zipRight(
          Effect.fail(
            new ServiceUnavailable({ service: "database", message: "The database is unavailable, try again" }),
          ),
        ),
      )

/**
 * The database being unreachable is a 503 the client may retry; a value it refuses is a 422 (never an
 * outage); a row that does not decode (or a RETURNING that returned nothing) is our bug, so it becomes a
 * defect: 500, logged with its cause. Log lines name the SQLSTATE and constraint, never the row's values.
 */
export const dbErrors = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, Exclude<E, StorageFault> | ServiceUnavailable | ConstraintViolation, R> =>
  Effect.catchIf(effect, isStorageFault, (e) =>
    e._tag === "SqlError" ? sqlFailure(e) : Effect.die(e),
  ) as Effect.Effect<A, Exclude<E, StorageFault> | ServiceUnavailable | ConstraintViolation, R>
