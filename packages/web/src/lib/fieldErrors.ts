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
