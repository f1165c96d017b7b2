import { ParseResult } from "effect"

// Short, bounded accounts of failures, shared by the analyzers: they end up in logs and in the dish's status.

export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s)

export const describeCause = (error: unknown): string => {
  if (!(error instanceof Error)) return clip(String(error), 200)
  const cause: unknown = error.cause
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? ` (${cause.code})`
      : ""
  return clip(`${error.name}: ${error.message}${code}`, 300)
}

/** A short, bounded account of why an answer does not decode (never the answer itself: it may be huge). */
export const describeParseError = (error: ParseResult.ParseError, expected = "DishAnalysis"): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(root)"}: ${clip(issue.message, 160)}`)
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : ""
  return `the answer does not match ${expected}: ${shown.join("; ")}${more}`
}
