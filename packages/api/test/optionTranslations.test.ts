// Option group and option names per language: written by the owner's endpoints, refused for an unknown
// language with nothing written, shown translated on the public menu per language (else in the main one).
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { createGroup, groupsPath } from "./support/optionFixtures.js"
import type { TestApi } from "./support/testApi.js"
import { startTestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

const diner = () => new Client(api.baseUrl)

/** An English restaurant offering Spanish and French; its steak's "Cooking" named in Spanish only, in part. */
const bilingualSteak = async () => {
  const owner = await ownerWithMenu(api)
  const settings = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages: ["es", "fr"] })
  expect(settings.status, settings.text).toBe(200)
  const cooking = await createGroup(owner.client, owner.restaurant.id, owner.dishes.steak, {
    name: "Cooking",
    selection: "single",
    required: true,
    translations: { es: { name: "Punto" } },
    options: [{ name: "Rare", translations: { es: { name: "Poco hecho" } } }, { name: "Medium" }],
  })
  const optionId = (name: string): string => cooking.options.find((o: Json) => o.name === name).id
  const groupPath = `${groupsPath(owner.restaurant.id, owner.dishes.steak)}/${cooking.id}`
  return { ...owner, cooking, groupPath, rare: optionId("Rare"), medium: optionId("Medium") }
}

const steakGroupsIn = async (slug: string, steakId: string, language?: string) => {
  const reply = await diner().get(language === undefined ? `/api/menu/${slug}` : `/api/menu/${slug}/${language}`)
  expect(reply.status, reply.text).toBe(200)
  const steak = reply.body.dishes.find((dish: Json) => dish.id === steakId)
  return steak.optionGroups.map((group: Json) => ({
    name: group.name,
    options: group.options.map((option: Json) => option.name),
  }))
}

describe("option names per language", () => {
  it("keeps the names the owner wrote per language on groups and options", async () => {
    const s = await bilingualSteak()
    expect(s.cooking.translations).toEqual({ es: { name: "Punto" } })
    expect(s.cooking.options.map((o: Json) => o.translations)).toEqual([{ es: { name: "Poco hecho" } }, {}])
    const list = await s.client.get(groupsPath(s.restaurant.id, s.dishes.steak))
    expect(list.body.groups[0].translations).toEqual({ es: { name: "Punto" } })
  })

  it("shows the diner's language on the public menu, untranslated names in the main language", async () => {
    const s = await bilingualSteak()
    expect(await steakGroupsIn(s.slug, s.dishes.steak, "es")).toEqual([
      { name: "Punto", options: ["Poco hecho", "Medium"] },
    ])
    expect(await steakGroupsIn(s.slug, s.dishes.steak, "fr")).toEqual([
      { name: "Cooking", options: ["Rare", "Medium"] },
    ])
    expect(await steakGroupsIn(s.slug, s.dishes.steak)).toEqual([{ name: "Cooking", options: ["Rare", "Medium"] }])
    // The menu is already in one language: it carries no other language's names.
    const spanish = await diner().get(`/api/menu/${s.slug}/es`)
    const [group] = spanish.body.dishes.find((dish: Json) => dish.id === s.dishes.steak).optionGroups
    expect([group.translations, ...group.options.map((o: Json) => o.translations)]).toEqual([{}, {}, {}])
  })

  it("updates one language of a group or an option and keeps the others", async () => {
    const s = await bilingualSteak()
    const group = await s.client.patch(s.groupPath, { translations: { fr: { name: "Cuisson" } } })
    expect(group.status, group.text).toBe(200)
    expect(group.body.translations).toEqual({ es: { name: "Punto" }, fr: { name: "Cuisson" } })
    const option = await s.client.patch(`${s.groupPath}/options/${s.rare}`, {
      translations: { es: { name: "Vuelta y vuelta" }, fr: { name: "Saignant" } },
    })
    expect(option.status, option.text).toBe(200)
    const rare = option.body.options.find((o: Json) => o.id === s.rare)
    expect(rare.translations).toEqual({ es: { name: "Vuelta y vuelta" }, fr: { name: "Saignant" } })
    expect(rare.name).toBe("Rare")
    const added = await s.client.post(`${s.groupPath}/options`, {
      name: "Well done",
      translations: { fr: { name: "Bien cuit" } },
    })
    expect(added.status, added.text).toBe(201)
    expect(await steakGroupsIn(s.slug, s.dishes.steak, "fr")).toEqual([
      { name: "Cuisson", options: ["Saignant", "Medium", "Bien cuit"] },
    ])
  })

  it("refuses an unknown language with a 400, writing nothing", async () => {
    const s = await bilingualSteak()
    const bad = { xx: { name: "Nope" } }
    const newGroup = await s.client.post(groupsPath(s.restaurant.id, s.dishes.soup), {
      name: "Size",
      selection: "single",
      translations: bad,
    })
    expect(newGroup.status, newGroup.text).toBe(400)
    expect(newGroup.body._tag).toBe("HttpApiDecodeError")
    const newOption = await s.client.post(groupsPath(s.restaurant.id, s.dishes.soup), {
      name: "Size",
      selection: "single",
      options: [{ name: "Large", translations: bad }],
    })
    expect(newOption.status).toBe(400)
    expect(await count(api, "dish_option_groups", "dish_id = $1", [s.dishes.soup])).toBe(0)

    const groupEdit = await s.client.patch(s.groupPath, { name: "Doneness", translations: bad })
    expect(groupEdit.status).toBe(400)
    const optionEdit = await s.client.patch(`${s.groupPath}/options/${s.rare}`, { name: "Blue", translations: bad })
    expect(optionEdit.status).toBe(400)
    const addOption = await s.client.post(`${s.groupPath}/options`, { name: "Blue", translations: bad })
    expect(addOption.status).toBe(400)
    const tooLong = await s.client.patch(s.groupPath, { translations: { es: { name: "x".repeat(81) } } })
    expect(tooLong.status).toBe(400)

    const list = await s.client.get(groupsPath(s.restaurant.id, s.dishes.steak))
    expect(list.body.groups[0]).toMatchObject({ name: "Cooking", translations: { es: { name: "Punto" } } })
    expect(list.body.groups[0].options.map((o: Json) => [o.name, o.translations])).toEqual([
      ["Rare", { es: { name: "Poco hecho" } }],
      ["Medium", {}],
    ])
  })

  it("copies a group with its names in every language", async () => {
    const s = await bilingualSteak()
    const copied = await s.client.post(`${s.groupPath}/copy`, { dishIds: [s.dishes.soup] })
    expect(copied.status, copied.text).toBe(201)
    expect(await steakGroupsIn(s.slug, s.dishes.soup, "es")).toEqual([
      { name: "Punto", options: ["Poco hecho", "Medium"] },
    ])
  })

  it("keeps the chosen options of an order in the main language, whatever the menu's language", async () => {
    const s = await bilingualSteak()
    const placed = await diner().post(`/api/menu/${s.slug}/orders`, {
      ...s.order(s.dishes.steak),
      items: [{ dishId: s.dishes.steak, quantity: 1, optionIds: [s.rare] }],
    })
    expect(placed.status, placed.text).toBe(201)
    expect(placed.body.order.items[0].options).toEqual([
      { optionId: s.rare, groupName: "Cooking", name: "Rare", priceDeltaMinor: 0 },
    ])
  })
})
