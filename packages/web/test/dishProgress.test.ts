import { Dish, type DishId } from "@ardine/domain"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { applyProgress } from "../src/lib/dishProgress.js"
import { dishJson } from "./support/dishJson.js"

const dish = Schema.decodeUnknownSync(Dish)({ ...dishJson, modelStatus: "generating", modelProgress: 85 })

const progress = (status: Dish["modelStatus"], value: number, waitingFor?: "scanner" | "storage") => ({
  type: "dish.progress" as const,
  restaurantId: dish.restaurantId,
  dishId: dish.id,
  status,
  progress: value,
  ...(waitingFor !== undefined && { waitingFor }),
})

describe("live model progress on the owner's menu", () => {
  it("shows a wait from its event until the model is ready, through progress in between", () => {
    const waiting = applyProgress([dish], progress("generating", 85, "scanner"))
    expect(waiting[0]?.modelWaitingFor).toBe("scanner")
    const moving = applyProgress(waiting, progress("generating", 95))
    expect(moving[0]).toMatchObject({ modelProgress: 95, modelWaitingFor: "scanner" })
    const ready = applyProgress(moving, progress("ready", 100))
    expect(ready[0]).toMatchObject({ modelStatus: "ready", modelWaitingFor: null, modelWaitingSince: null })
  })

  it("leaves the other dishes alone", () => {
    const other = new Dish({ ...dish, id: "00000000-0000-4000-8000-000000000002" as DishId })
    expect(applyProgress([other], progress("generating", 85, "scanner"))[0]).toBe(other)
  })
})
