import { Schema } from "effect"
import { DishId } from "./ids.js"
import { type Language, translationsOf } from "./language.js"
import { MAX_PRICE_MINOR } from "./money.js"
import { Line } from "./text.js"

// Dish options ("modifiers"): a dish has ordered option groups ("Cooking", "Milk"), each with ordered
// options ("Medium", "Oat milk +0.40"). A diner's order line names the chosen options by id; the server
// checks the choice against the group's rules and prices it.

export const OptionGroupId = Schema.UUID.pipe(Schema.brand("OptionGroupId"))
export type OptionGroupId = typeof OptionGroupId.Type

export const DishOptionId = Schema.UUID.pipe(Schema.brand("DishOptionId"))
export type DishOptionId = typeof DishOptionId.Type

/** One option from the group ("single": a radio group) or several ("multiple": check boxes). */
export const OptionSelection = Schema.Literal("single", "multiple")
export type OptionSelection = typeof OptionSelection.Type

export const MAX_OPTION_GROUPS_PER_DISH = 20
export const MAX_OPTIONS_PER_GROUP = 30

export const OptionGroupName = Line(80)
export const OptionName = Line(80)

/** A group's or an option's name in one language; left out, it falls back to the main language's. */
export const OptionTexts = Schema.Struct({ name: Schema.optional(Line(80)) })
export type OptionTexts = typeof OptionTexts.Type

/** A group's or an option's names per language, keyed by tag (an unknown tag is refused). */
export const OptionTranslations = translationsOf(OptionTexts)
export type OptionTranslations = typeof OptionTranslations.Type

/** What an option adds to the dish's price, in minor units; negative for "no cheese". */
export const PriceDeltaMinor = Schema.Int.pipe(Schema.between(-MAX_PRICE_MINOR, MAX_PRICE_MINOR))

export const SelectionCount = Schema.Int.pipe(Schema.between(0, MAX_OPTIONS_PER_GROUP))

export class DishOption extends Schema.Class<DishOption>("DishOption")({
  id: DishOptionId,
  name: Schema.String,
  priceDeltaMinor: Schema.Int,
  available: Schema.Boolean,
  /** 0-based, in the order the owner arranged the group's options. */
  position: Schema.Int,
  /** Its name in the restaurant's other languages (the owner's view; the public menu is already translated). */
  translations: Schema.optionalWith(OptionTranslations, { default: () => ({}) }),
}) {}

/**
 * A dish's option group. `required` is always `minSelections >= 1`; a "single" group has
 * `maxSelections` 1. The owner's view lists every option; the public menu only the available ones.
 */
export class OptionGroup extends Schema.Class<OptionGroup>("OptionGroup")({
  id: OptionGroupId,
  dishId: DishId,
  name: Schema.String,
  selection: OptionSelection,
  required: Schema.Boolean,
  minSelections: Schema.Int,
  maxSelections: Schema.Int,
  /** 0-based, in the order the owner arranged the dish's groups. */
  position: Schema.Int,
  options: Schema.Array(DishOption),
  /** Its name in the restaurant's other languages (the owner's view; the public menu is already translated). */
  translations: Schema.optionalWith(OptionTranslations, { default: () => ({}) }),
}) {}

export class OptionGroupList extends Schema.Class<OptionGroupList>("OptionGroupList")({
  groups: Schema.Array(OptionGroup),
}) {}

export class CreateDishOptionRequest extends Schema.Class<CreateDishOptionRequest>("CreateDishOptionRequest")({
  name: OptionName,
  priceDeltaMinor: Schema.optionalWith(PriceDeltaMinor, { default: () => 0 }),
  available: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  translations: Schema.optionalWith(OptionTranslations, { default: () => ({}) }),
}) {}

export class UpdateDishOptionRequest extends Schema.Class<UpdateDishOptionRequest>("UpdateDishOptionRequest")({
  name: Schema.optional(OptionName),
  priceDeltaMinor: Schema.optional(PriceDeltaMinor),
  available: Schema.optional(Schema.Boolean),
  /** Languages sent replace their names; languages left out keep theirs. */
  translations: Schema.optional(OptionTranslations),
}) {}

