import type { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Effect, Option, Predicate } from "effect"

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
