import { modelJobId } from "@ardine/domain"
import { AnalysisFailed, BlobStorage } from "@ardine/infra"
import { Effect } from "effect"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { dishPhoto, EICAR } from "./support/images.js"
import { startTestApiOnDoubles, type TestApiOnDoubles } from "./support/testApiOnDoubles.js"
import { type Step, sampleAnalysis } from "./support/testServices.js"

// Ardine's own logic on the doubles (TestServices): only Postgres is real. The same flows against Redis, clamd,
// S3 and the Gemini client are in upload.test.ts.
let api: TestApiOnDoubles

beforeAll(async () => {
  api = await startTestApiOnDoubles({ RATE_LIMIT_UPLOADS_PER_HOUR: "100000" })
})
afterAll(() => api?.close())
afterEach(() => {
  api.doubles.failing.clear()
  api.doubles.analyze = () => Effect.succeed(sampleAnalysis)
})

const blobsOf = (restaurantId: string) =>
  api.run(
    Effect.flatMap(BlobStorage, (storage) => storage.keysUnder("images", `restaurants/${restaurantId}/`)).pipe(
      Effect.map((keys) => [...keys].sort()),
    ),
  )

const jobsOf = (restaurantId: string) =>
  [...api.doubles.jobs.values()].filter((job) => job.payload.restaurantId === restaurantId)

const uploadPhoto = async (owner: Client, restaurantId: string, bytes?: Uint8Array) =>
  owner.upload(`/api/restaurants/${restaurantId}/dishes`, [
    { name: "dish.jpg", type: "image/jpeg", bytes: bytes ?? (await dishPhoto()) },
  ])

const replacePhoto = async (owner: Client, restaurantId: string, dishId: string, color: string) =>
  owner.upload(`/api/restaurants/${restaurantId}/dishes/${dishId}/photo`, [
    { name: "new.jpg", type: "image/jpeg", bytes: await dishPhoto(color) },
  ])

const keyOf = (url: string) => url.replace(/^\/storage\/[^/]+\//, "")
const keysOf = (dish: Json) => [dish.imageUrl, ...dish.imageVariants.map((v: Json) => v.url)].map(keyOf).sort()

describe("an upload on the doubles", () => {
  it("scans, stores, asks the analyzer, inserts a pending dish and queues its job with the stored photo", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const asked = api.doubles.analyzed.length
    const reply = await uploadPhoto(owner, restaurant.id)
    expect(reply.status, reply.text).toBe(201)
    expect(reply.body).toMatchObject({ name: sampleAnalysis.name, modelStatus: "pending" })
    expect(await blobsOf(restaurant.id)).toEqual(keysOf(reply.body))
    expect(api.doubles.analyzed.length - asked).toBe(1)
    expect(api.doubles.analyzed.at(-1)?.currency).toBe("EUR")
    const job = api.doubles.jobs.get(modelJobId(reply.body.id))
    expect(job?.state).toBe("waiting")
    expect(job?.payload).toMatchObject({
      dishId: reply.body.id,
      restaurantId: restaurant.id,
      imageKey: keyOf(reply.body.imageUrl),
      geometry: sampleAnalysis.geometry,
    })
    // The job carries the request's trace, so one trace spans the API and the worker.
    expect(job?.payload.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-0[01]$/)
  })

  it("refuses a photo the scanner flags with 422, storing and asking nothing", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const asked = api.doubles.analyzed.length
    const photo = await dishPhoto()
    const comment = new TextEncoder().encode(EICAR)
    const segment = [0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff, ...comment]
    const infected = new Uint8Array([...photo.slice(0, 2), ...segment, ...photo.slice(2)])
    const reply = await uploadPhoto(owner, restaurant.id, infected)
    expect(reply.status, reply.text).toBe(422)
    expect(reply.body._tag).toBe("MalwareDetected")
    expect(api.doubles.analyzed.length).toBe(asked)
    expect(await blobsOf(restaurant.id)).toEqual([])
    expect(jobsOf(restaurant.id)).toEqual([])
  })
})

