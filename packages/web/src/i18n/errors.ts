import { MAX_QUANTITY } from "@ardine/domain"
import { t, wordsReady } from "./index.js"

// The error sentences a diner can meet, in their language. Owner-only failures keep the English of
// api/describeError.ts, as do all of them on pages that never loaded the diner's words.
const dinerTags = [
  "NetworkError",
  "UnexpectedResponse",
  "InternalError",
  "ServiceUnavailable",
  "NotReady",
  "RateLimited",
  "NotFound",
  "TableNotFound",
  "InvalidTableToken",
  "DishUnavailable",
  "IdempotencyKeyReused",
  "OrderNotBillable",
  "PaymentMethodNotOffered",
] as const
type DinerTag = (typeof dinerTags)[number]
const isDinerTag = (tag: string): tag is DinerTag => (dinerTags as ReadonlyArray<string>).includes(tag)

// Every way a line's chosen options stopped fitting the menu has the same remedy, hence one sentence.
const optionTags = new Set([
  "UnknownOption",
  "OptionUnavailable",
  "RequiredOptionMissing",
  "TooFewOptions",
  "TooManyOptions",
])

/** The sentence for an error `_tag` in the diner's language, or undefined where English stays. */
export const dinerErrorSentence = (tag: string, described: boolean): string | undefined => {
  if (!wordsReady()) return undefined
  if (isDinerTag(tag)) return t(`errors.${tag}`)
  if (optionTags.has(tag)) return t("errors.optionsChanged")
  if (tag === "QuantityTooLarge") return t("errors.QuantityTooLarge", MAX_QUANTITY)
  return described ? undefined : t("errors.fallback")
}

/** "Try again" in the diner's language, where their words are loaded. */
export const tryAgainLabel = (): string => (wordsReady() ? t("errors.tryAgain") : "Try again")
