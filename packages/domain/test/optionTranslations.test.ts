import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import type { DishId } from "../src/ids.js"
import {
  DishOption,
  type DishOptionId,
  OptionGroup,
  type OptionGroupId,
  OptionTranslations,
  optionGroupIn,
} from "../src/options.js"

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`

const cooking = new OptionGroup({
  id: uuid(1) as OptionGroupId,
  dishId: uuid(2) as DishId,
  name: "Cooking",
  selection: "single",
  required: true,
  minSelections: 1,
  maxSelections: 1,
  position: 0,
  translations: { es: { name: "Punto" }, fr: {} },
  options: [
    new DishOption({
      id: uuid(3) as DishOptionId,
      name: "Rare",
      priceDeltaMinor: 0,
      available: true,
      position: 0,
      translations: { es: { name: "Poco hecho" } },
    }),
    new DishOption({ id: uuid(4) as DishOptionId, name: "Medium", priceDeltaMinor: 0, available: true, position: 1 }),
  ],
})

const names = (group: OptionGroup) => [group.name, ...group.options.map((option) => option.name)]

describe("option names in a language", () => {
  it("translates each name it has, else keeps the main language's, and drops the translations", () => {
    const spanish = optionGroupIn(cooking, "es", "en")
    expect(names(spanish)).toEqual(["Punto", "Poco hecho", "Medium"])
    expect([spanish.translations, ...spanish.options.map((option) => option.translations)]).toEqual([{}, {}, {}])
    expect(spanish.options.map((option) => option.id)).toEqual(cooking.options.map((option) => option.id))
  })

  it("falls back to the main language for a language without names, or an empty entry", () => {
    expect(names(optionGroupIn(cooking, "fr", "en"))).toEqual(["Cooking", "Rare", "Medium"])
    expect(names(optionGroupIn(cooking, "de", "en"))).toEqual(["Cooking", "Rare", "Medium"])
  })

  it("reads the main language's own names even if a translation names that language", () => {
    expect(names(optionGroupIn(cooking, "es", "es"))).toEqual(["Cooking", "Rare", "Medium"])
  })

  it("refuses an unknown language tag and an over-long name", () => {
    const decode = Schema.decodeUnknownEither(OptionTranslations)
    expect(Either.isRight(decode({ es: { name: "Punto" }, zh: {} }))).toBe(true)
    expect(Either.isLeft(decode({ klingon: { name: "x" } }))).toBe(true)
    expect(Either.isLeft(decode({ es: { name: "x".repeat(81) } }))).toBe(true)
    expect(Either.isLeft(decode({ es: { name: "" } }))).toBe(true)
  })
})
