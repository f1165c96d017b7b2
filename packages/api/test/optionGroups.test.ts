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

const names = (list: ReadonlyArray<Json>) => list.map((x) => x.name)
const menuDish = async (slug: string, dishId: string) => {
  const menu = await new Client(api.baseUrl).get(`/api/menu/${slug}`)
  expect(menu.status, menu.text).toBe(200)
  return menu.body.dishes.find((d: Json) => d.id === dishId)
}

describe("an owner's option groups", () => {
  it("creates groups with options in order and derives their rules", async () => {
    const { client, restaurant, dishes } = await ownerWithMenu(api)
    const { cooking, extras } = await steakGroups(client, restaurant.id, dishes.steak)
    expect(cooking).toMatchObject({
      dishId: dishes.steak,
      name: "Cooking",
      selection: "single",
      required: true,
      minSelections: 1,
      maxSelections: 1,
      position: 0,
    })
    expect(cooking.options.map((o: Json) => [o.name, o.position, o.priceDeltaMinor, o.available])).toEqual([
      ["Rare", 0, 0, true],
      ["Medium", 1, 0, true],
      ["Well done", 2, 0, true],
    ])
    expect(extras).toMatchObject({ required: false, minSelections: 0, maxSelections: 2, position: 1 })
    const list = await client.get(groupsPath(restaurant.id, dishes.steak))
    expect(list.status).toBe(200)
    expect(names(list.body.groups)).toEqual(["Cooking", "Extras"])
  })

  it("refuses rules that contradict each other (422, nothing written)", async () => {
    const { client, restaurant, dishes } = await ownerWithMenu(api)
    const bad = [
      { name: "A", selection: "single", maxSelections: 2 },
      { name: "B", selection: "multiple", required: true, minSelections: 0 },
      { name: "C", selection: "multiple", required: false, minSelections: 2 },
      { name: "D", selection: "multiple", minSelections: 3, maxSelections: 2 },
      { name: "E", selection: "multiple", maxSelections: 0 },
    ]
    for (const body of bad) {
      const reply = await client.post(groupsPath(restaurant.id, dishes.steak), body)
      expect(reply.status, JSON.stringify(body)).toBe(422)
      expect(reply.body._tag).toBe("OptionGroupRulesInvalid")
    }
    const badShape = await client.post(groupsPath(restaurant.id, dishes.steak), {
      name: "F",
      selection: "sometimes",
    })
    expect(badShape.status).toBe(400)
    const badPrice = await client.post(groupsPath(restaurant.id, dishes.steak), {
      name: "G",
      selection: "multiple",
      options: [{ name: "Gold leaf", priceDeltaMinor: 10_000_001 }],
    })
    expect(badPrice.status).toBe(400)
    expect(await count(api, "dish_option_groups", "dish_id = $1", [dishes.steak])).toBe(0)
  })

  it("edits a group and an option; a group turned single allows one", async () => {
    const { client, restaurant, dishes } = await ownerWithMenu(api)
    const { extras, pepper } = await steakGroups(client, restaurant.id, dishes.steak)
    const path = `${groupsPath(restaurant.id, dishes.steak)}/${extras.id}`
    const single = await client.patch(path, { selection: "single", name: "One extra" })
    expect(single.status, single.text).toBe(200)
    expect(single.body).toMatchObject({ name: "One extra", selection: "single", maxSelections: 1, required: false })
    const required = await client.patch(path, { required: true })
    expect(required.body).toMatchObject({ required: true, minSelections: 1 })
    const contradiction = await client.patch(path, { maxSelections: 3 })
    expect(contradiction.status).toBe(422)
    expect(contradiction.body._tag).toBe("OptionGroupRulesInvalid")
    const option = await client.patch(`${path}/options/${pepper}`, { priceDeltaMinor: 300, available: false })
    expect(option.status, option.text).toBe(200)
    expect(option.body.options.find((o: Json) => o.id === pepper)).toMatchObject({
      priceDeltaMinor: 300,
      available: false,
    })
  })

  it("adds, deletes and reorders options and groups, keeping positions 0..n-1", async () => {
    const { client, restaurant, dishes } = await ownerWithMenu(api)
    const { cooking, extras, rare, medium, wellDone } = await steakGroups(client, restaurant.id, dishes.steak)
    const cookingPath = `${groupsPath(restaurant.id, dishes.steak)}/${cooking.id}`
    const added = await client.post(`${cookingPath}/options`, { name: "Blue" })
    expect(added.status, added.text).toBe(201)
    const blue = added.body.options.find((o: Json) => o.name === "Blue")
    expect(blue.position).toBe(3)
    const removed = await client.delete(`${cookingPath}/options/${medium}`)
    expect(removed.status).toBe(200)
    expect(removed.body.options.map((o: Json) => [o.name, o.position])).toEqual([
      ["Rare", 0],
      ["Well done", 1],
      ["Blue", 2],
    ])
    const reordered = await client.put(`${cookingPath}/options/order`, { optionIds: [blue.id, rare, wellDone] })
    expect(reordered.status, reordered.text).toBe(200)
    expect(names(reordered.body.options)).toEqual(["Blue", "Rare", "Well done"])
    const incomplete = await client.put(`${cookingPath}/options/order`, { optionIds: [blue.id, rare] })
    expect(incomplete.status).toBe(422)
    expect(incomplete.body._tag).toBe("ReorderMismatch")

    const groups = await client.put(`${groupsPath(restaurant.id, dishes.steak)}/order`, {
      groupIds: [extras.id, cooking.id],
    })
    expect(groups.status, groups.text).toBe(200)
    expect(groups.body.groups.map((g: Json) => [g.name, g.position])).toEqual([
      ["Extras", 0],
      ["Cooking", 1],
    ])
    const deleted = await client.delete(`${groupsPath(restaurant.id, dishes.steak)}/${extras.id}`)
    expect(deleted.status).toBe(204)
    const after = await client.get(groupsPath(restaurant.id, dishes.steak))
    expect(after.body.groups.map((g: Json) => [g.name, g.position])).toEqual([["Cooking", 0]])
    expect(await count(api, "dish_options", "group_id = $1", [extras.id])).toBe(0)
  })

  it("copies a group to other dishes of the same restaurant, never to another's", async () => {
    const mine = await ownerWithMenu(api)
    const theirs = await ownerWithMenu(api)
    const { extras } = await steakGroups(mine.client, mine.restaurant.id, mine.dishes.steak)
    const copyPath = `${groupsPath(mine.restaurant.id, mine.dishes.steak)}/${extras.id}/copy`
    const foreign = await mine.client.post(copyPath, { dishIds: [mine.dishes.soup, theirs.dishes.soup] })
    expect(foreign.status).toBe(404)
    expect(foreign.body).toMatchObject({ _tag: "NotFound", resource: "dish" })
    expect(await count(api, "dish_option_groups", "dish_id IN ($1, $2)", [mine.dishes.soup, theirs.dishes.soup])).toBe(
      0,
    )
    const copied = await mine.client.post(copyPath, { dishIds: [mine.dishes.soup, mine.dishes.soldOut] })
    expect(copied.status, copied.text).toBe(201)
    expect(copied.body.groups.map((g: Json) => [g.dishId, g.name, g.position])).toEqual([
      [mine.dishes.soup, "Extras", 0],
      [mine.dishes.soldOut, "Extras", 0],
    ])
    const copy = copied.body.groups[0]
    expect(copy.id).not.toBe(extras.id)
    expect(copy.options.map((o: Json) => [o.name, o.priceDeltaMinor, o.available])).toEqual(
      extras.options.map((o: Json) => [o.name, o.priceDeltaMinor, o.available]),
    )
    expect(copy).toMatchObject({ selection: "multiple", minSelections: 0, maxSelections: 2 })
  })

  it("hides another owner's dishes and groups (404) and needs a session (401)", async () => {
    const mine = await ownerWithMenu(api)
    const theirs = await ownerWithMenu(api)
    const { cooking } = await steakGroups(theirs.client, theirs.restaurant.id, theirs.dishes.steak)
    const intoTheirs = await mine.client.post(groupsPath(theirs.restaurant.id, theirs.dishes.steak), {
      name: "Mine",
      selection: "single",
    })
    expect(intoTheirs.status).toBe(404)
    // Their dish through my restaurant: not found either, and their group is untouched.
    const viaMine = await mine.client.patch(`${groupsPath(mine.restaurant.id, theirs.dishes.steak)}/${cooking.id}`, {
      name: "Stolen",
    })
    expect(viaMine.status).toBe(404)
    const theirGroupOnMyDish = await mine.client.delete(
      `${groupsPath(mine.restaurant.id, mine.dishes.steak)}/${cooking.id}`,
    )
    expect(theirGroupOnMyDish.status).toBe(404)
    expect(theirGroupOnMyDish.body.resource).toBe("option-group")
    const anonymous = await new Client(api.baseUrl).get(groupsPath(theirs.restaurant.id, theirs.dishes.steak))
    expect(anonymous.status).toBe(401)
    const still = await theirs.client.get(groupsPath(theirs.restaurant.id, theirs.dishes.steak))
    expect(names(still.body.groups)).toEqual(["Cooking", "Extras"])
  })

  it("puts groups with their available options on the public menu, refreshed on every edit", async () => {
    const { client, restaurant, dishes, slug } = await ownerWithMenu(api)
    expect((await menuDish(slug, dishes.steak)).optionGroups).toEqual([])
    const { extras, pepper } = await steakGroups(client, restaurant.id, dishes.steak)
    const shown = await menuDish(slug, dishes.steak)
    expect(names(shown.optionGroups)).toEqual(["Cooking", "Extras"])
    expect(names(shown.optionGroups[1].options)).toEqual(["Pepper sauce", "No butter"])
    await client.patch(`${groupsPath(restaurant.id, dishes.steak)}/${extras.id}/options/${pepper}`, {
      available: false,
    })
    expect(names((await menuDish(slug, dishes.steak)).optionGroups[1].options)).toEqual(["No butter"])
  })
})
