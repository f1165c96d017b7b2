import { Schema } from "effect"

// Control characters (other than tab/newline) and U+FFFD never come from a person typing:
// U+FFFD is what invalid UTF-8 in a request body decodes to, so rejecting it rejects invalid UTF-8.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const forbiddenInLine = /[\u0000-\u001f\u007f\ufffd]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const forbiddenInText = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/

// A lone surrogate (an escaped "\ud800" in JSON) is not text: storing it would silently turn it into U+FFFD.
const loneSurrogate = /[\ud800-\udfff]/u

/** Control characters, U+FFFD (invalid UTF-8) or a lone surrogate anywhere in a single-line value. */
export const hasForbiddenCharacters = (s: string): boolean => forbiddenInLine.test(s) || loneSurrogate.test(s)

/** A single line of text a person typed: trimmed, non-empty, bounded, no control characters. */
export const Line = (maxLength: number) =>
  Schema.Trim.pipe(
    Schema.minLength(1, { message: () => "must not be empty" }),
    Schema.maxLength(maxLength, { message: () => `must be at most ${maxLength} characters` }),
    Schema.filter((s) => !hasForbiddenCharacters(s) || "must not contain control characters or invalid UTF-8"),
  )

/** Multi-line free text (descriptions): newlines allowed, may be empty. */
export const Paragraph = (maxLength: number) =>
  Schema.Trim.pipe(
    Schema.maxLength(maxLength, { message: () => `must be at most ${maxLength} characters` }),
    Schema.filter(
      (s) =>
        (!forbiddenInText.test(s) && !loneSurrogate.test(s)) || "must not contain control characters or invalid UTF-8",
    ),
  )
