import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import { Schema } from "effect"

// What can be wrong with a diner's choice of options (order placing) or an owner's group (editing).
// All 422: the request was well formed, but the menu does not allow it. Nothing is written.

/** Option ids that are not options of that dish (made up, deleted, or another dish's). */
export class UnknownOption extends Schema.TaggedError<UnknownOption>()(
  "UnknownOption",
  { dishId: Schema.String, optionIds: Schema.Array(Schema.String), message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

/** Options of the dish that the owner has marked unavailable (sold out). */
export class OptionUnavailable extends Schema.TaggedError<OptionUnavailable>()(
  "OptionUnavailable",
  { dishId: Schema.String, optionIds: Schema.Array(Schema.String), message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

const groupChoice = {
  dishId: Schema.String,
  groupId: Schema.String,
  groupName: Schema.String,
  minSelections: Schema.Int,
  maxSelections: Schema.Int,
  chosen: Schema.Int,
  message: Schema.String,
}

/** A required group with nothing chosen. */
export class RequiredOptionMissing extends Schema.TaggedError<RequiredOptionMissing>()(
  "RequiredOptionMissing",
  groupChoice,
  HttpApiSchema.annotations({ status: 422 }),
) {}

/** Some options of a group chosen, but fewer than its minimum. */
export class TooFewOptions extends Schema.TaggedError<TooFewOptions>()(
  "TooFewOptions",
  groupChoice,
  HttpApiSchema.annotations({ status: 422 }),
) {}

/** More options of a group chosen than its maximum (more than one in a single-choice group). */
export class TooManyOptions extends Schema.TaggedError<TooManyOptions>()(
  "TooManyOptions",
  groupChoice,
  HttpApiSchema.annotations({ status: 422 }),
) {}

export type OptionChoiceError =
  | UnknownOption
  | OptionUnavailable
  | RequiredOptionMissing
  | TooFewOptions
  | TooManyOptions

/** An owner's group rules that contradict each other (a required group with no minimum, min above max...). */
export class OptionGroupRulesInvalid extends Schema.TaggedError<OptionGroupRulesInvalid>()(
  "OptionGroupRulesInvalid",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

/** A reorder that does not name every group (or option) exactly once. */
export class ReorderMismatch extends Schema.TaggedError<ReorderMismatch>()(
  "ReorderMismatch",
  { expected: Schema.Array(Schema.String), message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}

/** A dish already has the most groups, or a group the most options, allowed. */
export class OptionLimitReached extends Schema.TaggedError<OptionLimitReached>()(
  "OptionLimitReached",
  { limit: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 422 }),
) {}
