import { describe, expect, it } from "vitest"
import { optionNameInputName, optionTranslationsFromForm } from "../src/lib/optionTranslations.js"

describe("an option's names per language in the owner's forms", () => {
  it("sends every offered language, trimmed, an emptied one as no name", () => {
    const form = new FormData()
    form.set(optionNameInputName("es"), "  Punto ")
    form.set(optionNameInputName("fr"), "   ")
    form.set(optionNameInputName("de"), "Garstufe")
    expect(optionTranslationsFromForm(form, ["es", "fr", "it"])).toEqual({ es: { name: "Punto" }, fr: {}, it: {} })
    expect(optionTranslationsFromForm(form, [])).toEqual({})
  })
})
