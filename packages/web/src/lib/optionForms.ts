import {
  CreateDishOptionRequest,
  CreateOptionGroupRequest,
  MAX_PRICE_MINOR,
  type OptionGroupRules,
  type OptionSelection,
  optionGroupRulesProblem,
  rulesForNewGroup,
} from "@ardine/domain"
import { Either } from "effect"
import { checkForm, fieldErrors } from "./fieldErrors.js"
import { minorToInput, parseMoneyInput } from "./money.js"

// The owner's option group and option forms: what they typed, checked with the domain's own schemas
// and rules before anything is sent.

/** A price difference as the owner types it: "0.40", "+0.40", "-1" or "−1" (a typographic minus). */
export const parseDeltaInput = (input: string, currency: string): number | undefined => {
  const match = /^\s*([+\-−]?)\s*(.*)$/.exec(input)
  const amount = parseMoneyInput(match?.[2] ?? "", currency)
  if (amount === undefined) return undefined
  return match?.[1] === "-" || match?.[1] === "−" ? -amount : amount
}

/** What is wrong with a typed price difference, in the owner's words (undefined when nothing is). */
export const deltaProblem = (input: string, currency: string): string | undefined => {
  const minor = parseDeltaInput(input, currency)
  const example = minorToInput(40, currency)
  if (minor === undefined) return `Enter an amount like ${example}, or -${example} for one that costs less`
  if (Math.abs(minor) > MAX_PRICE_MINOR)
    return `Enter a difference of at most ${minorToInput(MAX_PRICE_MINOR, currency)}`
  return undefined
}

/** A price difference in the field: "0.40", "-1.00", or "0". */
export const deltaToInput = (minor: number, currency: string): string =>
  minor < 0 ? `-${minorToInput(-minor, currency)}` : minorToInput(minor, currency)

/** A group form as typed: a multiple choice has its limits, a single one only whether it is required. */
export interface GroupFormInput {
  readonly name: string
  readonly selection: OptionSelection
  readonly required: boolean
  readonly minSelections: string
  readonly maxSelections: string
}

const count = (text: string): number | undefined => (/^\d{1,2}$/.test(text.trim()) ? Number(text) : undefined)

/**
 * The group's rules with what a single choice implies filled in, or the problem by field. The limits of a
 * multiple choice must be whole numbers; rules that contradict each other are said in the owner's words.
 */
export const checkGroupForm = (
  input: GroupFormInput,
  optionCount: number,
): Either.Either<{ readonly name: string; readonly rules: OptionGroupRules }, Readonly<Record<string, string>>> => {
  const found: Record<string, string> = {}
  const named = checkForm(CreateOptionGroupRequest, { name: input.name, selection: input.selection })
  if (Either.isLeft(named)) Object.assign(found, fieldErrors(named.left))
  const single = input.selection === "single"
  const min = single ? undefined : count(input.minSelections)
  const max = single ? undefined : count(input.maxSelections)
  if (!single && min === undefined) found.minSelections = "Enter a whole number, 0 for no minimum"
  if (!single && max === undefined) found.maxSelections = "Enter a whole number of at least 1"
  const rules = rulesForNewGroup({
    selection: input.selection,
    required: single ? input.required : (min ?? 0) >= 1,
    minSelections: single ? undefined : min,
    maxSelections: single ? undefined : max,
    optionCount,
  })
  const problem = optionGroupRulesProblem(rules)
  if (problem !== undefined && found.minSelections === undefined && found.maxSelections === undefined) {
    found[single ? "required" : "maxSelections"] = problem
  }
  if (Either.isLeft(named) || Object.keys(found).length > 0) return Either.left(found)
  return Either.right({ name: named.right.name, rules })
}

/** An option form as typed. */
export interface OptionFormInput {
  readonly name: string
  readonly priceDelta: string
  readonly available: boolean
}

/** The option to send, or the problem by field (the name by the domain's schema, the price here). */
export const checkOptionForm = (
  input: OptionFormInput,
  currency: string,
): Either.Either<CreateDishOptionRequest, Readonly<Record<string, string>>> => {
  const priceDeltaMinor = parseDeltaInput(input.priceDelta, currency)
  const decoded = checkForm(CreateDishOptionRequest, {
    name: input.name,
    priceDeltaMinor: priceDeltaMinor ?? 0,
    available: input.available,
  })
  const found: Record<string, string> = Either.isLeft(decoded) ? { ...fieldErrors(decoded.left) } : {}
  const problem = deltaProblem(input.priceDelta, currency)
  if (problem !== undefined) found.priceDeltaMinor = problem
  if (Either.isLeft(decoded) || problem !== undefined) return Either.left(found)
  return Either.right(decoded.right)
}

/** The group's rules in the owner's words, next to its name in the editor. */
export const rulesSummary = (rules: OptionGroupRules): string => {
  if (rules.selection === "single") return rules.required ? "One choice, required" : "One choice, optional"
  const most = `up to ${rules.maxSelections}`
  if (rules.minSelections === 0) return `Several choices, optional, ${most}`
  return `Several choices, at least ${rules.minSelections}, ${most}`
}
