import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { groupsPath, steakGroups } from "./support/optionFixtures.js"
import type { TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

const diner = () => new Client(api.baseUrl)

/** A restaurant whose steak (23.99) has "Cooking" and "Extras" (see steakGroups). */
const steakHouse = async () => {
  const menu = await ownerWithMenu(api, { taxRateBps: 1000 })
  const options = await steakGroups(menu.client, menu.restaurant.id, menu.dishes.steak)
  const line = (optionIds: ReadonlyArray<string>, quantity = 1) => ({ dishId: menu.dishes.steak, quantity, optionIds })
  const place = (items: ReadonlyArray<Json>, headers?: Record<string, string>) =>
    diner().post(`/api/menu/${menu.slug}/orders`, { ...menu.order(menu.dishes.steak), items }, headers)
  const orders = () => count(api, "orders", "restaurant_id = $1", [menu.restaurant.id])
  return { ...menu, ...options, line, place, orders }
}

describe("ordering a dish with options", () => {
  it("prices base plus differences on the server and keeps what was chosen", async () => {
    const s = await steakHouse()
    const reply = await s.place([s.line([s.noButter, s.pepper, s.medium], 2)])
    expect(reply.status, reply.text).toBe(201)
    const [item] = reply.body.order.items
    // 2399 + 250 - 50, options in the menu's order whatever order they were sent in
    expect(item).toMatchObject({ name: "Steak", unitPriceMinor: 2599, quantity: 2, lineTotalMinor: 5198 })
    expect(item.options).toEqual([
      { optionId: s.medium, groupName: "Cooking", name: "Medium", priceDeltaMinor: 0 },
      { optionId: s.pepper, groupName: "Extras", name: "Pepper sauce", priceDeltaMinor: 250 },
      { optionId: s.noButter, groupName: "Extras", name: "No butter", priceDeltaMinor: -50 },
    ])
    expect(reply.body.order).toMatchObject({ subtotalMinor: 5198, taxMinor: 520, totalMinor: 5718 })
  })

  it("keeps the name and price at order time after the owner edits or deletes the option", async () => {
    const s = await steakHouse()
    const placed = await s.place([s.line([s.rare, s.pepper])])
    expect(placed.status, placed.text).toBe(201)
    const extrasPath = `${groupsPath(s.restaurant.id, s.dishes.steak)}/${s.extras.id}`
    await s.client.patch(`${extrasPath}/options/${s.pepper}`, { name: "Green pepper", priceDeltaMinor: 400 })
    await s.client.delete(`${groupsPath(s.restaurant.id, s.dishes.steak)}/${s.cooking.id}`)
    const kitchen = await s.client.get(`/api/restaurants/${s.restaurant.id}/orders/${placed.body.order.id}`)
    expect(kitchen.status).toBe(200)
    expect(kitchen.body.items[0].unitPriceMinor).toBe(2649)
    expect(kitchen.body.items[0].options).toEqual([
      { optionId: null, groupName: "Cooking", name: "Rare", priceDeltaMinor: 0 },
      { optionId: s.pepper, groupName: "Extras", name: "Pepper sauce", priceDeltaMinor: 250 },
    ])
    const status = await diner().get(`/api/orders/${placed.body.token}`)
    expect(status.body.items[0].options.map((o: Json) => o.name)).toEqual(["Rare", "Pepper sauce"])
    const board = await s.client.get(`/api/restaurants/${s.restaurant.id}/orders`)
    expect(board.body.orders[0].items[0].options).toHaveLength(2)
  })

  it("makes the same dish with other options another line, and merges the same options", async () => {
    const s = await steakHouse()
    const reply = await s.place([
      s.line([s.rare]),
      s.line([s.wellDone, s.pepper]),
      s.line([s.pepper, s.wellDone], 2),
      { dishId: s.dishes.soup, quantity: 1 },
    ])
    expect(reply.status, reply.text).toBe(201)
    expect(
      reply.body.order.items.map((i: Json) => [i.name, i.quantity, i.options.map((o: Json) => o.name).join("+")]),
    ).toEqual([
      ["Steak", 1, "Rare"],
      ["Steak", 3, "Well done+Pepper sauce"],
      ["Soup", 1, ""],
    ])
  })

  it("refuses a choice the dish's groups do not allow, with a clear tag and nothing written", async () => {
    const s = await steakHouse()
    const other = await ownerWithMenu(api)
    const theirs = await steakGroups(other.client, other.restaurant.id, other.dishes.steak)
    const cases: ReadonlyArray<[string, ReadonlyArray<Json>, Json]> = [
      ["a made-up option", [s.line([s.rare, "00000000-0000-4000-8000-000000000000"])], { _tag: "UnknownOption" }],
      ["another restaurant's option", [s.line([theirs.rare])], { _tag: "UnknownOption", optionIds: [theirs.rare] }],
      [
        "another dish's option",
        [{ dishId: s.dishes.soup, quantity: 1, optionIds: [s.rare] }],
        { _tag: "UnknownOption" },
      ],
      ["a sold-out option", [s.line([s.rare, s.truffle])], { _tag: "OptionUnavailable", optionIds: [s.truffle] }],
      ["no cooking", [s.line([s.pepper])], { _tag: "RequiredOptionMissing", groupName: "Cooking", chosen: 0 }],
      ["no options at all", [{ dishId: s.dishes.steak, quantity: 1 }], { _tag: "RequiredOptionMissing" }],
      ["two cookings", [s.line([s.rare, s.medium])], { _tag: "TooManyOptions", maxSelections: 1, chosen: 2 }],
    ]
    for (const [what, items, error] of cases) {
      const reply = await s.place(items)
      expect(reply.status, what).toBe(422)
      expect(reply.body, what).toMatchObject(error)
    }
    const repeated = await s.place([s.line([s.rare, s.rare])])
    expect(repeated.status).toBe(400)
    expect(await s.orders()).toBe(0)
  })

  it("counts a group's minimum and maximum", async () => {
    const s = await steakHouse()
    const sides = await s.client.post(groupsPath(s.restaurant.id, s.dishes.soup), {
      name: "Sides",
      selection: "multiple",
      minSelections: 2,
      maxSelections: 3,
      options: [{ name: "Bread" }, { name: "Salad" }, { name: "Fries", priceDeltaMinor: 300 }, { name: "Rice" }],
    })
    expect(sides.status, sides.text).toBe(201)
    const [bread, salad, fries, rice] = sides.body.options.map((o: Json) => o.id)
    const soup = (optionIds: ReadonlyArray<string>) => [{ dishId: s.dishes.soup, quantity: 1, optionIds }]
    expect((await s.place(soup([bread]))).body).toMatchObject({ _tag: "TooFewOptions", minSelections: 2, chosen: 1 })
    expect((await s.place(soup([bread, salad, fries, rice]))).body).toMatchObject({ _tag: "TooManyOptions" })
    expect(await s.orders()).toBe(0)
    const ok = await s.place(soup([bread, fries]))
    expect(ok.status, ok.text).toBe(201)
    expect(ok.body.order.items[0].unitPriceMinor).toBe(750)
  })

  it("never prices a line below zero", async () => {
    const s = await steakHouse()
    const cheap = await s.client.post(groupsPath(s.restaurant.id, s.dishes.soup), {
      name: "Without",
      selection: "single",
      options: [{ name: "No broth", priceDeltaMinor: -1000 }],
    })
    const reply = await s.place([{ dishId: s.dishes.soup, quantity: 2, optionIds: [cheap.body.options[0].id] }])
    expect(reply.status, reply.text).toBe(201)
    expect(reply.body.order.items[0]).toMatchObject({ unitPriceMinor: 0, lineTotalMinor: 0 })
  })

  it("includes the options in the idempotency comparison, in any order", async () => {
    const s = await steakHouse()
    const headers = { "idempotency-key": "options-key-0001" }
    const first = await s.place([s.line([s.medium, s.pepper])], headers)
    expect(first.status, first.text).toBe(201)
    const reordered = await s.place([s.line([s.pepper, s.medium])], headers)
    expect(reordered.status).toBe(201)
    expect(reordered.body.order.id).toBe(first.body.order.id)
    const different = await s.place([s.line([s.medium, s.noButter])], headers)
    expect(different.status).toBe(422)
    expect(different.body._tag).toBe("IdempotencyKeyReused")
    expect(await s.orders()).toBe(1)
  })
})