/**
 * A new group. Left out: `required` false, `minSelections` 1 if required else 0, `maxSelections` 1 for
 * "single", else the number of options given (at least 1). Rules that contradict each other are a 422
 * OptionGroupRulesInvalid.
 */
export class CreateOptionGroupRequest extends Schema.Class<CreateOptionGroupRequest>("CreateOptionGroupRequest")({
  name: OptionGroupName,
  selection: OptionSelection,
  required: Schema.optional(Schema.Boolean),
  minSelections: Schema.optional(SelectionCount),
  maxSelections: Schema.optional(SelectionCount),
  options: Schema.optionalWith(Schema.Array(CreateDishOptionRequest).pipe(Schema.maxItems(MAX_OPTIONS_PER_GROUP)), {
    default: () => [],
  }),
  translations: Schema.optionalWith(OptionTranslations, { default: () => ({}) }),
}) {}

/** Changes a group's own fields (its options have their own endpoints); the result must still be consistent. */
export class UpdateOptionGroupRequest extends Schema.Class<UpdateOptionGroupRequest>("UpdateOptionGroupRequest")({
  name: Schema.optional(OptionGroupName),
  selection: Schema.optional(OptionSelection),
  required: Schema.optional(Schema.Boolean),
  minSelections: Schema.optional(SelectionCount),
  maxSelections: Schema.optional(SelectionCount),
  /** Languages sent replace their names; languages left out keep theirs. */
  translations: Schema.optional(OptionTranslations),
}) {}

const uniqueIds = <A extends string, I>(id: Schema.Schema<A, I>, max: number) =>
  Schema.Array(id).pipe(
    Schema.maxItems(max),
    Schema.filter((ids) => new Set(ids).size === ids.length || "must not repeat an id"),
  )

/** The dish's groups in their new order: every group of the dish, each once. */
export class ReorderOptionGroupsRequest extends Schema.Class<ReorderOptionGroupsRequest>("ReorderOptionGroupsRequest")({
  groupIds: uniqueIds(OptionGroupId, MAX_OPTION_GROUPS_PER_DISH),
}) {}

/** The group's options in their new order: every option of the group, each once. */
export class ReorderDishOptionsRequest extends Schema.Class<ReorderDishOptionsRequest>("ReorderDishOptionsRequest")({
  optionIds: uniqueIds(DishOptionId, MAX_OPTIONS_PER_GROUP),
}) {}

/** Copies a group (with its options) to other dishes of the same restaurant, as each one's last group. */
export class CopyOptionGroupRequest extends Schema.Class<CopyOptionGroupRequest>("CopyOptionGroupRequest")({
  dishIds: uniqueIds(DishId, 200).pipe(Schema.minItems(1, { message: () => "choose at least one dish" })),
}) {}

/** The copies made, one per target dish, in the order the dishes were given. */
export class CopiedOptionGroups extends Schema.Class<CopiedOptionGroups>("CopiedOptionGroups")({
  groups: Schema.Array(OptionGroup),
}) {}

export const MAX_SUGGESTED_OPTION_GROUPS = 4
export const MAX_SUGGESTED_OPTIONS = 8

/**
 * An option group an analyzer suggests for a dish ("Cooking" for a steak, "Milk" for a latte). Only ever a
 * suggestion: it reaches diners only once the owner adds it as a group of the dish.
 */
export const SuggestedOptionGroup = Schema.Struct({
  name: OptionGroupName,
  selection: OptionSelection,
  required: Schema.Boolean,
  options: Schema.Array(
    Schema.Struct({ name: OptionName, priceDeltaMinor: PriceDeltaMinor }).annotations({
      identifier: "SuggestedOption",
    }),
  ).pipe(Schema.minItems(1), Schema.maxItems(MAX_SUGGESTED_OPTIONS)),
}).annotations({ identifier: "SuggestedOptionGroup" })
export type SuggestedOptionGroup = typeof SuggestedOptionGroup.Type

/** The `needsReview` entry of a dish while suggested option groups wait for the owner. */
export const OPTION_GROUPS_REVIEW = "optionGroups"

