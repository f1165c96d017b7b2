import { DishId, type PlaceOrderRequest } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { failure, networkError, type Outcome, success } from "../src/api/outcome.js"
import { fingerprintOf, keyFor, makeSubmitOrder, type PendingSubmission, randomKey } from "../src/lib/submitOrder.js"

const request: PlaceOrderRequest = {
  table: 4,
  items: [{ dishId: DishId.make("00000000-0000-4000-8000-000000000001"), quantity: 2 }],
  customerName: "Ada",
  customerPhone: "+44 20 7946 0958",
  paymentMethod: "Cash",
}

const harness = (answers: Array<Outcome<string, { _tag: string }>>) => {
  let stored: PendingSubmission | undefined
  let counter = 0
  const sentKeys: Array<string> = []
  const submit = makeSubmitOrder({
    load: () => stored,
    save: (pending) => {
      stored = pending
    },
    newKey: () => `key-${String(++counter).padStart(4, "0")}`,
    send: async (_request, key) => {
      sentKeys.push(key)
      return answers.shift() ?? success("order")
    },
  })
  return { submit, sentKeys, stored: () => stored }
}

describe("Idempotency-Key per cart submission", () => {
  it("reuses the key when the same order is retried after a failure", async () => {
    const { submit, sentKeys, stored } = harness([failure(networkError("offline")), success("order-1")])
    expect((await submit(request)).ok).toBe(false)
    expect(stored()?.key).toBe("key-0001")
    expect((await submit(request)).ok).toBe(true)
    expect(sentKeys).toEqual(["key-0001", "key-0001"])
    expect(stored()).toBeUndefined()
  })

  it("sends one key for a double tap", async () => {
    const { submit, sentKeys } = harness([])
    await Promise.all([submit(request), submit(request)])
    expect(sentKeys).toEqual(["key-0001", "key-0001"])
  })

  it("uses a new key once the cart or details change, and after a success", async () => {
    const { submit, sentKeys } = harness([failure(networkError("offline"))])
    await submit(request)
    await submit({ ...request, items: [{ ...request.items[0], quantity: 3 } as (typeof request.items)[0]] })
    await submit(request)
    expect(sentKeys).toEqual(["key-0001", "key-0002", "key-0003"])
  })

  it("treats surrounding spaces as the same submission", () => {
    expect(fingerprintOf({ ...request, customerName: " Ada " })).toBe(fingerprintOf(request))
    const first = keyFor(undefined, fingerprintOf(request), () => "key-a")
    expect(keyFor(first, fingerprintOf(request), () => "key-b").key).toBe("key-a")
  })

  it("makes keys the server accepts", () => {
    const key = randomKey((bytes) => bytes.fill(171))
    expect(key).toBe(`web-${"ab".repeat(16)}`)
    expect(key).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/)
  })
})
