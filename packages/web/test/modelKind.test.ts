import type { DishId, DishModelChoice } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { modelKindStatus } from "../src/lib/modelKind.js"

const choice = (fields: Partial<DishModelChoice>): DishModelChoice => ({
  dishId: "00000000-0000-4000-8000-000000000001" as DishId,
  choice: null,
  effective: "built",
  source: null,
  note: null,
  ...fields,
})

describe("what the owner reads under the built/photoreal switch", () => {
  it("says nothing when the model is what was chosen, or there is no model yet", () => {
    expect(modelKindStatus(choice({ source: "built" }))).toBeNull()
    expect(modelKindStatus(choice({ choice: "photoreal", effective: "photoreal", source: "photoreal" }))).toBeNull()
    expect(modelKindStatus(choice({ effective: "photoreal" }))).toBeNull()
  })

  it("shows the worker's note when photoreal fell back to the built model", () => {
    const note = "photoreal model failed: out of credits — showing the built model"
    expect(modelKindStatus(choice({ effective: "photoreal", source: "built", note }))).toBe(note)
  })

  it("says the stored model is still of the other kind until the next one is ready", () => {
    expect(modelKindStatus(choice({ effective: "photoreal", source: "built" }))).toMatch(/built one until/)
    expect(modelKindStatus(choice({ effective: "built", source: "photoreal" }))).toMatch(/photoreal until/)
  })
})
