import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { allowedTransitions, isFinal, OrderStatus, transition } from "../src/order-status.js"

const statuses = OrderStatus.literals
const allowed = new Set([
  "received>preparing",
  "preparing>ready",
  "ready>served",
  "received>cancelled",
  "preparing>cancelled",
  "ready>cancelled",
])

describe("the order state machine", () => {
  for (const from of statuses) {
    for (const to of statuses) {
      const key = `${from}>${to}`
      it(`${allowed.has(key) ? "allows" : "forbids"} ${from} -> ${to}`, () => {
        const result = transition(from, to)
        if (allowed.has(key)) {
          expect(result).toEqual(Either.right(to))
        } else {
          expect(Either.isLeft(result)).toBe(true)
          if (Either.isLeft(result)) expect(result.left).toMatchObject({ _tag: "ForbiddenTransition", from, to })
        }
      })
    }
  }

  it("has exactly the documented edges", () => {
    const edges = statuses.flatMap((from) => allowedTransitions[from].map((to) => `${from}>${to}`))
    expect(new Set(edges)).toEqual(allowed)
  })

  it("ends at served and cancelled", () => {
    expect(statuses.filter(isFinal)).toEqual(["served", "cancelled"])
  })
})
