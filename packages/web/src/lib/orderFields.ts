import type { ParseResult } from "effect"
import type { Dictionary } from "../i18n/dictionaries/en.js"
import { fieldErrors } from "./fieldErrors.js"

/** The place-order form's instructions, as a language's dictionary gives them. */
export type OrderFieldWords = Dictionary["orderFields"]

// The schema's wording is for developers; each order field gets one plain instruction instead.
const instructedFields = ["table", "customerName", "customerPhone", "paymentMethod", "items"] as const
type InstructedField = (typeof instructedFields)[number]
const isInstructed = (field: string): field is InstructedField =>
  (instructedFields as ReadonlyArray<string>).includes(field)

// "Enter your name" would be wrong for a name that is there but too long: the schema's own limit
// ("must be at most 80 characters") says what to fix, so it is kept, as a sentence.
const tooLong = /^must be at most (\d+) characters$/

const instructionFor = (field: string, message: string, words: OrderFieldWords): string => {
  const limit = tooLong.exec(message)?.[1]
  if (limit !== undefined) return words.tooLong(Number(limit))
  return isInstructed(field) ? words[field] : message
}

/** The place-order form's problems, by field, in the diner's words. */
export const orderFieldErrors = (
  error: ParseResult.ParseError,
  words: OrderFieldWords,
): Readonly<Record<string, string>> =>
  Object.fromEntries(
    Object.entries(fieldErrors(error)).map(([field, message]) => [field, instructionFor(field, message, words)]),
  )
