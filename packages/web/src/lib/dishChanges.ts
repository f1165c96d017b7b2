import type { Allergen, DietaryTag, Dish } from "@ardine/domain"
import type { AllergenAnswer } from "./allergenAnswer.js"

/** What the dish editor's form holds when the owner saves. */
export interface DishForm {
  readonly name: string
  readonly description: string
  readonly category: string
  readonly priceMinor: number
  readonly portionSize: string
  /** The ticked allergens (ignored when the answer is "none"). */
  readonly allergens: ReadonlyArray<Allergen>
  readonly allergenAnswer: AllergenAnswer
  readonly dietaryTags: ReadonlyArray<DietaryTag>
  readonly available: boolean
  /** The owner keeps a name the analyzer was unsure of as it is: sent, so its review flag clears. */
  readonly keepName?: boolean
}

export type DishChanges = {
  -readonly [K in keyof Dish & Exclude<keyof DishForm, "keepName">]?: DishForm[K] extends ReadonlyArray<infer X>
    ? Array<X>
    : DishForm[K]
} & { allergensConfirmed?: boolean }

const sameSet = <A>(a: ReadonlyArray<A>, b: ReadonlyArray<A>) => a.length === b.length && a.every((x) => b.includes(x))

/**
 * Only what the owner changed: the server clears the review flag of every field it is sent, so sending the
 * whole form would mark suggestions the owner never looked at as checked. Allergens are confirmed only by
 * choosing "contains these" or "none of the 14", never by saving a form that shows the suggested list.
 */
export const dishChanges = (dish: Dish, form: DishForm): DishChanges => {
  const changes: DishChanges = {}
  for (const key of ["name", "description", "category", "priceMinor", "portionSize", "available"] as const) {
    if (form[key] !== dish[key]) Object.assign(changes, { [key]: form[key] })
  }
  const allergens = form.allergenAnswer === "none" ? [] : form.allergens
  if (!sameSet(allergens, dish.allergens)) changes.allergens = [...allergens]
  const confirmed = form.allergenAnswer !== "unknown"
  if (confirmed !== dish.allergensConfirmed) changes.allergensConfirmed = confirmed
  if (!sameSet(form.dietaryTags, dish.dietaryTags)) changes.dietaryTags = [...form.dietaryTags]
  if (form.keepName === true) changes.name = form.name
  return changes
}
