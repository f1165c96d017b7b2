import { ArdineApi, type DishId, type OrderToken, PlaceOrderRequest, type TableCode, TableNumber } from "@ardine/domain"
import { Schema, SchemaAST } from "effect"
import { afterEach, describe, expect, it, vi } from "vitest"
import { fetchMenu, fetchOrder, followTableCode, placeOrder, publicEndpoints, requestBill } from "../src/api/diner.js"
import { apiWideErrors } from "../src/api/typedFetch.js"
import { tagsOf } from "./support/errorTags.js"

// The diner's screens talk to the API through a small typed fetch, not the client derived from the
// contract: these tests keep it in step with ArdineApi (same answers, same errors, same paths) and
// check what it does with what comes back.

const defined = <A>(value: A | undefined, what: string): A => {
  if (value === undefined) throw new Error(`ArdineApi no longer has ${what}`)
  return value
}
const publicGroup = defined(ArdineApi.groups.public, "the public group")
const tablesGroup = defined(ArdineApi.groups.tables, "the tables group")
const contract = {
  // The diner asks for the menu in a language, always.
  menu: defined(publicGroup.endpoints.menuIn, "menuIn"),
  placeOrder: defined(publicGroup.endpoints.placeOrder, "placeOrder"),
  order: defined(publicGroup.endpoints.order, "order"),
  requestBill: defined(publicGroup.endpoints.requestBill, "requestBill"),
  tableLink: defined(tablesGroup.endpoints.link, "link"),
}
const groupOf = {
  menu: publicGroup,
  placeOrder: publicGroup,
  order: publicGroup,
  requestBill: publicGroup,
  tableLink: tablesGroup,
}

/** A schema's full shape as text: the decoded type and what travels as JSON. */
const shapeOf = (schema: Schema.Schema.Any) =>
  [String(SchemaAST.typeAST(schema.ast)), String(SchemaAST.encodedAST(schema.ast))].join(" / ")

interface Sent {
  readonly url: string
  readonly init: RequestInit | undefined
}

/** Replaces fetch with one answering `status` and `body` (a string is sent as it is), recording requests. */
const answer = (status: number, body: unknown): Array<Sent> => {
  const sent: Array<Sent> = []
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    sent.push({ url, init })
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status })
  })
  return sent
}

afterEach(() => {
  vi.unstubAllGlobals()
})

const token = "tok_" as OrderToken
const tableToken = "a".repeat(43)
const link = { slug: "demo", table: 4, token: tableToken }
const orderRequest: PlaceOrderRequest = {
  table: TableNumber.make(4),
  items: [{ dishId: "00000000-0000-4000-8000-000000000001" as DishId, quantity: 2 }],
  customerName: "Ana",
  customerPhone: "+34 600 000 000",
  paymentMethod: "Cash",
  tableToken,
}

describe("the diner's endpoints, as the contract has them", () => {
  for (const name of Object.keys(publicEndpoints) as ReadonlyArray<keyof typeof publicEndpoints>) {
    it(`${name}: same method, answer and errors`, () => {
      const lean = publicEndpoints[name]
      const endpoint = contract[name]
      expect(lean.method).toBe(endpoint.method)
      expect(shapeOf(lean.success)).toBe(shapeOf(endpoint.successSchema))

      const declared = tagsOf(endpoint.errorSchema.ast, new Set())
      tagsOf(groupOf[name].errorSchema.ast, declared)
      tagsOf(ArdineApi.errorSchema.ast, declared)
      const accepted = tagsOf(lean.errors.ast, new Set())
      for (const error of apiWideErrors) tagsOf(error.ast, accepted)
      expect([...accepted].sort()).toEqual([...declared].sort())
    })
  }

  it("asks the contract's paths", async () => {
    const sent = answer(404, { _tag: "NotFound", resource: "menu", message: "no" })
    await fetchMenu("demo", "es")
    await placeOrder("demo", orderRequest, "web-0123456789")
    await fetchOrder(token)
    await requestBill(token)
    await followTableCode("ABCD1234EFGH" as TableCode)
    const paths = [contract.menu, contract.placeOrder, contract.order, contract.requestBill, contract.tableLink].map(
      (endpoint) =>
        endpoint.path
          .replace(":slug", "demo")
          .replace(":language", "es")
          .replace(":token", token)
          .replace(":code", "ABCD1234EFGH"),
    )
    expect(sent.map((request) => request.url)).toEqual(paths)
    expect(sent.map((request) => request.init?.method)).toEqual(["GET", "POST", "GET", "POST", "GET"])
  })
})

describe("the typed fetch", () => {
  it("decodes a success with the domain schema", async () => {
    answer(200, link)
    const outcome = await followTableCode("ABCD1234EFGH" as TableCode)
    expect(outcome).toMatchObject({ ok: true, value: { slug: "demo", table: 4, token: tableToken } })
  })

  it("sends the payload encoded by its schema, with the Idempotency-Key", async () => {
    const quantityTooLarge = { dishId: "d", quantity: 99, message: "too many" }
    const sent = answer(422, { _tag: "QuantityTooLarge", ...quantityTooLarge })
    const outcome = await placeOrder("demo", orderRequest, "web-0123456789")
    const init = sent[0]?.init
    expect(JSON.parse(String(init?.body))).toEqual(Schema.encodeSync(PlaceOrderRequest)(orderRequest))
    expect(init?.headers).toMatchObject({ "idempotency-key": "web-0123456789", "content-type": "application/json" })
    expect(outcome).toMatchObject({ ok: false, error: { _tag: "QuantityTooLarge" } })
  })

  it("does not send what its schema refuses", async () => {
    const sent = answer(201, {})
    const outcome = await placeOrder("demo", { ...orderRequest, items: [] }, "web-0123456789")
    expect(sent).toEqual([])
    expect(outcome).toMatchObject({ ok: false, error: { _tag: "UnexpectedResponse" } })
  })

  it("passes an endpoint's error and an API-wide error on by their _tag", async () => {
    answer(404, { _tag: "NotFound", resource: "order", message: "no such order" })
    expect(await fetchOrder(token)).toMatchObject({ ok: false, error: { _tag: "NotFound", resource: "order" } })
    answer(429, { _tag: "RateLimited", retryAfterSeconds: 30, message: "slow down" })
    expect(await fetchOrder(token)).toMatchObject({ ok: false, error: { _tag: "RateLimited" } })
  })

  it("calls an answer that does not match the contract unexpected", async () => {
    answer(200, { slug: "demo", table: 0, token: "short" })
    expect(await followTableCode("ABCD1234EFGH" as TableCode)).toMatchObject({
      ok: false,
      error: { _tag: "UnexpectedResponse" },
    })
    answer(502, "<html>Bad gateway</html>")
    expect(await fetchOrder(token)).toMatchObject({ ok: false, error: { _tag: "UnexpectedResponse" } })
    answer(409, { _tag: "InvalidOrderTransition", message: "not this endpoint's error" })
    expect(await fetchOrder(token)).toMatchObject({ ok: false, error: { _tag: "UnexpectedResponse" } })
  })

  it("turns a request that never got an answer into NetworkError", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch")
    })
    expect(await fetchMenu("demo", "en")).toMatchObject({ ok: false, error: { _tag: "NetworkError" } })
  })
})
