// Translations suggested by the analyzer when an owner writes a dish's words, marked for review like the
// analyzer's other text; without an AI (or with it down) none, and the write stands. On the doubles.
import { AnalyzerUnavailable } from "@ardine/infra"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client } from "./support/httpClient.js"
import { startTestApiOnDoubles, type TestApiOnDoubles } from "./support/testApiOnDoubles.js"

let api: TestApiOnDoubles
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

/** As the AI would: each asked language gets the name with a tag in front. */
const taggedTranslation = () => {
  api.doubles.translate = (input) =>
    Effect.succeed(
      Object.fromEntries(
        input.to.map((language) => [language, { name: `${language}: ${input.texts.name}`, category: `${language}` }]),
      ),
    )
}

const offering = async (languages: ReadonlyArray<string>) => {
  const owner = await ownerWithMenu(api)
  const reply = await owner.client.patch(`/api/restaurants/${owner.restaurant.id}`, { languages })
  expect(reply.status, reply.text).toBe(200)
  return { ...owner, soupPath: `/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}` }
}

describe("translations suggested when a dish's words change", () => {
  it("suggests each other language, marked for review, and serves them on the menu", async () => {
    taggedTranslation()
    const owner = await offering(["es", "fr"])
    const asked = api.doubles.translated.length
    const reply = await owner.client.patch(owner.soupPath, { name: "Tomato soup" })
    expect(reply.status, reply.text).toBe(200)
    expect(api.doubles.translated.slice(asked)).toEqual([
      { texts: { name: "Tomato soup", description: "", category: "Mains" }, from: "en", to: ["es", "fr"] },
    ])
    expect(reply.body.translations).toEqual({
      es: { name: "es: Tomato soup", category: "es" },
      fr: { name: "fr: Tomato soup", category: "fr" },
    })
    expect(reply.body.needsReview).toEqual(expect.arrayContaining(["translation:es", "translation:fr"]))
    const spanish = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}/es`)
    expect(spanish.body.dishes.find((d: { id: string }) => d.id === owner.dishes.soup)?.name).toBe("es: Tomato soup")
  })

  it("leaves the languages the owner wrote alone, and their answer clears the review mark", async () => {
    taggedTranslation()
    const owner = await offering(["es", "fr"])
    await owner.client.patch(owner.soupPath, { name: "Tomato soup" })
    const reviewed = await owner.client.patch(owner.soupPath, {
      name: "Tomato and basil soup",
      translations: { es: { name: "Sopa de tomate y albahaca" } },
    })
    expect(reviewed.status, reviewed.text).toBe(200)
    expect(reviewed.body.translations).toEqual({
      es: { name: "Sopa de tomate y albahaca" },
      fr: { name: "fr: Tomato and basil soup", category: "fr" },
    })
    expect(reviewed.body.needsReview).not.toContain("translation:es")
    expect(reviewed.body.needsReview).toContain("translation:fr")
    // Saving the French words as they are is the owner's answer to the suggestion.
    const kept = await owner.client.patch(owner.soupPath, { translations: { fr: reviewed.body.translations.fr } })
    expect(kept.body.needsReview.filter((field: string) => field.startsWith("translation:"))).toEqual([])
  })

  it("asks nothing for a change that is not the dish's words, or with no other language", async () => {
    taggedTranslation()
    const owner = await offering(["es"])
    const asked = api.doubles.translated.length
    expect((await owner.client.patch(owner.soupPath, { priceMinor: 990 })).status).toBe(200)
    const english = await offering([])
    expect((await english.client.patch(english.soupPath, { name: "Broth" })).status).toBe(200)
    expect(api.doubles.translated.length).toBe(asked)
  })

  it("keeps the owner's write when the AI is down or suggests nothing (the main words show)", async () => {
    const owner = await offering(["es"])
    api.doubles.translate = () => Effect.fail(new AnalyzerUnavailable({ reason: "down (test)" }))
    const down = await owner.client.patch(owner.soupPath, { name: "Pumpkin soup" })
    expect(down.status, down.text).toBe(200)
    expect(down.body).toMatchObject({ name: "Pumpkin soup", translations: {} })
    expect(down.body.needsReview).not.toContain("translation:es")
    api.doubles.translate = () => Effect.succeed({})
    const none = await owner.client.patch(owner.soupPath, { name: "Leek soup" })
    expect(none.body.translations).toEqual({})
    const spanish = await new Client(api.baseUrl).get(`/api/menu/${owner.slug}/es`)
    expect(spanish.body.dishes.find((d: { id: string }) => d.id === owner.dishes.soup)?.name).toBe("Leek soup")
  })
})
