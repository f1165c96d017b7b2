import { Dish, describeMissing, missingForPublish } from "@ardine/domain"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { allergenAnswerOf, ownerAllergenLine } from "../src/lib/allergenAnswer.js"
import { type DishForm, dishChanges } from "../src/lib/dishChanges.js"
import { dishJson } from "./support/dishJson.js"

// A draft as the local analyzer leaves it: placeholder name, no price, a suggested allergen, all to check.
const draft = Schema.decodeUnknownSync(Dish)({
  ...dishJson,
  name: "New dish",
  priceMinor: 0,
  allergens: ["milk"],
  allergensConfirmed: false,
  published: false,
  needsReview: ["name", "suggestedPriceMinor", "allergens", "description"],
})

/** The editor's form as it opens: exactly what the dish holds. */
const untouched = (dish: Dish): DishForm => ({
  name: dish.name,
  description: dish.description,
  category: dish.category,
  priceMinor: dish.priceMinor,
  portionSize: dish.portionSize,
  allergens: dish.allergens,
  allergenAnswer: allergenAnswerOf(dish),
  dietaryTags: dish.dietaryTags,
  available: dish.available,
})

describe("saving the dish editor", () => {
  it("sends only the fields the owner changed, so other suggestions keep their review flags", () => {
    expect(dishChanges(draft, untouched(draft))).toEqual({})
    expect(dishChanges(draft, { ...untouched(draft), priceMinor: 950 })).toEqual({ priceMinor: 950 })
  })

  it("sends a name the analyzer was unsure of only when the owner changes it or says it is right", () => {
    expect(dishChanges(draft, { ...untouched(draft), keepName: false })).toEqual({})
    expect(dishChanges(draft, { ...untouched(draft), keepName: true })).toEqual({ name: "New dish" })
  })

  it("never confirms the suggested allergens by saving the form that shows them", () => {
    const changes = dishChanges(draft, { ...untouched(draft), name: "Burrata", allergens: ["milk"] })
    expect(changes).toEqual({ name: "Burrata" })
    expect(changes).not.toHaveProperty("allergensConfirmed")
  })

  it("confirms allergens only when the owner answers: these, or none of the 14", () => {
    expect(dishChanges(draft, { ...untouched(draft), allergenAnswer: "listed" })).toEqual({ allergensConfirmed: true })
    expect(dishChanges(draft, { ...untouched(draft), allergenAnswer: "listed", allergens: ["milk", "eggs"] })).toEqual({
      allergens: ["milk", "eggs"],
      allergensConfirmed: true,
    })
    expect(dishChanges(draft, { ...untouched(draft), allergenAnswer: "none" })).toEqual({
      allergens: [],
      allergensConfirmed: true,
    })
    const published = Schema.decodeUnknownSync(Dish)(dishJson)
    expect(dishChanges(published, { ...untouched(published), allergenAnswer: "unknown" })).toEqual({
      allergensConfirmed: false,
    })
  })
})

describe("what the owner's menu says about a draft", () => {
  it("names what a dish still needs before it can be published", () => {
    expect(missingForPublish(draft)).toEqual(["name", "price", "allergens"])
    expect(describeMissing(missingForPublish(draft))).toBe("a name, a price above 0 and confirmed allergens")
    const named = { ...draft, needsReview: ["allergens"], priceMinor: 900 }
    expect(describeMissing(missingForPublish(named))).toBe("confirmed allergens")
    expect(missingForPublish({ ...named, allergensConfirmed: true })).toEqual([])
  })

  it("tells confirmed allergens, confirmed none and unconfirmed suggestions apart", () => {
    expect(ownerAllergenLine(draft)).toBe("Allergens not confirmed · suggested from the photo: Milk")
    expect(ownerAllergenLine({ allergens: [], allergensConfirmed: false })).toBe("Allergens not confirmed")
    expect(ownerAllergenLine({ allergens: [], allergensConfirmed: true })).toBe("Contains none of the 14 allergens")
    expect(ownerAllergenLine({ allergens: ["milk", "eggs"], allergensConfirmed: true })).toBe("Contains: Milk, Eggs")
  })
})
