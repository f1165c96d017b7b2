import { MAX_QUANTITY } from "@ardine/domain"
import { MAX_PHOTO_MB } from "../lib/photoCheck.js"

// One plain sentence per error `_tag`: what happened and what the person can do. Server messages are
// written for developers and logs, so they are never shown as they are.
// One sentence for every way a dish's chosen options stopped fitting its menu: the remedy is the same, and
// the diner's first download carries this table, so it stays short.
const chooseOptionsAgain = "A dish's options changed. Please remove it and choose its options again."

const sentences = {
  // Everyone
  NetworkError: "We can't reach Ardine. Check your internet connection and try again.",
  UnexpectedResponse: "The server answered in a way we didn't expect. Please try again.",
  InternalError: "Something went wrong on our side. Please try again.",
  ServiceUnavailable: "Part of Ardine is down for a moment. Please try again shortly.",
  NotReady: "Ardine is starting up. Please try again in a moment.",
  RateLimited: "Too many attempts in a short time. Please wait a minute and try again.",
  NotFound: "We couldn't find that. It may have been removed, or the link may be wrong.",
  RouteNotFound: "The server doesn't offer this yet. Please try again later.",
  HttpApiDecodeError: "Some of the details aren't valid. Please check them and try again.",
  ConstraintViolation: "Some of the details can't be saved as they are. Please check them and try again.",
  MalformedJson: "The app sent something the server couldn't read. Please reload the page and try again.",
  PayloadTooLarge: "That is too large to send. Please make it smaller and try again.",
  UnsupportedMediaType: "The app sent data in a format the server doesn't accept. Please reload the page.",
  LengthRequired: "The server needs to know the size of what is sent. Please reload the page and try again.",
  CrossSiteRequestRefused: "For your safety this request was blocked. Please reload Ardine and try again.",
  // Owners
  Unauthorized: "Please log in to continue.",
  InvalidCredentials: "That email and password don't match. Please try again.",
  EmailTaken: "There is already an account with this email. Try logging in instead.",
  SlugTaken: "That web address is already used by another restaurant. Please choose another.",
  InvalidOrderTransition: "This order has already moved on, so that step is no longer possible.",
  OrderNotPayable: "This order was cancelled, so it can't be marked paid.",
  UnsupportedImage: "That file isn't a photo we can read. Please choose a JPEG, PNG or WebP photo.",
  ImageTooLarge: `That photo is too large. Please choose one under ${MAX_PHOTO_MB} MB.`,
  MalwareDetected: "That file failed our safety scan and was not saved. Please use a different photo.",
  ScannerUnavailable:
    "We can't check photos for safety right now, so nothing was saved. Please try again in a few minutes.",
  DishAnalysisFailed: "We couldn't describe this dish from its photo right now. Please try again in a moment.",
  DishHasNoPhoto: "This dish has no photo yet, so there is nothing to build its 3D model from. Add a photo first.",
  DishNotPublishable:
    "This dish can't go on the menu yet: it needs a name, a price above 0 and its allergens confirmed. Edit it first.",
  OptionGroupRulesInvalid: "These rules contradict each other. Please check the minimum and maximum.",
  ReorderMismatch: "The options changed elsewhere. Please reload to see them.",
  OptionLimitReached: "That is as many as a dish (or a group) may have.",
  // Diners
  TableNotFound: "That table number doesn't exist here. Please check the number on your table.",
  InvalidTableToken:
    "Please scan the code on your table again: this link can't place orders for your table (its code may have been replaced).",
  DishUnavailable: "Some dishes in your cart are no longer available. Please remove them and try again.",
  UnknownOption: chooseOptionsAgain,
  OptionUnavailable: chooseOptionsAgain,
  RequiredOptionMissing: chooseOptionsAgain,
  TooFewOptions: chooseOptionsAgain,
  TooManyOptions: chooseOptionsAgain,
  QuantityTooLarge: `That's more of one dish than a single order can take (${MAX_QUANTITY} at most).`,
  IdempotencyKeyReused: "Your order changed while it was being sent. Please check your cart and place it again.",
  OrderNotBillable: "This order was cancelled, so there is no bill to bring.",
  PaymentMethodNotOffered: "This restaurant doesn't take that way of paying any more. Please choose another.",
  Aborted: "The upload was cancelled.",
} as const

export type DescribedTag = keyof typeof sentences

const fallback = "Something went wrong. Please try again."

export const isDescribed = (tag: string): tag is DescribedTag => Object.hasOwn(sentences, tag)

// Failures that can pass by themselves: only these get a "try again" button.
const transient = new Set<string>([
  "NetworkError",
  "UnexpectedResponse",
  "InternalError",
  "ServiceUnavailable",
  "NotReady",
  "RateLimited",
  "ScannerUnavailable",
  "DishAnalysisFailed",
])

export const isTransient = (tag: string): boolean => transient.has(tag)

/** The sentence a person reads for an error `_tag`. */
export const describeError = (tag: string): string => (isDescribed(tag) ? sentences[tag] : fallback)
