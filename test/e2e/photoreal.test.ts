// Photoreal models end to end across two processes: the API and the worker (a child process, as deployed)
// with MODEL_PROVIDER=meshy pointed at the loopback double of Meshy's API. An uploaded photo of a restaurant
// that chose photoreal ends as the provider's model at the dish's real size and inside the phone budgets; a
// provider out of credits (402) ends with the built model and the note the owner reads.
import { join } from "node:path"
import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import type { Json } from "@ardine/api/test-support/httpClient"
import { dishPhoto } from "@ardine/api/test-support/images"
import { DishGeometry } from "@ardine/domain"
import { expectDishModel } from "@ardine/worker/test-support/dishModelChecks"
import { type MeshyDouble, startMeshyDouble } from "@ardine/worker/test-support/meshyDouble"
import { makeProviderGlb } from "@ardine/worker/test-support/providerGlbs"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { repoRoot, type Services, startServices } from "./support/stack.js"

let double: MeshyDouble
let services: Services
let owner: Awaited<ReturnType<typeof ownerWithMenu>>

beforeAll(async () => {
  double = await startMeshyDouble()
  services = await startServices(join(repoRoot, "test-artifacts", "photoreal"), {
    workerEnv: {
      MODEL_PROVIDER: "meshy",
      MESHY_API_KEY: double.apiKey,
      MESHY_BASE_URL: double.baseUrl,
      PHOTOREAL_POLL_INTERVAL_MS: "200",
    },
  })
  owner = await ownerWithMenu(services.api)
  const chosen = await owner.client.request("PUT", `/api/restaurants/${owner.restaurant.id}/model-kind`, {
    json: { modelKind: "photoreal" },
  })
  expect(chosen.status, chosen.text).toBe(200)
}, 90_000)

afterAll(async () => {
  await services?.close()
  await double?.close()
})

/** Uploads a photo and waits for the dish's model; returns the dish and its built/photoreal state. */
const uploadAndWait = async (color: string) => {
  const restaurant = owner.restaurant.id
  const uploaded = await owner.client.upload(`/api/restaurants/${restaurant}/dishes`, [
    { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto(color) },
  ])
  expect(uploaded.status, uploaded.text).toBe(201)
  const path = `/api/restaurants/${restaurant}/dishes/${uploaded.body.id}`
  let dish: Json = uploaded.body
  const deadline = Date.now() + 60_000
  while (dish.modelStatus !== "ready" && dish.modelStatus !== "failed" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    dish = (await owner.client.get(path)).body
  }
  expect(dish.modelStatus, dish.failureReason ?? "").toBe("ready")
  const choice = await owner.client.get(`${path}/model-kind`)
  expect(choice.status, choice.text).toBe(200)
  const model = await fetch(`${services.api.baseUrl}${dish.modelUrl}`)
  expect(model.status).toBe(200)
  const usdz = await fetch(`${services.api.baseUrl}${dish.usdzUrl}`)
  expect(usdz.status).toBe(200)
  return {
    choice: choice.body,
    geometry: Schema.decodeUnknownSync(DishGeometry)(dish.geometry),
    glb: new Uint8Array(await model.arrayBuffer()),
  }
}

describe("photoreal models with the API and the worker as processes", () => {
  it("turns an uploaded photo into the provider's model at the dish's real size and inside the budgets", async () => {
    // 30 units wide and off-centre: the worker must scale and centre it, not store it as sent.
    double.setScenario({ result: await makeProviderGlb({ size: 30, offset: [4, 9, -2] }), runMs: 1_000 })
    const before = double.created()
    const { choice, geometry, glb } = await uploadAndWait("#c0392b")
    expect(double.created() - before).toBe(1)
    // The provider got the stored photo inline, so the store need not be public.
    expect(double.lastImageUrl()).toMatch(/^data:image\/(jpeg|png|webp);base64,/)
    expect(choice).toMatchObject({ effective: "photoreal", source: "photoreal", note: null })
    await expectDishModel(glb, geometry)
  }, 90_000)

  it("falls back to the built model with the owner's note when the provider is out of credits", async () => {
    double.setScenario({ result: await makeProviderGlb(), createFailures: [402] })
    const before = double.created()
    const { choice, geometry, glb } = await uploadAndWait("#27ae60")
    expect(double.created() - before).toBe(0)
    expect(choice).toMatchObject({
      effective: "photoreal",
      source: "built",
      note: "photoreal model failed: out of credits — showing the built model",
    })
    await expectDishModel(glb, geometry)
  }, 90_000)
})