describe("a failed upload leaves no blob, no row and no job, whichever step fails", () => {
  const cases: ReadonlyArray<{ step: Step; status: number; body: Json }> = [
    { step: "scan", status: 503, body: { _tag: "ScannerUnavailable" } },
    { step: "store", status: 503, body: { _tag: "ServiceUnavailable", service: "storage" } },
    { step: "analyze", status: 503, body: { _tag: "ServiceUnavailable", service: "ai" } },
    { step: "writeDish", status: 503, body: { _tag: "ServiceUnavailable", service: "database" } },
    { step: "enqueue", status: 503, body: { _tag: "ServiceUnavailable", service: "queue" } },
  ]
  for (const c of cases) {
    it(`${c.step} fails: ${c.status} ${c.body._tag}${c.body.service ? ` (${c.body.service})` : ""}`, async () => {
      const { client: owner, restaurant } = await ownerWithMenu(api)
      api.doubles.failing.add(c.step)
      const reply = await uploadPhoto(owner, restaurant.id)
      expect(reply.status, reply.text).toBe(c.status)
      expect(reply.body).toMatchObject(c.body)
      expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(3)
      expect(await blobsOf(restaurant.id)).toEqual([])
      expect(jobsOf(restaurant.id)).toEqual([])

      // The same owner, once the step works again, uploads normally.
      api.doubles.failing.delete(c.step)
      expect((await uploadPhoto(owner, restaurant.id)).status).toBe(201)
    })
  }

  it("an analysis the AI could not make is 502 DishAnalysisFailed, and leaves nothing", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    api.doubles.analyze = () => Effect.fail(new AnalysisFailed({ reason: "no dish in the photo" }))
    const reply = await uploadPhoto(owner, restaurant.id)
    expect(reply.status, reply.text).toBe(502)
    expect(reply.body._tag).toBe("DishAnalysisFailed")
    expect(await count(api, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(3)
    expect(await blobsOf(restaurant.id)).toEqual([])
    expect(jobsOf(restaurant.id)).toEqual([])
  })
})

describe("a failed photo replacement leaves the dish, its photos and its job as they were", () => {
  for (const step of ["scan", "store", "analyze", "writeDish", "enqueue"] as const) {
    it(`${step} fails`, async () => {
      const { client: owner, restaurant } = await ownerWithMenu(api)
      const created = await uploadPhoto(owner, restaurant.id)
      expect(created.status, created.text).toBe(201)
      const jobId = modelJobId(created.body.id)
      const job = api.doubles.jobs.get(jobId)
      const before = await owner.get(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)

      api.doubles.failing.add(step)
      const reply = await replacePhoto(owner, restaurant.id, created.body.id, "#2980b9")
      expect(reply.status, reply.text).toBe(503)
      const after = await owner.get(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
      // Undoing a written replacement is a write of its own: only its time stamp may differ.
      expect({ ...after.body, updatedAt: null }).toEqual({ ...before.body, updatedAt: null })
      expect(await blobsOf(restaurant.id)).toEqual(keysOf(before.body))
      expect(api.doubles.jobs.get(jobId)).toBe(job)
    })
  }

  it("a replacement that works swaps the photo and queues a job for the new one", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id)
    const jobId = modelJobId(created.body.id)
    // The worker finished the first model, so a new job replaces the old one.
    const first = api.doubles.jobs.get(jobId)
    if (first !== undefined) first.state = "completed"
    const replaced = await replacePhoto(owner, restaurant.id, created.body.id, "#27ae60")
    expect(replaced.status, replaced.text).toBe(200)
    expect(await blobsOf(restaurant.id)).toEqual(keysOf(replaced.body))
    expect(api.doubles.jobs.get(jobId)).toMatchObject({
      state: "waiting",
      payload: { imageKey: keyOf(replaced.body.imageUrl) },
    })
  })
})

