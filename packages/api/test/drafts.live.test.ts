import { behaviours, type GeminiDouble, geminiDouble } from "@ardine/infra/test-support/geminiDouble"
import { Effect, Exit, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { loadDemoSeed, seedDemo } from "../src/seed/seed.js"
import { count, ownerWithMenu, unique } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { dishPhoto } from "./support/images.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// Real Postgres, Redis and clamd. `api` has no AI key (the local analyzer describes photos); `aiApi` talks to
// the Gemini REST double through the real client, for the case where an AI guesses the price and allergens.
let api: TestApi
let aiApi: TestApi
let scope: Scope.CloseableScope
let gemini: GeminiDouble

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  gemini = await Effect.runPromise(Scope.extend(geminiDouble(behaviours.valid()), scope))
  ;[api, aiApi] = await Promise.all([
    startTestApi(),
    startTestApi({ GEMINI_API_KEY: "test-key-not-secret", GEMINI_BASE_URL: gemini.baseUrl }),
  ])
})

afterAll(async () => {
  await Promise.all([api?.close(), aiApi?.close()])
  await Effect.runPromise(Scope.close(scope, Exit.void))
})

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

const upload = async (owner: Owner) => {
  const reply = await owner.client.upload(`/api/restaurants/${owner.restaurant.id}/dishes`, [
    { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#d35400") },
  ])
  expect(reply.status, reply.text).toBe(201)
  return reply.body
}

const dishPath = (owner: Owner, dishId: string, action = "") =>
  `/api/restaurants/${owner.restaurant.id}/dishes/${dishId}${action}`

const menuOf = async (on: TestApi, slug: string, headers?: Record<string, string>) =>
  new Client(on.baseUrl).get(`/api/menu/${slug}`, headers)

const menuIds = async (on: TestApi, slug: string) =>
  (await menuOf(on, slug)).body.dishes.map((dish: Json) => dish.id as string)

const orders = (on: TestApi, owner: Owner) => count(on, "orders", "restaurant_id = $1", [owner.restaurant.id])

describe("a dish made from a photo is a draft", () => {
  it("is not on the public menu, not in its ETag, and not orderable (422 DishUnavailable, nothing written)", async () => {
    const owner = await ownerWithMenu(api)
    const etag = (await menuOf(api, owner.slug)).headers.get("etag") ?? ""

    const draft = await upload(owner)
    expect(draft).toMatchObject({ published: false, allergensConfirmed: false })
    expect(await menuIds(api, owner.slug)).not.toContain(draft.id)
    expect((await menuOf(api, owner.slug, { "if-none-match": etag })).status).toBe(304)

    // Editing the draft does not change what diners see either.
    const edited = await owner.client.patch(dishPath(owner, draft.id), { name: "Pumpkin soup", priceMinor: 650 })
    expect(edited.status, edited.text).toBe(200)
    expect((await menuOf(api, owner.slug, { "if-none-match": etag })).status).toBe(304)

    const placed = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, owner.order(draft.id))
    expect(placed.status, placed.text).toBe(422)
    expect(placed.body).toMatchObject({ _tag: "DishUnavailable", dishIds: [draft.id] })
    expect(await orders(api, owner)).toBe(0)
  })

  it("stays a draft when an AI guessed its price and allergens: those are suggestions until the owner confirms", async () => {
    gemini.script(behaviours.valid())
    const owner = await ownerWithMenu(aiApi)
    const draft = await upload(owner)
    expect(draft).toMatchObject({
      name: "Spaghetti al pomodoro",
      priceMinor: 1450,
      allergens: ["gluten", "milk"],
      published: false,
      allergensConfirmed: false,
    })
    expect(draft.needsReview).toContain("allergens")
    expect(await menuIds(aiApi, owner.slug)).not.toContain(draft.id)
    const refused = await owner.client.post(dishPath(owner, draft.id, "/publish"))
    expect(refused.status, refused.text).toBe(409)
    expect(refused.body).toMatchObject({ _tag: "DishNotPublishable", missing: ["allergens"] })
  })
})

