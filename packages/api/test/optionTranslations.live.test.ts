// The cached public menu per language follows the owner's edits of option names at once (Redis real, so the
// cache is in use; a long TTL, so a fresh name can only come from an invalidation).
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MenuCache, menuKey } from "../src/menu/MenuCache.js"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { createGroup, groupsPath } from "./support/optionFixtures.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ MENU_CACHE_TTL_MS: "600000" })
})
afterAll(() => api.close())

const cachedLanguages = (slug: string) =>
  api.run(Effect.map(MenuCache, (cache) => (["es", "fr"] as const).map((tag) => cache.peek(menuKey(slug, tag)))))

describe("the cached menu per language after an option edit", () => {
  it("drops every language's menu when a group's or an option's names change", async () => {
    const owner = await ownerWithMenu(api)
    const settings = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages: ["es", "fr"] })
    expect(settings.status, settings.text).toBe(200)
    const group = await createGroup(owner.client, owner.restaurant.id, owner.dishes.steak, {
      name: "Cooking",
      selection: "single",
      translations: { es: { name: "Punto" } },
      options: [{ name: "Rare", translations: { es: { name: "Poco hecho" } } }],
    })
    const groupPath = `${groupsPath(owner.restaurant.id, owner.dishes.steak)}/${group.id}`
    const spanishSteak = async () => {
      const reply = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}/es`)
      expect(reply.status, reply.text).toBe(200)
      const [cooking] = reply.body.dishes.find((dish: Json) => dish.id === owner.dishes.steak).optionGroups
      return { etag: reply.headers.get("etag"), names: [cooking.name, ...cooking.options.map((o: Json) => o.name)] }
    }
    const warm = async () => {
      await new Client(api.baseUrl).get(`/api/menu/${owner.slug}/fr`)
      const spanish = await spanishSteak()
      expect((await cachedLanguages(owner.slug)).map((menu) => menu?.language)).toEqual(["es", "fr"])
      return spanish
    }

    const first = await warm()
    expect(first.names).toEqual(["Punto", "Poco hecho"])
    const renamed = await owner.client.patch(groupPath, { translations: { es: { name: "Cocción" } } })
    expect(renamed.status, renamed.text).toBe(200)
    expect(await cachedLanguages(owner.slug)).toEqual([undefined, undefined])
    const second = await warm()
    expect(second.names).toEqual(["Cocción", "Poco hecho"])
    expect(second.etag).not.toBe(first.etag)

    const option = await owner.client.patch(`${groupPath}/options/${group.options[0].id}`, {
      translations: { es: { name: "Vuelta y vuelta" } },
    })
    expect(option.status, option.text).toBe(200)
    expect(await cachedLanguages(owner.slug)).toEqual([undefined, undefined])
    expect((await spanishSteak()).names).toEqual(["Cocción", "Vuelta y vuelta"])
  })
})
