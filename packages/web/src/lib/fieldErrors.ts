import { type Either, ParseResult, Schema } from "effect"

/** Checks a form's values with a domain schema, collecting every problem (not only the first). */
export const checkForm = <A, I>(
  schema: Schema.Schema<A, I>,
  input: unknown,
): Either.Either<A, ParseResult.ParseError> => Schema.decodeUnknownEither(schema)(input, { errors: "all" })

/**
 * The first message per form field from a domain schema's decode error, so forms check input with
 * the same rules the server applies and say which field is wrong.
 */
export const fieldErrors = (error: ParseResult.ParseError): Readonly<Record<string, string>> => {
  const result: Record<string, string> = {}
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "form"
    result[field] ??= issue.message
  }
  return result
}

/**
 * The messages to show while someone corrects a form after a failed submit: a field's message goes
 * as soon as the field is right (or changes to its new problem); a field not yet flagged stays quiet
 * until the next submit, so nobody is scolded while still typing.
 */
export const stillWrong = (
  shown: Readonly<Record<string, string>>,
  found: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> =>
  Object.fromEntries(
    Object.keys(shown).flatMap((field) => {
      const problem = found[field]
      return problem === undefined ? [] : [[field, problem]]
    }),
  )
