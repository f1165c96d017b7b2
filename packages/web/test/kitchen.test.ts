import { allowedTransitions, type OrderStatus, OrderStatus as OrderStatusSchema } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import {
  ageLevel,
  ageText,
  groupByStatus,
  kitchenActions,
  mergeSnapshot,
  newArrivals,
  upsertOrder,
} from "../src/lib/kitchen.js"

const labels = (status: OrderStatus, paymentStatus: "Pending" | "Paid" = "Pending") =>
  kitchenActions({ status, paymentStatus }).map((action) => action.label)

describe("kitchen buttons follow the order state machine", () => {
  it("offers exactly the allowed moves for each status", () => {
    expect(labels("received")).toEqual(["Start preparing", "Cancel", "Mark paid"])
    expect(labels("preparing")).toEqual(["Mark ready", "Cancel", "Mark paid"])
    expect(labels("ready")).toEqual(["Mark served", "Cancel", "Mark paid"])
    expect(labels("served")).toEqual(["Mark paid"])
    expect(labels("cancelled")).toEqual([])
  })

  it("never offers a move the domain forbids, for every status", () => {
    for (const status of OrderStatusSchema.literals) {
      const moves = kitchenActions({ status, paymentStatus: "Pending" }).flatMap((action) =>
        action.kind === "advance" ? [action.to] : [],
      )
      expect(moves).toEqual(allowedTransitions[status])
    }
  })

  it("hides 'mark paid' once paid", () => {
    expect(labels("served", "Paid")).toEqual([])
    expect(labels("received", "Paid")).toEqual(["Start preparing", "Cancel"])
  })

  it("marks cancelling as the dangerous button", () => {
    const cancel = kitchenActions({ status: "ready", paymentStatus: "Pending" }).find(
      (action) => action.kind === "advance" && action.to === "cancelled",
    )
    expect(cancel?.tone).toBe("danger")
  })
})

const order = (id: string, status: OrderStatus, createdMinute: number, updatedMinute = createdMinute) => ({
  id,
  status,
  paymentStatus: "Pending" as const,
  createdAt: new Date(Date.UTC(2025, 0, 1, 12, createdMinute)),
  updatedAt: new Date(Date.UTC(2025, 0, 1, 12, updatedMinute)),
})

describe("the board", () => {
  it("groups orders by status, oldest first", () => {
    const groups = groupByStatus([
      order("b", "received", 5),
      order("a", "received", 1),
      order("d", "received", 9),
      order("c", "ready", 3),
    ])
    expect(groups.received.map((o) => o.id)).toEqual(["a", "b", "d"])
    expect(groups.ready.map((o) => o.id)).toEqual(["c"])
    expect(groups.preparing).toEqual([])
  })

  it("spots new received orders", () => {
    const orders = [order("a", "received", 1), order("b", "received", 2), order("c", "preparing", 3)]
    expect(newArrivals(new Set(["a"]), orders).map((o) => o.id)).toEqual(["b"])
  })

  it("keeps the objects of unchanged orders so their cards are not re-rendered", () => {
    const a = order("a", "received", 1)
    const b = order("b", "received", 2)
    const merged = mergeSnapshot([a, b], [order("a", "received", 1), order("b", "preparing", 2, 4)])
    expect(merged[0]).toBe(a)
    expect(merged[1]).not.toBe(b)
    expect(merged[1]?.status).toBe("preparing")
  })

  it("keeps the same list when a poll brings nothing new", () => {
    const list = [order("a", "received", 1), order("b", "ready", 2)]
    expect(mergeSnapshot(list, [order("a", "received", 1), order("b", "ready", 2)])).toBe(list)
  })

  it("does not let a poll sent before a button press undo it", () => {
    const pressed = order("a", "preparing", 1, 5)
    const local = upsertOrder([order("a", "received", 1)], pressed)
    expect(mergeSnapshot(local, [order("a", "received", 1)])[0]).toBe(pressed)
  })
})

describe("an order's age on the board", () => {
  const placed = new Date(Date.UTC(2025, 0, 1, 12, 0))
  const at = (minutes: number, seconds = 0) => placed.getTime() + minutes * 60_000 + seconds * 1000
  const thresholds = { amberMinutes: 10, redMinutes: 20 }

  it("turns amber, then red, as each threshold is reached", () => {
    expect(ageLevel(placed, at(0), thresholds)).toBe("fresh")
    expect(ageLevel(placed, at(9, 59), thresholds)).toBe("fresh")
    expect(ageLevel(placed, at(10), thresholds)).toBe("amber")
    expect(ageLevel(placed, at(19, 59), thresholds)).toBe("amber")
    expect(ageLevel(placed, at(20), thresholds)).toBe("red")
    expect(ageLevel(placed, at(95), thresholds)).toBe("red")
  })

  it("follows the restaurant's own thresholds", () => {
    expect(ageLevel(placed, at(4), { amberMinutes: 3, redMinutes: 5 })).toBe("amber")
    expect(ageLevel(placed, at(25), { amberMinutes: 30, redMinutes: 45 })).toBe("fresh")
  })

  it("reads as minutes, then hours and minutes", () => {
    expect(ageText(placed, at(0, 30))).toBe("0 min")
    expect(ageText(placed, at(14))).toBe("14 min")
    expect(ageText(placed, at(65))).toBe("1 h 05")
    // A clock slightly behind the server never shows a negative age.
    expect(ageText(placed, at(-1))).toBe("0 min")
  })
})
