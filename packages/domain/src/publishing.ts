import type { PublishRequirement } from "./errors.js"

/** What deciding whether a dish may be published looks at (a Dish has all of it). */
export interface PublishableDish {
  readonly priceMinor: number
  readonly allergensConfirmed: boolean
  readonly needsReview: ReadonlyArray<string>
}

/**
 * What a dish still needs before diners may see it, in the order an owner fixes them: a name of the owner's
 * (the analyzer's placeholder, or a name it was unsure of, stays flagged until the owner sets one), a price
 * above 0, and confirmed allergens. Empty when it can be published. The server refuses to publish otherwise;
 * the owner's menu uses the same rule to say why "Publish" is disabled.
 */
export const missingForPublish = (dish: PublishableDish): ReadonlyArray<PublishRequirement> => [
  ...(dish.needsReview.includes("name") ? (["name"] as const) : []),
  ...(dish.priceMinor > 0 ? [] : (["price"] as const)),
  ...(dish.allergensConfirmed ? [] : (["allergens"] as const)),
]

const phrases: { readonly [R in PublishRequirement]: string } = {
  name: "a name",
  price: "a price above 0",
  allergens: "confirmed allergens",
}

/** "a name, a price above 0 and confirmed allergens" */
export const describeMissing = (missing: ReadonlyArray<PublishRequirement>): string => {
  const words = missing.map((requirement) => phrases[requirement])
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`
}