describe("publishing", () => {
  it("needs a name, a price above 0 and confirmed allergens, names what is missing, then puts the dish on the menu", async () => {
    const owner = await ownerWithMenu(api)
    const draft = await upload(owner)
    const publish = () => owner.client.post(dishPath(owner, draft.id, "/publish"))

    const first = await publish()
    expect(first.status, first.text).toBe(409)
    expect(first.body).toMatchObject({ _tag: "DishNotPublishable", missing: ["name", "price", "allergens"] })
    expect(first.body.message).toContain("a name, a price above 0 and confirmed allergens")

    await owner.client.patch(dishPath(owner, draft.id), { name: "Pumpkin soup", priceMinor: 650 })
    expect((await publish()).body).toMatchObject({ _tag: "DishNotPublishable", missing: ["allergens"] })

    // Saving the list is not confirming it: the dish still has unknown allergens.
    const listed = await owner.client.patch(dishPath(owner, draft.id), { allergens: ["milk", "celery"] })
    expect(listed.body).toMatchObject({ allergensConfirmed: false })
    expect(listed.body.needsReview).toContain("allergens")
    expect((await publish()).body).toMatchObject({ _tag: "DishNotPublishable", missing: ["allergens"] })
    expect(await menuIds(api, owner.slug)).not.toContain(draft.id)

    const confirmed = await owner.client.patch(dishPath(owner, draft.id), { allergensConfirmed: true })
    expect(confirmed.body.needsReview).not.toContain("allergens")
    const published = await publish()
    expect(published.status, published.text).toBe(200)
    expect(published.body).toMatchObject({ published: true, allergensConfirmed: true })

    const menu = await menuOf(api, owner.slug)
    expect(menu.body.dishes.find((dish: Json) => dish.id === draft.id)).toMatchObject({
      name: "Pumpkin soup",
      priceMinor: 650,
      allergens: ["milk", "celery"],
      allergensConfirmed: true,
    })
    const placed = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, owner.order(draft.id, 2))
    expect(placed.status, placed.text).toBe(201)
    expect(placed.body.order.subtotalMinor).toBe(1300)
  })

  it("tells 'contains none of the 14' (confirmed, empty) from unknown allergens (empty, unconfirmed)", async () => {
    const owner = await ownerWithMenu(api)
    const draft = await upload(owner)
    await owner.client.patch(dishPath(owner, draft.id), { name: "Lemonade", priceMinor: 400, allergens: [] })
    expect((await owner.client.post(dishPath(owner, draft.id, "/publish"))).body).toMatchObject({
      missing: ["allergens"],
    })
    await owner.client.patch(dishPath(owner, draft.id), { allergensConfirmed: true })
    expect((await owner.client.post(dishPath(owner, draft.id, "/publish"))).status).toBe(200)
    const menu = await menuOf(api, owner.slug)
    expect(menu.body.dishes.find((dish: Json) => dish.id === draft.id)).toMatchObject({
      allergens: [],
      allergensConfirmed: true,
    })
  })

  it("saving clears only the review flags of the fields sent, and never the allergens' without confirming", async () => {
    const owner = await ownerWithMenu(api)
    const draft = await upload(owner)
    expect(draft.needsReview).toEqual(expect.arrayContaining(["name", "suggestedPriceMinor", "allergens"]))
    const saved = await owner.client.patch(dishPath(owner, draft.id), {
      priceMinor: 900,
      allergens: draft.allergens,
    })
    expect(saved.body.needsReview).not.toContain("suggestedPriceMinor")
    expect(saved.body.needsReview).toEqual(expect.arrayContaining(["name", "allergens"]))
  })
})

describe("a published dish", () => {
  it("leaves the menu when the owner marks its allergens unknown again, and cannot be ordered", async () => {
    const owner = await ownerWithMenu(api)
    const etag = (await menuOf(api, owner.slug)).headers.get("etag")
    const saved = await owner.client.patch(dishPath(owner, owner.dishes.soup), { allergensConfirmed: false })
    expect(saved.status, saved.text).toBe(200)
    expect(saved.body).toMatchObject({ published: false, allergensConfirmed: false })
    const menu = await menuOf(api, owner.slug)
    expect(menu.headers.get("etag")).not.toBe(etag)
    expect(menu.body.dishes.map((dish: Json) => dish.id)).not.toContain(owner.dishes.soup)
    const placed = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, owner.order(owner.dishes.soup))
    expect(placed.body).toMatchObject({ _tag: "DishUnavailable", dishIds: [owner.dishes.soup] })
  })

  it("leaves the menu when its price is set to 0 (a price above 0 is a publishing requirement)", async () => {
    const owner = await ownerWithMenu(api)
    const saved = await owner.client.patch(dishPath(owner, owner.dishes.steak), { priceMinor: 0 })
    expect(saved.body).toMatchObject({ published: false, priceMinor: 0 })
    expect(await menuIds(api, owner.slug)).not.toContain(owner.dishes.steak)
  })

  it("goes back to being a draft when unpublished, and can be published again", async () => {
    const owner = await ownerWithMenu(api)
    const off = await owner.client.post(dishPath(owner, owner.dishes.soup, "/unpublish"))
    expect(off.status, off.text).toBe(200)
    expect(off.body.published).toBe(false)
    expect(await menuIds(api, owner.slug)).toEqual([owner.dishes.steak])
    const placed = await new Client(api.baseUrl).post(`/api/menu/${owner.slug}/orders`, owner.order(owner.dishes.soup))
    expect(placed.status).toBe(422)
    expect((await owner.client.post(dishPath(owner, owner.dishes.soup, "/publish"))).status).toBe(200)
    expect((await menuIds(api, owner.slug)).sort()).toEqual([owner.dishes.soup, owner.dishes.steak].sort())
  })

  it("cannot be made published without its requirements, even by a direct write (the database CHECKs it)", async () => {
    const owner = await ownerWithMenu(api)
    const draft = await upload(owner)
    await expect(api.db.query(`UPDATE dishes SET published = true WHERE id = $1`, [draft.id])).rejects.toThrow(
      /dishes_published_complete/,
    )
  })
})

describe("the demo seed", () => {
  it("puts its dishes on the menu with their allergens confirmed (the restaurant's own, reviewed text)", async () => {
    const seed = await api.run(loadDemoSeed)
    const slug = unique("demo")
    await api.run(
      seedDemo({
        ...seed,
        owner: { ...seed.owner, email: `${unique("demo")}@example.test` },
        restaurant: { ...seed.restaurant, slug },
      }),
    )
    const dishes = (await menuOf(api, slug)).body.dishes
    expect(dishes).toHaveLength(seed.dishes.length)
    expect(dishes.every((dish: Json) => dish.allergensConfirmed === true)).toBe(true)
  })
})
