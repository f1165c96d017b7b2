import type { Allergen, DietaryTag } from "@ardine/domain"

export interface FilterableDish {
  readonly name: string
  readonly description: string
  readonly category: string
  readonly allergens: ReadonlyArray<Allergen>
  /** False while nobody has confirmed the allergens: then an empty list says nothing. */
  readonly allergensConfirmed: boolean
  readonly dietaryTags: ReadonlyArray<DietaryTag>
}

export interface MenuFilter {
  readonly query: string
  /** "Hide dishes with": any of these allergens hides a dish. */
  readonly hideAllergens: ReadonlyArray<Allergen>
  /** "Only": a dish must carry every one of these tags ("vegan only"). */
  readonly onlyTags: ReadonlyArray<DietaryTag>
}

export const noFilter: MenuFilter = { query: "", hideAllergens: [], onlyTags: [] }

// "ragu" finds "Ragù", "creme" finds "Crème": diners type without accents on a phone keyboard.
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()

export const matchesFilter = (dish: FilterableDish, filter: MenuFilter): boolean => {
  if (filter.hideAllergens.length > 0) {
    // A diner avoiding an allergen is only shown dishes whose allergens are known not to include it.
    if (!dish.allergensConfirmed) return false
    if (dish.allergens.some((allergen) => filter.hideAllergens.includes(allergen))) return false
  }
  if (!filter.onlyTags.every((tag) => dish.dietaryTags.includes(tag))) return false
  const words = fold(filter.query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const haystack = fold(`${dish.name} ${dish.description} ${dish.category}`)
  return words.every((word) => haystack.includes(word))
}

export const isFiltering = (filter: MenuFilter): boolean =>
  filter.query.trim() !== "" || filter.hideAllergens.length > 0 || filter.onlyTags.length > 0

// Where a category usually comes in a meal, so "Starters" lead and "Drinks" close even when
// the server lists categories alphabetically. Categories it does not recognise sit after the mains.
const courses: ReadonlyArray<readonly [number, RegExp]> = [
  [0, /starter|appeti[sz]er|antipast|small plate|snack|tapas|mezze|to share|nibble/],
  [1, /soup|salad/],
  [2, /main|pasta|pizza|burger|grill|curr(y|ies)|noodle|rice|bowl/],
  [4, /side/],
  [5, /dessert|sweet|pudding|cake|ice cream/],
  [6, /drink|beverage|coffee|tea\b|wine|beer|cocktail|juice|soda/],
]

// A dish nobody has filed yet (the analyzer's "Uncategorised", or a blank category) is not a course:
// it comes after every real one, drinks included.
const unfiled = /^(uncategori[sz]ed|other)$/

export const courseRank = (category: string): number => {
  const name = fold(category).trim()
  if (unfiled.test(name)) return 7
  return courses.find(([, pattern]) => pattern.test(name))?.[0] ?? 3
}

/** Dishes grouped by category, in meal order; within a course, in the order the menu lists them. */
export const groupByCategory = <D extends { readonly category: string }>(
  dishes: ReadonlyArray<D>,
): ReadonlyArray<{ readonly category: string; readonly dishes: ReadonlyArray<D> }> => {
  const groups = new Map<string, Array<D>>()
  for (const dish of dishes) {
    const category = dish.category.trim() || "Other"
    const group = groups.get(category)
    if (group === undefined) groups.set(category, [dish])
    else group.push(dish)
  }
  // Array.prototype.sort is stable, so categories of one course keep their menu order.
  return [...groups]
    .map(([category, list]) => ({ category, dishes: list }))
    .sort((a, b) => courseRank(a.category) - courseRank(b.category))
}

/** A stable id for a category's section, for the jump links. */
export const categoryAnchor = (category: string): string =>
  `cat-${fold(category)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`
