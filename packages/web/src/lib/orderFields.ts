import type { ParseResult } from "effect"
import { fieldErrors } from "./fieldErrors.js"

// The schema's wording is for developers; each order field gets one plain instruction instead.
export const orderInstructions: Readonly<Record<string, string>> = {
  table: "Scan the code on your table to order: it tells the kitchen where to bring your food.",
  customerName: "Enter your name, so the staff know whose order it is.",
  customerPhone: "Enter a phone number, like +44 20 7946 0958.",
  paymentMethod: "Choose how you will pay.",
  items: "Your order is empty.",
}

// "Enter your name" would be wrong for a name that is there but too long: the schema's own limit
// ("must be at most 80 characters") says what to fix, so it is kept, as a sentence.
const tooLong = /^must be at most (\d+) characters$/

const instructionFor = (field: string, message: string): string => {
  const limit = tooLong.exec(message)?.[1]
  if (limit !== undefined) return `That is too long: use at most ${limit} characters.`
  return orderInstructions[field] ?? message
}

/** The place-order form's problems, by field, in the diner's words. */
export const orderFieldErrors = (error: ParseResult.ParseError): Readonly<Record<string, string>> =>
  Object.fromEntries(
    Object.entries(fieldErrors(error)).map(([field, message]) => [field, instructionFor(field, message)]),
  )
