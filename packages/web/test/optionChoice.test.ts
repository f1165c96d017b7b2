import { DishOptionId } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { dictionary } from "../src/i18n/dictionaries/en.js"
import { dictionary as spanish } from "../src/i18n/dictionaries/es.js"
import { formatMoney } from "../src/lib/money.js"
import {
  type ChoiceGroup,
  choiceProblems,
  chosenOptions,
  clearGroup,
  deltaText,
  isFull,
  ruleText,
  toggleOption,
  unitPriceOf,
} from "../src/lib/optionChoice.js"
import { needsChoice } from "../src/lib/optionRules.js"
import { moveItem } from "../src/lib/reorder.js"

// Readable names for option ids: each name gets a UUID of its own, as the menu gives.
const names = ["rare", "medium", "well", "bacon", "egg", "truffle", "no-cheese", "ketchup", "mayo", "aioli", "bbq"]
const id = (name: string) =>
  DishOptionId.make(`00000000-0000-4000-8000-${String(names.indexOf(name) + 1).padStart(12, "0")}`)
const words = dictionary.options
const ids = (...chosen: ReadonlyArray<string>) => chosen.map(id)
const option = (name: string, priceDeltaMinor = 0, available = true) => ({
  id: id(name),
  name,
  priceDeltaMinor,
  available,
})

const doneness: ChoiceGroup = {
  id: "doneness",
  name: "Doneness",
  selection: "single",
  required: true,
  minSelections: 1,
  maxSelections: 1,
  options: [option("rare"), option("medium"), option("well")],
}
const extras: ChoiceGroup = {
  id: "extras",
  name: "Extras",
  selection: "multiple",
  required: false,
  minSelections: 0,
  maxSelections: 2,
  options: [option("bacon", 150), option("egg", 100), option("truffle", 400, false), option("no-cheese", -50)],
}
const sauces: ChoiceGroup = {
  id: "sauces",
  name: "Sauces",
  selection: "multiple",
  required: true,
  minSelections: 2,
  maxSelections: 3,
  options: [option("ketchup"), option("mayo"), option("aioli"), option("bbq")],
}
const groups = [doneness, extras, sauces]

describe("choosing options", () => {
  it("explains each group's rule", () => {
    expect(ruleText(doneness, words)).toBe("Required · choose 1")
    expect(ruleText(extras, words)).toBe("Optional · choose up to 2")
    expect(ruleText(sauces, words)).toBe("Required · choose 2 to 3")
    expect(ruleText({ ...sauces, minSelections: 3 }, words)).toBe("Required · choose 3")
    expect(ruleText({ ...doneness, required: false, minSelections: 0 }, words)).toBe("Optional · choose up to 1")
  })

  it("says the rules and what is missing in the diner's language", () => {
    expect(ruleText(sauces, spanish.options)).toBe("Obligatorio · elige de 2 a 3")
    expect(choiceProblems(groups, [], spanish.options).map((problem) => problem.problem)).toEqual([
      "Elige una opción de doneness",
      "Elige al menos 2",
    ])
  })

  it("a single choice replaces the earlier one and a required one cannot be unticked", () => {
    let chosen = toggleOption(groups, [], id("rare"))
    chosen = toggleOption(groups, chosen, id("medium"))
    expect(chosen).toEqual(ids("medium"))
    expect(toggleOption(groups, chosen, id("medium"))).toEqual(ids("medium"))
  })

  it("an optional single choice can be cleared", () => {
    const optional = { ...doneness, required: false, minSelections: 0 }
    const chosen = toggleOption([optional], [], id("rare"))
    expect(toggleOption([optional], chosen, id("rare"))).toEqual([])
    expect(clearGroup(optional, ids("rare", "bacon"))).toEqual(ids("bacon"))
  })

  it("a multiple choice stops at its maximum and never ticks an unavailable or unknown option", () => {
    let chosen = toggleOption(groups, [], id("bacon"))
    chosen = toggleOption(groups, chosen, id("truffle"))
    expect(chosen).toEqual(ids("bacon"))
    chosen = toggleOption(groups, chosen, id("egg"))
    expect(isFull(extras, chosen)).toBe(true)
    expect(toggleOption(groups, chosen, id("no-cheese"))).toEqual(ids("bacon", "egg"))
    expect(toggleOption(groups, toggleOption(groups, chosen, id("bacon")), id("no-cheese"))).toEqual(
      ids("egg", "no-cheese"),
    )
    expect(toggleOption(groups, chosen, DishOptionId.make("00000000-0000-4000-8000-0000000000ff"))).toBe(chosen)
  })

  it("says what each group still needs, and nothing once every rule is met", () => {
    expect(choiceProblems(groups, [], words)).toEqual([
      { groupId: "doneness", problem: "Choose one doneness" },
      { groupId: "sauces", problem: "Choose at least 2" },
    ])
    expect(choiceProblems(groups, ids("rare", "mayo"), words)).toEqual([
      { groupId: "sauces", problem: "Choose 1 more" },
    ])
    expect(choiceProblems(groups, ids("rare", "mayo", "bbq"), words)).toEqual([])
  })

  it("a dish needs its page before ordering only when some group asks for an answer", () => {
    expect(needsChoice([extras])).toBe(false)
    expect(needsChoice([extras, doneness])).toBe(true)
    expect(needsChoice([{ ...extras, minSelections: 1 }])).toBe(true)
    expect(needsChoice([])).toBe(false)
  })

  it("prices a line from the dish price and each option's difference, negative ones included", () => {
    const chosen = ids("no-cheese", "bacon", "medium")
    expect(chosenOptions(groups, chosen).map((o) => `${o.groupName}: ${o.name}`)).toEqual([
      "Doneness: medium",
      "Extras: bacon",
      "Extras: no-cheese",
    ])
    expect(unitPriceOf(1200, groups, chosen)).toBe(1300)
    expect(unitPriceOf(30, groups, ids("no-cheese"))).toBe(0)
  })

  it("shows a price difference with its sign", () => {
    const money = (minor: number) => formatMoney(minor, "EUR", "en-IE")
    expect(deltaText(150, money)).toBe("+€1.50")
    expect(deltaText(-50, money)).toBe("−€0.50")
    expect(deltaText(0, money)).toBe("")
  })
})

describe("reordering", () => {
  it("moves an item one place up or down, and leaves the ends alone", () => {
    expect(moveItem(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"])
    expect(moveItem(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"])
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"])
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"])
  })
})
