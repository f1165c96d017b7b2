import { describe, expect, it } from "vitest"
import { translationChanges, translationInputName, translationsFromForm } from "../src/lib/dishTranslations.js"

const formWith = (values: Record<string, string>) => {
  const form = new FormData()
  for (const [key, value] of Object.entries(values)) form.set(key, value)
  return form
}

describe("a dish's translations in the editor", () => {
  it("reads each offered language from the form, leaving out empty fields", () => {
    const form = formWith({
      [translationInputName("es", "name")]: "  Sopa ",
      [translationInputName("es", "description")]: "",
      [translationInputName("fr", "category")]: "Entrées",
      [translationInputName("de", "name")]: "Suppe",
    })
    expect(translationsFromForm(form, ["es", "fr"])).toEqual({ es: { name: "Sopa" }, fr: { category: "Entrées" } })
    expect(translationsFromForm(form, [])).toEqual({})
  })

  it("sends only the languages whose words changed, and those still suggested", () => {
    const dish = {
      translations: { es: { name: "Sopa", category: "Entrantes" }, fr: { name: "Soupe" } },
      needsReview: ["translation:fr"],
    }
    // Same Spanish words (in another key order), the French suggestion kept as is, Italian new.
    const edited = { es: { category: "Entrantes", name: "Sopa" }, fr: { name: "Soupe" }, it: { name: "Zuppa" } }
    expect(translationChanges(dish, edited)).toEqual({ fr: { name: "Soupe" }, it: { name: "Zuppa" } })
    expect(translationChanges({ ...dish, needsReview: [] }, { es: {} })).toEqual({ es: {} })
    expect(translationChanges({ ...dish, needsReview: [] }, { es: dish.translations.es })).toEqual({})
  })
})
