import type { Allergen } from "@ardine/domain"
import { allergenLabels } from "./labels.js"

/**
 * The three things a dish's allergens can say: the owner confirmed a list, the owner confirmed it contains none
 * of the 14, or nobody has confirmed anything yet (any list is then only the analyzer's suggestion).
 */
export type AllergenAnswer = "listed" | "none" | "unknown"

export interface AllergenInfo {
  readonly allergens: ReadonlyArray<Allergen>
  readonly allergensConfirmed: boolean
}

export const allergenAnswerOf = (dish: AllergenInfo): AllergenAnswer =>
  !dish.allergensConfirmed ? "unknown" : dish.allergens.length === 0 ? "none" : "listed"

const names = (allergens: ReadonlyArray<Allergen>) => allergens.map((allergen) => allergenLabels[allergen]).join(", ")

/** One line about a dish's allergens for the owner's menu: suggestions are called suggestions. */
export const ownerAllergenLine = (dish: AllergenInfo): string => {
  switch (allergenAnswerOf(dish)) {
    case "listed":
      return `Contains: ${names(dish.allergens)}`
    case "none":
      return "Contains none of the 14 allergens"
    case "unknown":
      return dish.allergens.length === 0
        ? "Allergens not confirmed"
        : `Allergens not confirmed · suggested from the photo: ${names(dish.allergens)}`
  }
}
