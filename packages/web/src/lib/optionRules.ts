// The one question about a dish's options the menu card asks, kept apart from the picker's logic
// (lib/optionChoice.ts) so that the menu's first download does not carry the dish page's code.

/** A group's rules as the menu gives them. */
export interface ChoiceRules {
  readonly selection: "single" | "multiple"
  readonly required: boolean
  readonly minSelections: number
  readonly maxSelections: number
}

/** The fewest options a group takes: a required group takes at least one whatever its minimum says. */
export const fewestOf = (group: ChoiceRules): number => Math.max(group.minSelections, group.required ? 1 : 0)

/** Whether a diner must open the dish page before ordering it: some group needs an answer. */
export const needsChoice = (groups: ReadonlyArray<ChoiceRules>): boolean => groups.some((group) => fewestOf(group) > 0)
