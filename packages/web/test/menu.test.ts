import type { Allergen, DietaryTag } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { categoryAnchor, groupByCategory, matchesFilter, noFilter } from "../src/lib/menuFilter.js"
import { modelBadge, modelInProgress } from "../src/lib/modelBadge.js"
import { bpsToPercent, percentToBps } from "../src/lib/percent.js"
import { safeNext } from "../src/lib/safeNext.js"
import { slugify } from "../src/lib/slug.js"

const dish = (name: string, category: string, allergens: Array<Allergen>, dietaryTags: Array<DietaryTag>) => ({
  name,
  description: "",
  category,
  allergens,
  allergensConfirmed: true,
  dietaryTags,
})

const burrata = dish("Burrata", "Starters", ["milk"], ["vegetarian", "gluten-free"])
const ragu = dish("Tagliatelle al Ragù", "Mains", ["gluten", "eggs", "milk", "celery"], [])
const salad = dish("Green Salad", "Starters", [], ["vegan", "vegetarian"])

describe("diner menu filters", () => {
  it("hides dishes with any chosen allergen", () => {
    const filter = { ...noFilter, hideAllergens: ["milk"] as Array<Allergen> }
    expect([burrata, ragu, salad].filter((d) => matchesFilter(d, filter))).toEqual([salad])
  })

  it("never shows a dish whose allergens are not confirmed to a diner hiding any allergen", () => {
    // "No allergens known" is not "contains none": the empty list of an unconfirmed dish says nothing.
    const unknown = { ...dish("Soup of the day", "Starters", [], []), allergensConfirmed: false }
    const suggested = { ...dish("Pie", "Mains", ["eggs"], []), allergensConfirmed: false }
    const filter = { ...noFilter, hideAllergens: ["gluten", "milk", "eggs"] as Array<Allergen> }
    expect([burrata, ragu, salad, unknown, suggested].filter((d) => matchesFilter(d, filter))).toEqual([salad])
    expect(matchesFilter(unknown, noFilter)).toBe(true)
    expect(matchesFilter(unknown, { ...noFilter, query: "soup" })).toBe(true)
  })

  it("keeps only dishes with every chosen tag (vegan only)", () => {
    const filter = { ...noFilter, onlyTags: ["vegan"] as Array<DietaryTag> }
    expect([burrata, ragu, salad].filter((d) => matchesFilter(d, filter))).toEqual([salad])
  })

  it("searches names without caring about accents or case", () => {
    expect(matchesFilter(ragu, { ...noFilter, query: "ragu" })).toBe(true)
    expect(matchesFilter(ragu, { ...noFilter, query: "TAGLIATELLE mains" })).toBe(true)
    expect(matchesFilter(burrata, { ...noFilter, query: "ragu" })).toBe(false)
  })

  it("groups by category in menu order", () => {
    expect(groupByCategory([burrata, ragu, salad]).map((g) => [g.category, g.dishes.length])).toEqual([
      ["Starters", 2],
      ["Mains", 1],
    ])
    expect(categoryAnchor("Desserts & Café")).toBe("cat-desserts-cafe")
  })

  it("puts categories in meal order when the server lists them alphabetically", () => {
    const dishes = ["Desserts", "Drinks", "Mains", "Chef's specials", "Starters", "Soups"].map((category) =>
      dish(category, category, [], []),
    )
    expect(groupByCategory(dishes).map((group) => group.category)).toEqual([
      "Starters",
      "Soups",
      "Mains",
      "Chef's specials",
      "Desserts",
      "Drinks",
    ])
  })

  it("puts dishes nobody has filed (Uncategorised, or no category) after every real category", () => {
    const dishes = ["Uncategorised", "Mains", "", "Drinks", "Starters"].map((category) =>
      dish(category || "blank", category, [], []),
    )
    expect(groupByCategory(dishes).map((group) => group.category)).toEqual([
      "Starters",
      "Mains",
      "Drinks",
      "Uncategorised",
      "Other",
    ])
  })
})

describe("owner displays", () => {
  const building = { modelProgress: 0, failureReason: null, modelWaitingFor: null, imageUrl: "/p.jpg" } as const

  it("labels the 3D model's status", () => {
    expect(modelBadge({ ...building, modelStatus: "pending" }).label).toBe("3D model queued")
    expect(modelBadge({ ...building, modelStatus: "generating", modelProgress: 42 }).label).toBe(
      "Building 3D model · 42%",
    )
    expect(modelBadge({ ...building, modelStatus: "ready", modelProgress: 100 }).tone).toBe("success")
    expect(modelBadge({ ...building, modelStatus: "pending", imageUrl: null }).label).toBe("No photo, no 3D model")
    expect(modelBadge({ ...building, modelStatus: "failed", failureReason: "photo too dark" }).label).toBe(
      "3D model failed: photo too dark",
    )
  })

  it("says what a model waits for while a service is down, and stops saying it once it is ready", () => {
    expect(
      modelBadge({ ...building, modelStatus: "generating", modelProgress: 85, modelWaitingFor: "scanner" }).label,
    ).toBe("3D model waiting for the malware scanner")
    expect(modelBadge({ ...building, modelStatus: "pending", modelWaitingFor: "storage" }).label).toBe(
      "3D model waiting for the file storage",
    )
    expect(
      modelBadge({ ...building, modelStatus: "ready", modelProgress: 100, modelWaitingFor: "scanner" }).label,
    ).toBe("3D model ready")
  })

  it("keeps following model progress only while a model is on its way", () => {
    expect(modelInProgress([{ modelStatus: "pending", imageUrl: "/p.jpg" }])).toBe(true)
    expect(modelInProgress([{ modelStatus: "generating", imageUrl: "/p.jpg" }])).toBe(true)
    expect(modelInProgress([{ modelStatus: "pending", imageUrl: null }])).toBe(false)
    expect(
      modelInProgress([
        { modelStatus: "ready", imageUrl: "/p.jpg" },
        { modelStatus: "failed", imageUrl: null },
      ]),
    ).toBe(false)
  })

  it("shows the tax rate as a percentage and reads it back as basis points", () => {
    expect(bpsToPercent(1000)).toBe("10")
    expect(bpsToPercent(725)).toBe("7.25")
    expect(bpsToPercent(1850)).toBe("18.5")
    expect(bpsToPercent(5)).toBe("0.05")
    expect(percentToBps("10")).toBe(1000)
    expect(percentToBps("7,25 %")).toBe(725)
    expect(percentToBps("18.5")).toBe(1850)
    expect(percentToBps("100")).toBe(10_000)
    expect(percentToBps("100.01")).toBeUndefined()
    expect(percentToBps("7.255")).toBeUndefined()
    expect(percentToBps("")).toBeUndefined()
  })
})

describe("small owner helpers", () => {
  it("suggests a slug from a name", () => {
    expect(slugify("Café Lumière")).toBe("cafe-lumiere")
    expect(slugify("  Ardine Demo Bistro!! ")).toBe("ardine-demo-bistro")
    expect(slugify("x".repeat(60))).toHaveLength(48)
  })

  it("only returns to paths inside the app after logging in", () => {
    expect(safeNext("/owner/abc/kitchen")).toBe("/owner/abc/kitchen")
    expect(safeNext("//evil.example")).toBe("/owner")
    expect(safeNext("/\\evil.example")).toBe("/owner")
    expect(safeNext("https://evil.example")).toBe("/owner")
    expect(safeNext(undefined)).toBe("/owner")
  })
})
