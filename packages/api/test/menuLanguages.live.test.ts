// The public menu per language: each language is its own address, cached entry, body and ETag; untranslated
// words fall back to the main language; every edit drops the menu in every language.
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MenuCache, menuKey } from "../src/menu/MenuCache.js"
import { ownerWithMenu, signUpOwner } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// A long TTL, so anything fresh these tests see came from an invalidation, never from expiry.
let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ MENU_CACHE_TTL_MS: "600000" })
})
afterAll(() => api.close())

type Owner = Awaited<ReturnType<typeof ownerWithMenu>>

const spanishSoup = { name: "Sopa", description: "Sopa del día", category: "Principales" }

/** A restaurant in English that also offers Spanish and French, its soup translated to Spanish only. */
const bilingualOwner = async (): Promise<Owner> => {
  const owner = await ownerWithMenu(api)
  const settings = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages: ["es", "fr"] })
  expect(settings.status, settings.text).toBe(200)
  expect(settings.body.language).toBe("en")
  expect(settings.body.languages).toEqual(["es", "fr"])
  const soup = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}`, {
    translations: { es: spanishSoup },
  })
  expect(soup.status, soup.text).toBe(200)
  expect(soup.body.translations).toEqual({ es: spanishSoup })
  return owner
}

const diner = () => new Client(api.baseUrl)
const dishNamed = (menu: { dishes: ReadonlyArray<{ id: string; name: string }> }, id: string) =>
  menu.dishes.find((dish) => dish.id === id)

describe("the menu in the diner's language", () => {
  it("serves each offered language at its own address, untranslated words in the main language", async () => {
    const owner = await bilingualOwner()
    const spanish = await diner().get(`/api/menu/${owner.slug}/es`)
    expect(spanish.status, spanish.text).toBe(200)
    expect(spanish.body.language).toBe("es")
    expect(spanish.headers.get("content-language")).toBe("es")
    expect(spanish.body.restaurant.language).toBe("en")
    expect(spanish.body.restaurant.languages).toEqual(["en", "es", "fr"])
    expect(dishNamed(spanish.body, owner.dishes.soup)).toMatchObject(spanishSoup)
    // Not translated: the main language's words.
    expect(dishNamed(spanish.body, owner.dishes.steak)).toMatchObject({ name: "Steak", category: "Mains" })

    const french = await diner().get(`/api/menu/${owner.slug}/fr`)
    expect(french.body.language).toBe("fr")
    expect(dishNamed(french.body, owner.dishes.soup)).toMatchObject({ name: "Soup", category: "Mains" })

    const main = await diner().get(`/api/menu/${owner.slug}`)
    expect(main.body.language).toBe("en")
    expect(dishNamed(main.body, owner.dishes.soup)?.name).toBe("Soup")
    const english = await diner().get(`/api/menu/${owner.slug}/en`)
    expect(english.body).toEqual(main.body)
  })

  it("answers a language the restaurant does not offer in its main language", async () => {
    const owner = await bilingualOwner()
    const german = await diner().get(`/api/menu/${owner.slug}/de`)
    expect(german.status).toBe(200)
    expect(german.body.language).toBe("en")
    expect(german.headers.get("content-language")).toBe("en")
    expect(dishNamed(german.body, owner.dishes.soup)?.name).toBe("Soup")
  })

  it("refuses a language outside the supported set", async () => {
    const owner = await bilingualOwner()
    for (const tag of ["xx", "es-ES", "EN", "klingon"]) {
      const reply = await diner().get(`/api/menu/${owner.slug}/${tag}`)
      expect(reply.status, tag).toBe(400)
      expect(reply.body._tag, tag).toBe("HttpApiDecodeError")
    }
  })

  it("gives each language its own ETag; 304 per language; Vary names only the encoding", async () => {
    const owner = await bilingualOwner()
    const spanish = await diner().get(`/api/menu/${owner.slug}/es`, { "accept-encoding": "gzip" })
    const french = await diner().get(`/api/menu/${owner.slug}/fr`, { "accept-encoding": "gzip" })
    const spanishTag = spanish.headers.get("etag") ?? ""
    expect(spanishTag).not.toBe("")
    expect(spanishTag).not.toBe(french.headers.get("etag"))
    // Twice: the first read may come from the handler, the second from the cached hit path.
    for (let i = 0; i < 2; i++) {
      const again = await diner().get(`/api/menu/${owner.slug}/es`, {
        "accept-encoding": "gzip",
        "if-none-match": spanishTag,
      })
      expect(again.status).toBe(304)
      expect(again.headers.get("vary")).toBe("Accept-Encoding")
      const other = await diner().get(`/api/menu/${owner.slug}/fr`, {
        "accept-encoding": "gzip",
        "if-none-match": spanishTag,
      })
      expect(other.status).toBe(200)
    }
    expect(spanish.headers.get("vary")).toBe("Accept-Encoding")
    // Each language is its own cache entry (what the hit path in front of the API answers from).
    const cached = await api.run(
      Effect.map(MenuCache, (cache) =>
        ["es", "fr", "de"].map((tag) => cache.peek(menuKey(owner.slug, tag as "es"))?.language),
      ),
    )
    expect(cached).toEqual(["es", "fr", undefined])
  })

  it("drops every language's cached menu on an edit", async () => {
    const owner = await bilingualOwner()
    const before = {
      es: await diner().get(`/api/menu/${owner.slug}/es`),
      fr: await diner().get(`/api/menu/${owner.slug}/fr`),
      main: await diner().get(`/api/menu/${owner.slug}`),
    }
    const edited = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.steak}`, {
      priceMinor: 2500,
      translations: { fr: { name: "Bifteck" } },
    })
    expect(edited.status, edited.text).toBe(200)
    // The Spanish soup is kept: languages not sent stay as they were.
    expect(edited.body.translations).toEqual({ fr: { name: "Bifteck" } })
    const soup = await owner.client.get(`/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}`)
    expect(soup.body.translations).toEqual({ es: spanishSoup })
    for (const [path, name] of [
      ["es", "Steak"],
      ["fr", "Bifteck"],
      ["", "Steak"],
    ] as const) {
      const after = await diner().get(`/api/menu/${owner.slug}${path === "" ? "" : `/${path}`}`)
      const steak = after.body.dishes.find((dish: { id: string }) => dish.id === owner.dishes.steak)
      expect(steak, path).toMatchObject({ name, priceMinor: 2500 })
    }
    expect(before.es.headers.get("etag")).not.toBe(
      (await diner().get(`/api/menu/${owner.slug}/es`)).headers.get("etag"),
    )
    expect(before.main.status).toBe(200)
    expect(before.fr.status).toBe(200)
  })

  it("follows a change of the restaurant's languages at once", async () => {
    const owner = await bilingualOwner()
    expect((await diner().get(`/api/menu/${owner.slug}/es`)).body.language).toBe("es")
    const dropped = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages: ["fr"] })
    expect(dropped.status, dropped.text).toBe(200)
    const spanish = await diner().get(`/api/menu/${owner.slug}/es`)
    expect(spanish.body.language).toBe("en")
    expect(spanish.body.restaurant.languages).toEqual(["en", "fr"])
  })
})

