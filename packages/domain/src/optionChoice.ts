import { Either } from "effect"
import {
  type OptionChoiceError,
  OptionUnavailable,
  RequiredOptionMissing,
  TooFewOptions,
  TooManyOptions,
  UnknownOption,
} from "./optionErrors.js"
import type { DishOptionId } from "./options.js"

/** What the server knows of a dish's option: read from the database, never from the request. */
export interface PricedOption {
  readonly id: DishOptionId
  readonly name: string
  readonly priceDeltaMinor: number
  readonly available: boolean
}

/** A dish's option group with its rules, options in the owner's order. */
export interface PricedOptionGroup {
  readonly id: string
  readonly name: string
  readonly minSelections: number
  readonly maxSelections: number
  readonly options: ReadonlyArray<PricedOption>
}

/** A chosen option as an order line keeps it (see OrderItemOption). */
export interface ChosenOption {
  readonly optionId: DishOptionId
  readonly groupName: string
  readonly name: string
  readonly priceDeltaMinor: number
}

/**
 * Checks a diner's choice against the dish's groups: every id must be an available option of this dish,
 * and each group gets between its minimum and maximum. The chosen options come back in the menu's order
 * (groups, then options), whatever order the request named them in.
 */
export const chooseOptions = (
  dishId: string,
  groups: ReadonlyArray<PricedOptionGroup>,
  optionIds: ReadonlyArray<DishOptionId>,
): Either.Either<ReadonlyArray<ChosenOption>, OptionChoiceError> => {
  const wanted = new Set<string>(optionIds)
  const known = new Set(groups.flatMap((group) => group.options.map((option) => option.id as string)))
  const unknown = optionIds.filter((id) => !known.has(id))
  if (unknown.length > 0) {
    return Either.left(
      new UnknownOption({ dishId, optionIds: unknown, message: "Some chosen options are not options of this dish" }),
    )
  }
  const unavailable = groups.flatMap((group) =>
    group.options.filter((option) => wanted.has(option.id) && !option.available).map((option) => option.id),
  )
  if (unavailable.length > 0) {
    return Either.left(
      new OptionUnavailable({ dishId, optionIds: unavailable, message: "Some chosen options are not available now" }),
    )
  }
  const chosen: Array<ChosenOption> = []
  for (const group of groups) {
    const inGroup = group.options.filter((option) => wanted.has(option.id))
    const counts = {
      dishId,
      groupId: group.id,
      groupName: group.name,
      minSelections: group.minSelections,
      maxSelections: group.maxSelections,
      chosen: inGroup.length,
    }
    if (inGroup.length === 0 && group.minSelections > 0) {
      return Either.left(new RequiredOptionMissing({ ...counts, message: `Choose an option for "${group.name}"` }))
    }
    if (inGroup.length < group.minSelections) {
      return Either.left(
        new TooFewOptions({ ...counts, message: `Choose at least ${group.minSelections} for "${group.name}"` }),
      )
    }
    if (inGroup.length > group.maxSelections) {
      return Either.left(
        new TooManyOptions({ ...counts, message: `Choose at most ${group.maxSelections} for "${group.name}"` }),
      )
    }
    for (const option of inGroup) {
      chosen.push({
        optionId: option.id,
        groupName: group.name,
        name: option.name,
        priceDeltaMinor: option.priceDeltaMinor,
      })
    }
  }
  return Either.right(chosen)
}

/**
 * A line's unit price: the dish's price plus its options' differences. Never below zero: "no cheese"
 * on a dish cheaper than the cheese makes it free, it never pays the diner.
 */
export const unitPriceWithOptions = (basePriceMinor: number, options: ReadonlyArray<ChosenOption>): number =>
  Math.max(
    0,
    options.reduce((sum, option) => sum + option.priceDeltaMinor, basePriceMinor),
  )

/** The same dish with the same options, in any order, is the same line: this key says so. */
export const lineKey = (dishId: string, optionIds: ReadonlyArray<string> | undefined): string =>
  [dishId, ...[...(optionIds ?? [])].sort()].join(" ")
