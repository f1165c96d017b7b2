import { bestLanguage, languages } from "@ardine/domain"
import { flatten } from "@solid-primitives/i18n"
import { describe, expect, it } from "vitest"

// The dictionaries as the app loads them (its i18n module needs a browser), one chunk per language.
const loadDictionary = async (language: string) =>
  flatten((await import(`../src/i18n/dictionaries/${language}.ts`)).dictionary as Record<string, unknown>)

describe("the best language for a reader", () => {
  const offered = ["en", "es", "fr"] as const

  it("takes the first preference on offer, exactly or by its primary subtag", () => {
    expect(bestLanguage(["es-ES", "es", "en"], offered, "en")).toBe("es")
    expect(bestLanguage(["es-MX"], offered, "en")).toBe("es")
    expect(bestLanguage(["FR-ca", "en"], offered, "en")).toBe("fr")
  })

  it("skips preferences not on offer, in order", () => {
    expect(bestLanguage(["de-DE", "de", "fr", "es"], offered, "en")).toBe("fr")
    expect(bestLanguage(["zh-Hans-CN", "it"], ["en", "zh"], "en")).toBe("zh")
  })

  it("falls back when nothing matches or nothing is preferred", () => {
    expect(bestLanguage(["pt-BR", "ja"], offered, "es")).toBe("es")
    expect(bestLanguage([], offered, "fr")).toBe("fr")
    expect(bestLanguage(["*"], offered, "en")).toBe("en")
  })
})

/** Every key a dictionary has, nested ones as "a.b", with what kind of value each is. */
const shapeOf = (value: unknown, prefix = ""): ReadonlyArray<string> =>
  typeof value === "object" && value !== null
    ? Object.entries(value).flatMap(([key, inner]) => shapeOf(inner, prefix === "" ? key : `${prefix}.${key}`))
    : [`${prefix}:${typeof value}`]

// Texts whose arguments are not numbers or names.
const sampleArgs: Readonly<Record<string, ReadonlyArray<unknown>>> = {
  "dish.contains": [["Gluten", "Milk"]],
  "options.chooseOne": ["Doneness"],
}

describe("the diner app's dictionaries", () => {
  it("give every language every key English has, of the same kind, and no other", async () => {
    const english = await import("../src/i18n/dictionaries/en.js")
    const expected = [...shapeOf(english.dictionary)].sort()
    expect(expected.length).toBeGreaterThan(50)
    for (const language of languages) {
      const { dictionary } = await import(`../src/i18n/dictionaries/${language}.ts`)
      expect([...shapeOf(dictionary)].sort(), language).toEqual(expected)
    }
  })

  it("have a non-empty text for every key, and say each parameterised text with its arguments", async () => {
    for (const language of languages) {
      const words = await loadDictionary(language)
      for (const [key, value] of Object.entries(words)) {
        if (typeof value === "string") expect(value.trim(), `${language} ${key}`).not.toBe("")
        if (typeof value === "function") {
          const args = sampleArgs[key] ?? Array.from({ length: value.length }, (_, i) => (i === 0 ? 7 : `«${i}»`))
          const said = String((value as (...xs: ReadonlyArray<unknown>) => unknown)(...args))
          expect(said, `${language} ${key}`).not.toBe("")
          expect(said, `${language} ${key}`).not.toContain("undefined")
        }
      }
    }
  })

  it("translate the words, not copy English (allergens and buttons differ outside English)", async () => {
    const english = await loadDictionary("en")
    for (const language of languages.filter((l) => l !== "en")) {
      const words = await loadDictionary(language)
      expect(words["dish.add"], language).not.toBe(english["dish.add"])
      expect(words["allergen.eggs"], language).not.toBe(english["allergen.eggs"])
      expect(words["menu.filters"], language).not.toBe(english["menu.filters"])
    }
  })
})
