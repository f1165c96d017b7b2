import { SqlError } from "@effect/sql/SqlError"
import { Predicate } from "effect"

/** True when a statement failed on a UNIQUE constraint (optionally a named one). */
export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  if (!(error instanceof SqlError)) return false
  const cause = error.cause
  if (!Predicate.hasProperty(cause, "code") || cause.code !== "23505") return false
  return constraint === undefined || (Predicate.hasProperty(cause, "constraint") && cause.constraint === constraint)
}