describe("owner control over the model", () => {
  it("a corrected shape is stored and queued once the last build is done; regenerate queues again", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id)
    const jobId = modelJobId(created.body.id)
    const corrected = {
      vessel: { kind: "bowl", diameterCm: 16, heightCm: 7, rimCm: 1, color: "#223344", roughness: 0.4 },
      components: [
        {
          shape: "liquid",
          widthCm: 13,
          heightCm: 5,
          position: { x: 0, z: 0 },
          count: 1,
          color: "#aa3311",
          roughness: 0.2,
        },
      ],
    }
    const path = `/api/restaurants/${restaurant.id}/dishes/${created.body.id}/geometry`
    const finished = (state: "completed" | "failed") => {
      const job = api.doubles.jobs.get(jobId)
      if (job !== undefined) job.state = state
    }
    finished("completed")
    const saved = await owner.request("PUT", path, { json: corrected })
    expect(saved.status, saved.text).toBe(200)
    expect(saved.body).toMatchObject({ geometry: corrected, modelStatus: "pending" })
    expect(api.doubles.jobs.get(jobId)).toMatchObject({ state: "waiting", payload: { geometry: corrected } })

    const outOfBounds = await owner.request("PUT", path, {
      json: { ...corrected, vessel: { ...corrected.vessel, diameterCm: 500 } },
    })
    expect(outOfBounds.status).toBe(400)
    expect(api.doubles.jobs.get(jobId)?.payload.geometry).toEqual(corrected)

    finished("failed")
    const again = await owner.post(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}/regenerate`)
    expect(again.status, again.text).toBe(200)
    expect(api.doubles.jobs.get(jobId)?.state).toBe("waiting")
  })

  it("deleting a dish removes its blobs and its job", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id)
    expect(await blobsOf(restaurant.id)).not.toEqual([])
    const removed = await owner.delete(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    expect(removed.status).toBe(204)
    expect(await blobsOf(restaurant.id)).toEqual([])
    expect(api.doubles.jobs.has(modelJobId(created.body.id))).toBe(false)
  })
})

describe("the model budget (RATE_LIMIT_UPLOADS_PER_HOUR), decided in memory", () => {
  let limited: TestApiOnDoubles
  beforeAll(async () => {
    limited = await startTestApiOnDoubles({ RATE_LIMIT_UPLOADS_PER_HOUR: "2" })
  })
  afterAll(() => limited?.close())

  it("uploads, shape edits and rebuilds share it; past it a 429 with Retry-After that writes and asks nothing", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(limited)
    const first = await owner.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "a.jpg", type: "image/jpeg", bytes: await dishPhoto() },
    ])
    expect(first.status, first.text).toBe(201)
    const jobId = modelJobId(first.body.id)
    const job = limited.doubles.jobs.get(jobId)
    if (job !== undefined) job.state = "completed"
    const rebuilt = await owner.post(`/api/restaurants/${restaurant.id}/dishes/${first.body.id}/regenerate`)
    expect(rebuilt.status, rebuilt.text).toBe(200)
    const queued = limited.doubles.jobs.get(jobId)

    const asked = limited.doubles.analyzed.length
    const second = await owner.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "b.jpg", type: "image/jpeg", bytes: await dishPhoto("#16a085") },
    ])
    expect(second.status).toBe(429)
    expect(second.body._tag).toBe("RateLimited")
    expect(Number(second.headers.get("retry-after") ?? "0")).toBeGreaterThan(0)
    expect(limited.doubles.analyzed.length).toBe(asked)
    expect(await count(limited, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(4)
    if (queued !== undefined) queued.state = "completed"
    const again = await owner.post(`/api/restaurants/${restaurant.id}/dishes/${first.body.id}/regenerate`)
    expect(again.status).toBe(429)
    expect(limited.doubles.jobs.get(jobId)?.state).toBe("completed")

    // Another owner has a budget of their own.
    const other = await ownerWithMenu(limited)
    const theirs = await other.client.upload(`/api/restaurants/${other.restaurant.id}/dishes`, [
      { name: "c.jpg", type: "image/jpeg", bytes: await dishPhoto() },
    ])
    expect(theirs.status, theirs.text).toBe(201)
  })
})

describe("live events", () => {
  it("a placed order is published to its restaurant, a status change to the restaurant and the diner", async () => {
    const { client: owner, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const placed = await new Client(api.baseUrl).post(`/api/menu/${slug}/orders`, order(dishes.soup, 2))
    expect(placed.status, placed.text).toBe(201)
    const orderId = placed.body.order.id
    // What was published about this order: where to, which event, the order's status in it.
    const forOrder = () =>
      api.doubles.published.flatMap((p): Array<{ to: string; type: string; status: string; json: string }> => {
        const order = p.event.type === "dish.progress" ? undefined : p.event.order
        if (order === undefined || order.id !== orderId) return []
        return [{ to: `${p.to}:${p.id}`, type: p.event.type, status: order.status, json: JSON.stringify(p.event) }]
      })
    const toRestaurant = `restaurant:${restaurant.id}`
    const toDiner = `order:${orderId}`
    expect(forOrder().map((p) => `${p.to} ${p.type}`)).toEqual([`${toRestaurant} order.placed`])
    expect(forOrder()[0]?.json).toContain("+44 20 7946 0958")

    const changed = await owner.patch(`/api/restaurants/${restaurant.id}/orders/${orderId}/status`, {
      status: "preparing",
    })
    expect(changed.status, changed.text).toBe(200)
    expect(forOrder().map((p) => `${p.to} ${p.type} ${p.status}`)).toEqual([
      `${toRestaurant} order.placed received`,
      `${toRestaurant} order.changed preparing`,
      `${toDiner} order.changed preparing`,
    ])
    // The diner's event is the public view of the order: no phone number.
    expect(forOrder()[2]?.json).not.toContain("7946")

    // A refused change publishes nothing.
    const refused = await owner.patch(`/api/restaurants/${restaurant.id}/orders/${orderId}/status`, { status: "nope" })
    expect(refused.status).toBe(400)
    expect(forOrder()).toHaveLength(3)
  })
})
