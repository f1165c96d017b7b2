import { ConstraintViolation, ServiceUnavailable } from "@ardine/domain"
import type { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { type Cause, Effect, Option, Predicate } from "effect"
import type { ParseError } from "effect/ParseResult"

/** True when a statement failed on a UNIQUE constraint (optionally a named one). */
export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  if (!(error instanceof SqlError)) return false
  const cause = error.cause
  if (!Predicate.hasProperty(cause, "code") || cause.code !== "23505") return false
  return constraint === undefined || (Predicate.hasProperty(cause, "constraint") && cause.constraint === constraint)
}

/**
 * `sql.withTransaction`, except that a connection lost at COMMIT or ROLLBACK (which @effect/sql turns
 * into a defect) stays an ordinary `SqlError`: callers answer 503 and the client may retry, instead of 500.
 */
export const inTransaction =
  (sql: SqlClient.SqlClient) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | SqlError, R> =>
    sql
      .withTransaction(effect)
      .pipe(
        Effect.catchSomeDefect((defect) =>
          defect instanceof SqlError ? Option.some(Effect.fail(defect)) : Option.none(),
        ),
      )

const pgField = (cause: unknown, field: string): string | undefined =>
  Predicate.hasProperty(cause, field) && typeof cause[field] === "string" ? cause[field] : undefined

/** The SQLSTATE the database answered a failed statement with ("23514"), if it answered at all. */
export const sqlStateOf = (error: SqlError): string | undefined => {
  const code = pgField(error.cause, "code")
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/**
 * The database refused a value (class 23: a CHECK, NOT NULL, unique or foreign key; class 22: a value out
 * of range or of the wrong form): the request's data is at fault, and retrying it will not help.
 */
export const isValueRefused = (error: SqlError): boolean => {
  const state = sqlStateOf(error)
  return state !== undefined && (state.startsWith("23") || state.startsWith("22"))
}

/**
 * What may be logged about a failed statement: its SQLSTATE and the names of what refused it. Never the
 * driver's `detail` ("Failing row contains (…)", "Key (email)=(…)") nor, for refused values, its message
 * (class 22 messages quote the value): those carry customers' personal data.
 */
export const loggableSqlFailure = (error: SqlError) => ({
  sqlState: sqlStateOf(error) ?? "none",
  constraint: pgField(error.cause, "constraint") ?? "",
  table: pgField(error.cause, "table") ?? "",
  column: pgField(error.cause, "column") ?? "",
  reason: isValueRefused(error) ? "value refused" : (pgField(error.cause, "message") ?? error.message),
})

/** What a statement can fail with before it is mapped: the driver's error, or a row that does not fit. */
export type SqlFault = SqlError | ParseError | Cause.NoSuchElementException

/** What a repository method fails with instead: the request's fault (422) or the database's (503). */
export type DatabaseFailure = ConstraintViolation | ServiceUnavailable

const isSqlFault = (e: unknown): e is SqlFault =>
  Predicate.isTagged(e, "SqlError") ||
  Predicate.isTagged(e, "ParseError") ||
  Predicate.isTagged(e, "NoSuchElementException")

const sqlFailure = (e: SqlError): Effect.Effect<never, DatabaseFailure> =>
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
 * Maps a repository method's storage faults once, so callers see only typed errors: a value the database
 * refuses is a ConstraintViolation (422, never an outage); the database being unreachable is a
 * ServiceUnavailable (503) the client may retry; a row that does not decode (or a RETURNING that returned
 * nothing) is our bug, so it becomes a defect (500, logged with its cause). Log lines name the SQLSTATE
 * and constraint, never the row's values. Errors the method already mapped (SlugTaken, ...) pass through.
 */
export const mapSqlErrors = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, Exclude<E, SqlFault> | DatabaseFailure, R> =>
  Effect.catchIf(effect, isSqlFault, (e) => (e._tag === "SqlError" ? sqlFailure(e) : Effect.die(e))) as Effect.Effect<
    A,
    Exclude<E, SqlFault> | DatabaseFailure,
    R
  >