export const SuggestedOptionGroups = Schema.Array(SuggestedOptionGroup).pipe(
  Schema.maxItems(MAX_SUGGESTED_OPTION_GROUPS),
)

/** Option ids a diner chose for one order line: each at most once. */
export const ChosenOptionIds = uniqueIds(DishOptionId, MAX_OPTION_GROUPS_PER_DISH * MAX_OPTIONS_PER_GROUP)

/** A chosen option as the order keeps it: its name and price when the order was placed. */
export class OrderItemOption extends Schema.Class<OrderItemOption>("OrderItemOption")({
  /** Null once the option was deleted; the name and price stay. */
  optionId: Schema.NullOr(DishOptionId),
  groupName: Schema.String,
  name: Schema.String,
  priceDeltaMinor: Schema.Int,
}) {}

/** The group rules with every default decided (see CreateOptionGroupRequest). */
export interface OptionGroupRules {
  readonly selection: OptionSelection
  readonly required: boolean
  readonly minSelections: number
  readonly maxSelections: number
}

/** Why a group's rules contradict each other, or undefined when they are consistent. */
export const optionGroupRulesProblem = (rules: OptionGroupRules): string | undefined => {
  if (rules.maxSelections < 1) return "A group must allow at least one option"
  if (rules.selection === "single" && rules.maxSelections !== 1) return "A single-choice group allows exactly one"
  if (rules.required !== rules.minSelections >= 1) {
    return rules.required ? "A required group needs at least one option chosen" : "An optional group has no minimum"
  }
  if (rules.minSelections > rules.maxSelections) return "The minimum is above the maximum"
  return undefined
}

/**
 * Rules for a new group from what the owner sent: a minimum implies required and vice versa, a "single"
 * group allows one, a "multiple" group without a maximum allows each of its options.
 */
export const rulesForNewGroup = (request: {
  readonly selection: OptionSelection
  readonly required?: boolean | undefined
  readonly minSelections?: number | undefined
  readonly maxSelections?: number | undefined
  readonly optionCount: number
}): OptionGroupRules => {
  const required = request.required ?? (request.minSelections !== undefined && request.minSelections >= 1)
  const minSelections = request.minSelections ?? (required ? 1 : 0)
  const maxSelections =
    request.maxSelections ??
    (request.selection === "single"
      ? 1
      : Math.max(1, minSelections, Math.min(request.optionCount, MAX_OPTIONS_PER_GROUP)))
  return { selection: request.selection, required, minSelections, maxSelections }
}

/**
 * Rules after an update: fields sent replace the current ones; turning a group "single" or making it
 * required or optional adjusts the limits it implies unless they were sent too.
 */
export const rulesAfterUpdate = (
  current: OptionGroupRules,
  update: {
    readonly selection?: OptionSelection | undefined
    readonly required?: boolean | undefined
    readonly minSelections?: number | undefined
    readonly maxSelections?: number | undefined
  },
): OptionGroupRules => {
  const selection = update.selection ?? current.selection
  const required =
    update.required ?? (update.minSelections !== undefined ? update.minSelections >= 1 : current.required)
  const impliedMin = !required ? 0 : selection === "single" ? 1 : Math.max(1, current.minSelections)
  const minSelections = update.minSelections ?? impliedMin
  const impliedMax = selection === "single" ? 1 : Math.max(current.maxSelections, minSelections)
  const maxSelections = update.maxSelections ?? impliedMax
  return { selection, required, minSelections, maxSelections }
}

const nameIn = (
  named: { readonly name: string; readonly translations: OptionTranslations },
  language: Language,
  mainLanguage: Language,
) => (language === mainLanguage ? undefined : named.translations[language]?.name) ?? named.name

/**
 * A group as a diner reading `language` sees it: each name translated, else the main language's. The
 * translations themselves are left out, as the menu is already in one language.
 */
export const optionGroupIn = (group: OptionGroup, language: Language, mainLanguage: Language): OptionGroup =>
  new OptionGroup({
    ...group,
    name: nameIn(group, language, mainLanguage),
    translations: {},
    options: group.options.map(
      (option) => new DishOption({ ...option, name: nameIn(option, language, mainLanguage), translations: {} }),
    ),
  })
