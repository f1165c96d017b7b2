import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { dishPhoto } from "./support/images.js"
import { startTestApiOnDoubles, type TestApiOnDoubles } from "./support/testApiOnDoubles.js"
import { sampleAnalysis } from "./support/testServices.js"

let api: TestApiOnDoubles
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

const suggestions = [
  {
    name: "Cheese",
    selection: "single",
    required: false,
    options: [
      { name: "Extra parmesan", priceDeltaMinor: 150 },
      { name: "No cheese", priceDeltaMinor: -50 },
    ],
  },
  {
    name: "Pasta",
    selection: "single",
    required: true,
    options: [{ name: "Spaghetti", priceDeltaMinor: 0 }],
  },
] as const

describe("option groups suggested by the analyzer", () => {
  it("wait on the draft for review, off the menu, until the owner accepts or dismisses each", async () => {
    api.doubles.analyze = () => Effect.succeed({ ...sampleAnalysis, suggestedOptionGroups: suggestions })
    const owner = await ownerWithMenu(api)
    const dishes = `/api/restaurants/${owner.restaurant.id}/dishes`
    const uploaded = await owner.client.upload(dishes, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#d35400") },
    ])
    expect(uploaded.status, uploaded.text).toBe(201)
    const dish = uploaded.body
    expect(dish.suggestedOptionGroups).toEqual(suggestions)
    expect(dish.needsReview).toContain("optionGroups")
    expect(await count(api, "dish_option_groups", "dish_id = $1", [dish.id])).toBe(0)

    // Published with its suggestions still pending: diners see no option group.
    await owner.client.patch(`${dishes}/${dish.id}`, { allergensConfirmed: true, priceMinor: 1200 })
    const published = await owner.client.post(`${dishes}/${dish.id}/publish`)
    expect(published.status, published.text).toBe(200)
    const menu = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}`)
    expect(menu.body.dishes.find((d: Json) => d.id === dish.id).optionGroups).toEqual([])

    const suggestionsPath = `${dishes}/${dish.id}/option-suggestions`
    const accepted = await owner.client.post(`${suggestionsPath}/0/accept`)
    expect(accepted.status, accepted.text).toBe(201)
    expect(accepted.body).toMatchObject({ name: "Cheese", selection: "single", required: false, position: 0 })
    expect(accepted.body.options.map((o: Json) => [o.name, o.priceDeltaMinor, o.available])).toEqual([
      ["Extra parmesan", 150, true],
      ["No cheese", -50, true],
    ])
    const afterAccept = await owner.client.get(`${dishes}/${dish.id}`)
    expect(afterAccept.body.suggestedOptionGroups.map((g: Json) => g.name)).toEqual(["Pasta"])
    expect(afterAccept.body.needsReview).toContain("optionGroups")
    const shown = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}`)
    expect(shown.body.dishes.find((d: Json) => d.id === dish.id).optionGroups.map((g: Json) => g.name)).toEqual([
      "Cheese",
    ])

    const gone = await owner.client.delete(`${suggestionsPath}/1`)
    expect(gone.status).toBe(404)
    expect(gone.body.resource).toBe("option-suggestion")
    const dismissed = await owner.client.delete(`${suggestionsPath}/0`)
    expect(dismissed.status).toBe(204)
    const reviewed = await owner.client.get(`${dishes}/${dish.id}`)
    expect(reviewed.body.suggestedOptionGroups).toEqual([])
    expect(reviewed.body.needsReview).not.toContain("optionGroups")
    expect(await count(api, "dish_option_groups", "dish_id = $1", [dish.id])).toBe(1)
  })

  it("are another owner's business: 404, nothing changed", async () => {
    api.doubles.analyze = () => Effect.succeed({ ...sampleAnalysis, suggestedOptionGroups: suggestions })
    const owner = await ownerWithMenu(api)
    const stranger = await ownerWithMenu(api)
    const uploaded = await owner.client.upload(`/api/restaurants/${owner.restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#2e86c1") },
    ])
    expect(uploaded.status, uploaded.text).toBe(201)
    const viaTheirs = `/api/restaurants/${stranger.restaurant.id}/dishes/${uploaded.body.id}/option-suggestions/0`
    expect((await stranger.client.post(`${viaTheirs}/accept`)).status).toBe(404)
    expect((await stranger.client.delete(viaTheirs)).status).toBe(404)
    const viaOwners = `/api/restaurants/${owner.restaurant.id}/dishes/${uploaded.body.id}/option-suggestions/0`
    expect((await stranger.client.delete(viaOwners)).status).toBe(404)
    const still = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/dishes/${uploaded.body.id}`)
    expect(still.body.suggestedOptionGroups).toHaveLength(2)
  })
})