describe("translations and languages as input", () => {
  it("refuses an unsupported language tag or a bad text, and writes nothing", async () => {
    const owner = await bilingualOwner()
    const path = `/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.steak}`
    for (const translations of [
      { xx: { name: "?" } },
      { "es-ES": { name: "Filete" } },
      { es: { name: "" } },
      { es: { name: "x".repeat(121) } },
      { es: { name: "Filete\u0000" } },
      { es: "Filete" },
      ["es"],
    ]) {
      const reply = await owner.client.patch(path, { priceMinor: 1, translations })
      expect(reply.status, JSON.stringify(translations)).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
    }
    const steak = await owner.client.get(path)
    expect(steak.body.translations).toEqual({})
    expect(steak.body.priceMinor).toBe(2399)
  })

  it("refuses an unsupported or repeated restaurant language", async () => {
    const owner = await bilingualOwner()
    const path = `/api/restaurants/${owner.restaurant.id}`
    for (const body of [{ language: "xx" }, { languages: ["es", "es"] }, { languages: ["pt"] }, { language: "" }]) {
      const reply = await owner.client.patch(path, body)
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(reply.body._tag).toBe("HttpApiDecodeError")
    }
    const read = await owner.client.get(path)
    expect(read.body.languages).toEqual(["es", "fr"])
  })

  it("takes a new restaurant's languages from its request", async () => {
    const { client } = await signUpOwner(api)
    const created = await client.post("/api/restaurants", {
      slug: `lang-${Date.now().toString(36)}`,
      name: "Trattoria",
      currency: "EUR",
      taxRateBps: 1000,
      tableCount: 4,
      language: "it",
      languages: ["en"],
    })
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({ language: "it", languages: ["en"] })
  })
})

describe("tenancy", () => {
  it("never lets another owner write a restaurant's translations or languages", async () => {
    const owner = await bilingualOwner()
    const other = await signUpOwner(api)
    const dish = await other.client.patch(`/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}`, {
      translations: { es: { name: "Robada" } },
    })
    expect(dish.status).toBe(404)
    const settings = await other.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages: [] })
    expect(settings.status).toBe(404)
    const spanish = await diner().get(`/api/menu/${owner.slug}/es`)
    expect(dishNamed(spanish.body, owner.dishes.soup)?.name).toBe("Sopa")
  })

  it("serves each restaurant only its own dishes in every language", async () => {
    const first = await bilingualOwner()
    const second = await bilingualOwner()
    const spanish = await diner().get(`/api/menu/${second.slug}/es`)
    const ids = spanish.body.dishes.map((dish: { id: string }) => dish.id)
    expect(ids).toContain(second.dishes.soup)
    expect(ids).not.toContain(first.dishes.soup)
  })
})
