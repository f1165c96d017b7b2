import { modelJobIdOn } from "@ardine/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ownerWithMenu } from "./support/fixtures.js"
import { dishPhoto } from "./support/images.js"
import { startTestApiOnDoubles, type TestApiOnDoubles } from "./support/testApiOnDoubles.js"

// The owner's built/photoreal switch for a dish: the dish's own choice wins over the restaurant's; the worker
// reads the same row (its effective choice) when it next builds the dish's model.

let api: TestApiOnDoubles
beforeAll(async () => {
  api = await startTestApiOnDoubles()
})
afterAll(() => api.close())

describe("built or photoreal, per dish", () => {
  it("follows the restaurant until the dish chooses, and back", async () => {
    const owner = await ownerWithMenu(api)
    const path = `/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}/model-kind`
    const initial = await owner.client.get(path)
    expect(initial.status, initial.text).toBe(200)
    expect(initial.body).toEqual({
      dishId: owner.dishes.soup,
      choice: null,
      effective: "built",
      source: null,
      note: null,
    })

    const chosen = await owner.client.request("PUT", path, { json: { modelKind: "photoreal" } })
    expect(chosen.status, chosen.text).toBe(200)
    expect(chosen.body).toMatchObject({ choice: "photoreal", effective: "photoreal" })

    const restaurantWide = await owner.client.request("PUT", `/api/restaurants/${owner.restaurant.id}/model-kind`, {
      json: { modelKind: "photoreal" },
    })
    expect(restaurantWide.body).toEqual({ restaurantId: owner.restaurant.id, modelKind: "photoreal" })
    const followed = await owner.client.request("PUT", path, { json: { modelKind: null } })
    expect(followed.body).toMatchObject({ choice: null, effective: "photoreal" })
    const other = await owner.client.get(
      `/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.steak}/model-kind`,
    )
    expect(other.body).toMatchObject({ choice: null, effective: "photoreal" })
  })

  it("refuses a kind it does not know with a 400, and changes nothing", async () => {
    const owner = await ownerWithMenu(api)
    const path = `/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}/model-kind`
    const refused = await owner.client.request("PUT", path, { json: { modelKind: "hologram" } })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ _tag: "HttpApiDecodeError" })
    expect((await owner.client.get(path)).body).toMatchObject({ choice: null, effective: "built" })
  })

  it("shows the owner why a photoreal dish has the built model", async () => {
    const owner = await ownerWithMenu(api)
    const note = "photoreal model failed: out of credits — showing the built model"
    await api.db.query(
      "UPDATE dishes SET model_kind = 'photoreal', model_source = 'built', model_note = $2 WHERE id = $1",
      [owner.dishes.soup, note],
    )
    const read = await owner.client.get(
      `/api/restaurants/${owner.restaurant.id}/dishes/${owner.dishes.soup}/model-kind`,
    )
    expect(read.body).toMatchObject({ effective: "photoreal", source: "built", note })
  })

  it("queues a photoreal dish's job on the photoreal queue, and a built one's on the builder's", async () => {
    const owner = await ownerWithMenu(api)
    const restaurant = owner.restaurant.id
    await owner.client.request("PUT", `/api/restaurants/${restaurant}/model-kind`, { json: { modelKind: "photoreal" } })
    const upload = await owner.client.upload(`/api/restaurants/${restaurant}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto() },
    ])
    expect(upload.status, upload.text).toBe(201)
    const dishId = upload.body.id
    expect(api.doubles.jobs.get(modelJobIdOn("photoreal", dishId))?.state).toBe("waiting")
    expect(api.doubles.jobs.has(modelJobIdOn("builder", dishId))).toBe(false)

    // The dish's own choice wins: built again, its next job is the builder's.
    const path = `/api/restaurants/${restaurant}/dishes/${dishId}`
    await owner.client.request("PUT", `${path}/model-kind`, { json: { modelKind: "built" } })
    const regenerated = await owner.client.request("POST", `${path}/regenerate`)
    expect(regenerated.status, regenerated.text).toBe(200)
    expect(api.doubles.jobs.get(modelJobIdOn("builder", dishId))?.state).toBe("waiting")
  })
})
