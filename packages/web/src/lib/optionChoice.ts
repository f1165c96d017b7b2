import { type ChosenOption, type DishOptionId, unitPriceWithOptions } from "@ardine/domain"
import type { Dictionary } from "../i18n/dictionaries/en.js"
import { type ChoiceRules, fewestOf } from "./optionRules.js"

// A diner's choice of options on a dish page: which options are ticked, what the rules of each group ask,
// and what the line costs. Plain functions over the menu's groups, so the picker and its tests share them;
// the words come in as an argument, in the diner's language.

/** The picker's words, as a language's dictionary gives them. */
export type OptionWords = Dictionary["options"]

export interface ChoiceOption {
  readonly id: DishOptionId
  readonly name: string
  readonly priceDeltaMinor: number
  readonly available: boolean
}

export interface ChoiceGroup extends ChoiceRules {
  readonly id: string
  readonly name: string
  readonly options: ReadonlyArray<ChoiceOption>
}

/** The most options a group takes: one for a single choice. */
const mostOf = (group: ChoiceGroup): number => (group.selection === "single" ? 1 : group.maxSelections)

/** The group's rule in the diner's words, shown under its name. */
export const ruleText = (group: ChoiceGroup, words: OptionWords): string => {
  const fewest = fewestOf(group)
  const most = mostOf(group)
  if (group.selection === "single") return fewest > 0 ? words.requiredOne : words.optionalOne
  if (fewest === 0) return words.optionalUpTo(most)
  if (fewest === most) return words.requiredExactly(most)
  return words.requiredRange(fewest, most)
}

const chosenIn = (group: ChoiceGroup, chosen: ReadonlyArray<DishOptionId>): ReadonlyArray<DishOptionId> =>
  group.options.filter((option) => chosen.includes(option.id)).map((option) => option.id)

/**
 * Ticks or unticks an option. A single choice replaces the group's earlier one; a multiple choice at its
 * maximum stays as it is (the picker says why). Unavailable or unknown options are never ticked.
 */
export const toggleOption = (
  groups: ReadonlyArray<ChoiceGroup>,
  chosen: ReadonlyArray<DishOptionId>,
  optionId: DishOptionId,
): ReadonlyArray<DishOptionId> => {
  const group = groups.find((candidate) => candidate.options.some((option) => option.id === optionId))
  const option = group?.options.find((candidate) => candidate.id === optionId)
  if (group === undefined || option === undefined) return chosen
  if (chosen.includes(optionId)) {
    return group.selection === "single" && fewestOf(group) > 0 ? chosen : chosen.filter((id) => id !== optionId)
  }
  if (!option.available) return chosen
  if (group.selection === "single") {
    const others = chosenIn(group, chosen)
    return [...chosen.filter((id) => !others.includes(id)), optionId]
  }
  if (chosenIn(group, chosen).length >= mostOf(group)) return chosen
  return [...chosen, optionId]
}

/** The group with nothing ticked: the "None" answer of an optional single choice. */
export const clearGroup = (group: ChoiceGroup, chosen: ReadonlyArray<DishOptionId>): ReadonlyArray<DishOptionId> => {
  const inGroup = chosenIn(group, chosen)
  return chosen.filter((id) => !inGroup.includes(id))
}

/** Whether the group is full: one more tick would be refused. */
export const isFull = (group: ChoiceGroup, chosen: ReadonlyArray<DishOptionId>): boolean =>
  group.selection === "multiple" && chosenIn(group, chosen).length >= mostOf(group)

/** What is still missing in a group, or undefined when its rule is met. */
export const groupProblem = (
  group: ChoiceGroup,
  chosen: ReadonlyArray<DishOptionId>,
  words: OptionWords,
): string | undefined => {
  const count = chosenIn(group, chosen).length
  const fewest = fewestOf(group)
  if (count >= fewest) return undefined
  if (group.selection === "single") return words.chooseOne(group.name)
  return fewest - count === 1 && count > 0 ? words.chooseOneMore : words.chooseAtLeast(fewest)
}

/** Each group whose rule is not met yet, with what it still needs. */
export const choiceProblems = (
  groups: ReadonlyArray<ChoiceGroup>,
  chosen: ReadonlyArray<DishOptionId>,
  words: OptionWords,
): ReadonlyArray<{ readonly groupId: string; readonly problem: string }> =>
  groups.flatMap((group) => {
    const problem = groupProblem(group, chosen, words)
    return problem === undefined ? [] : [{ groupId: group.id, problem }]
  })

/** The chosen options in menu order (group by group), as an order line keeps and shows them. */
export const chosenOptions = (
  groups: ReadonlyArray<ChoiceGroup>,
  chosen: ReadonlyArray<DishOptionId>,
): ReadonlyArray<ChosenOption> =>
  groups.flatMap((group) =>
    group.options
      .filter((option) => chosen.includes(option.id))
      .map((option) => ({
        optionId: option.id,
        groupName: group.name,
        name: option.name,
        priceDeltaMinor: option.priceDeltaMinor,
      })),
  )

/** What one of the dish costs with these options, by the domain's rule (the server's and the cart's). */
export const unitPriceOf = (
  priceMinor: number,
  groups: ReadonlyArray<ChoiceGroup>,
  chosen: ReadonlyArray<DishOptionId>,
): number => unitPriceWithOptions(priceMinor, chosenOptions(groups, chosen))

/** "+€0.50", "−€1.00", or nothing for an option at no extra cost. */
export const deltaText = (deltaMinor: number, money: (minor: number) => string): string => {
  if (deltaMinor === 0) return ""
  return deltaMinor > 0 ? `+${money(deltaMinor)}` : `−${money(-deltaMinor)}`
}
