import { randomBytes } from "node:crypto"
import { behaviours, type GeminiDouble, geminiDouble } from "@ardine/infra/test-support/geminiDouble"
import { freshBucketNames, rawS3Client, s3ConnectionSettings } from "@ardine/infra/test-support/s3"
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3"
import { Queue } from "bullmq"
import { Effect, Exit, Scope } from "effect"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { count, ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json, type Reply } from "./support/httpClient.js"
import { asGif, asPng, asWebp, decompressionBomb, dishPhoto, EICAR, withGps } from "./support/images.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// Real Postgres, Redis, clamd and S3 (Ceph RGW); the Gemini REST double behind the real @google/genai client.
const buckets = freshBucketNames("ardine-up")
const s3Settings = {
  ...s3ConnectionSettings,
  S3_BUCKET_IMAGES: buckets.images,
  S3_BUCKET_MODELS: buckets.models,
}

let scope: Scope.CloseableScope
let gemini: GeminiDouble
let api: TestApi
let queue: Queue
const client = rawS3Client()

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  gemini = await Effect.runPromise(Scope.extend(geminiDouble(behaviours.valid()), scope))
  api = await startTestApi({
    ...s3Settings,
    GEMINI_API_KEY: "test-key-not-secret",
    GEMINI_BASE_URL: gemini.baseUrl,
    GEMINI_TIMEOUT_MS: "800",
    GEMINI_MAX_ATTEMPTS: "2",
  })
  queue = new Queue("model-generation", {
    connection: { host: "127.0.0.1", port: 6379 },
    prefix: `${api.settings.REDIS_KEY_PREFIX}bull`,
  })
})

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined)
  await queue?.close()
  await api?.close()
  await Effect.runPromise(Scope.close(scope, Exit.void))
  client.destroy()
})

const putObject = (bucket: string, key: string) =>
  client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(key), ContentLength: key.length }))

const objects = async (bucket: string, prefix: string) => {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))
  return (listed.Contents ?? []).map((o) => o.Key ?? "")
}

/** The keys a dish's JSON points at in the images bucket: its photo and its sized copies. */
const keyOf = (url: string) => url.replace(`/storage/${buckets.images}/`, "")
const keysOf = (dish: Json) => [dish.imageUrl, ...dish.imageVariants.map((v: Json) => v.url)].map(keyOf).sort()

/** What a failed upload must leave behind: nothing. */
const expectNothingWritten = async (restaurantId: string) => {
  expect(await count(api, "dishes", "restaurant_id = $1", [restaurantId])).toBe(3)
  expect(await objects(buckets.images, `restaurants/${restaurantId}/`)).toEqual([])
  const jobs = await queue.getJobCounts("waiting", "delayed", "active", "failed", "completed")
  expect(
    Object.values(jobs).reduce((a, b) => a + b, 0),
    JSON.stringify(jobs),
  ).toBe(0)
}

const uploadPhoto = (owner: Client, restaurantId: string, bytes: Uint8Array, name = "dish.jpg", type = "image/jpeg") =>
  owner.upload(`/api/restaurants/${restaurantId}/dishes`, [{ name, type, bytes }])

const expectRefused = async (reply: Reply<Json>, status: number, tag: string, restaurantId: string) => {
  expect(reply.status, reply.text).toBe(status)
  expect(reply.body._tag).toBe(tag)
  await expectNothingWritten(restaurantId)
}

describe("uploading a dish photo", () => {
  it("checks, scans, stores, analyses, inserts a pending dish and queues its model job", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const input = await withGps(await dishPhoto())
    // The upload really carries EXIF with a GPS position, so finding none stored below means it was stripped.
    const inputExif = Buffer.from((await sharp(input).metadata()).exif ?? [])
    expect(inputExif.includes("Ardine test camera")).toBe(true)
    expect(Buffer.from(input).includes("Ardine test camera")).toBe(true)
    const reply = await uploadPhoto(owner, restaurant.id, input)
    expect(reply.status, reply.text).toBe(201)
    const dish = reply.body
    expect(dish).toMatchObject({
      restaurantId: restaurant.id,
      name: "Spaghetti al pomodoro",
      category: "Mains",
      priceMinor: 1450,
      allergens: ["gluten", "milk"],
      modelStatus: "pending",
      modelProgress: 0,
      modelUrl: null,
    })
    expect(dish.imageUrl).toMatch(
      new RegExp(`^/storage/${buckets.images}/restaurants/${restaurant.id}/dishes/${dish.id}/photo-[0-9a-f]+\\.jpg$`),
    )

    // The row, the blob and the job, with the right id and payload.
    expect(await count(api, "dishes", "id = $1 AND model_status = 'pending'", [dish.id])).toBe(1)
    // The photo and its one sized copy (the 640 px photo is narrower than the 800 px copy would be).
    const stored = await objects(buckets.images, `restaurants/${restaurant.id}/`)
    expect(stored.sort()).toEqual(keysOf(dish))
    expect(dish.imageVariants).toMatchObject([{ width: 320, type: "image/webp" }])
    const job = await queue.getJob(`model-${dish.id}`)
    expect(job?.data).toMatchObject({ dishId: dish.id, restaurantId: restaurant.id, imageKey: keyOf(dish.imageUrl) })
    expect(job?.data.geometry.vessel.kind).toBe("plate")
    expect(job?.opts.attempts).toBe(3)

    // The request Gemini got: the model, the key header, the photo inline, JSON output.
    const sent = gemini.requests().at(-1)
    expect(sent?.path).toMatch(/:generateContent$/)
    expect(sent?.headers["x-goog-api-key"]).toBe("test-key-not-secret")

    // The stored photo is served, as a JPEG with no EXIF (GPS) left.
    const served = await fetch(`${api.baseUrl}${dish.imageUrl}`)
    expect(served.status).toBe(200)
    expect(served.headers.get("content-type")).toBe("image/jpeg")
    expect(served.headers.get("cache-control")).toContain("immutable")
    const servedBytes = Buffer.from(await served.arrayBuffer())
    const metadata = await sharp(servedBytes).metadata()
    expect(metadata.format).toBe("jpeg")
    expect(metadata.exif).toBeUndefined()
    expect(servedBytes.includes("Ardine test camera")).toBe(false)
    await queue.obliterate({ force: true })
  })

  it("accepts PNG and WebP, and lets the owner name the dish", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const png = await owner.upload(
      `/api/restaurants/${restaurant.id}/dishes`,
      [{ name: "a.png", type: "image/png", bytes: await asPng(await dishPhoto("#e67e22")) }],
      { name: "Carrot soup" },
    )
    expect(png.status, png.text).toBe(201)
    expect(png.body.name).toBe("Carrot soup")
    const webp = await uploadPhoto(
      owner,
      restaurant.id,
      await asWebp(await dishPhoto("#8e44ad")),
      "b.webp",
      "image/webp",
    )
    expect(webp.status, webp.text).toBe(201)
    await queue.obliterate({ force: true })
  })
})

describe("refused files leave no blob, no row and no job", () => {
  const cases: ReadonlyArray<{ name: string; bytes: () => Promise<Uint8Array>; status: number; tag: string }> = [
    {
      name: "plain text",
      bytes: async () => new TextEncoder().encode("just some text"),
      status: 415,
      tag: "UnsupportedImage",
    },
    {
      name: "JPEG header + HTML",
      bytes: async () =>
        new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode("<html><script>alert(1)</script>")]),
      status: 415,
      tag: "UnsupportedImage",
    },
    {
      name: "a polyglot: a valid JPEG with HTML after its end",
      bytes: async () =>
        new Uint8Array([
          ...(await dishPhoto()),
          ...new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>"),
        ]),
      status: 415,
      tag: "UnsupportedImage",
    },
    {
      name: "a truncated JPEG",
      bytes: async () => (await dishPhoto()).slice(0, 4000),
      status: 415,
      tag: "UnsupportedImage",
    },
    {
      name: "an SVG with a script",
      bytes: async () =>
        new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      status: 415,
      tag: "UnsupportedImage",
    },
    { name: "a GIF", bytes: async () => asGif(await dishPhoto()), status: 415, tag: "UnsupportedImage" },
    {
      name: "a zip",
      bytes: async () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...randomBytes(200)]),
      status: 415,
      tag: "UnsupportedImage",
    },
    {
      name: "a PDF",
      bytes: async () => new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"),
      status: 415,
      tag: "UnsupportedImage",
    },
    {
      name: "a 20000x20000 decompression bomb",
      bytes: async () => decompressionBomb(),
      status: 413,
      tag: "ImageTooLarge",
    },
    {
      name: "EICAR inside a valid JPEG",
      bytes: async () => {
        const photo = await dishPhoto()
        // Inside a JPEG comment segment (before the pixels), where a careless decoder never looks.
        const comment = new TextEncoder().encode(EICAR)
        const segment = [0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff, ...comment]
        return new Uint8Array([...photo.slice(0, 2), ...segment, ...photo.slice(2)])
      },
      status: 422,
      tag: "MalwareDetected",
    },
  ]

  for (const c of cases) {
    it(c.name, async () => {
      const { client: owner, restaurant } = await ownerWithMenu(api)
      await expectRefused(await uploadPhoto(owner, restaurant.id, await c.bytes()), c.status, c.tag, restaurant.id)
    })
  }

  it("over 5 MB", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const big = new Uint8Array([...(await dishPhoto()), ...randomBytes(5.5 * 1024 * 1024)])
    await expectRefused(await uploadPhoto(owner, restaurant.id, big), 413, "PayloadTooLarge", restaurant.id)
  })

  it("two files, or none", async () => {
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const photo = await dishPhoto()
    const two = await owner.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "a.jpg", type: "image/jpeg", bytes: photo },
      { name: "b.jpg", type: "image/jpeg", bytes: photo },
    ])
    await expectRefused(two, 400, "HttpApiDecodeError", restaurant.id)
    const none = await owner.upload(`/api/restaurants/${restaurant.id}/dishes`, [], { name: "No photo" })
    await expectRefused(none, 400, "HttpApiDecodeError", restaurant.id)
  })

  it("another owner's restaurant is not found, and nothing is written there", async () => {
    const a = await ownerWithMenu(api)
    const b = await ownerWithMenu(api)
    await expectRefused(
      await uploadPhoto(b.client, a.restaurant.id, await dishPhoto()),
      404,
      "NotFound",
      a.restaurant.id,
    )
  })
})

describe("when the AI misbehaves, the upload fails and leaves nothing", () => {
  const cases = [
    {
      name: "malformed JSON (retried once)",
      script: [behaviours.malformedJson],
      status: 502,
      tag: "DishAnalysisFailed",
      calls: 2,
    },
    { name: "a price of -5", script: [behaviours.negativePrice], status: 502, tag: "DishAnalysisFailed", calls: 2 },
    {
      name: "a 1 MB description",
      script: [behaviours.hugeDescription],
      status: 502,
      tag: "DishAnalysisFailed",
      calls: 2,
    },
    { name: "HTTP 500", script: [behaviours.status(500)], status: 503, tag: "ServiceUnavailable", calls: 2 },
    // GEMINI_TIMEOUT_MS bounds the whole analysis: a hanging first call uses up the budget.
    { name: "a timeout", script: [behaviours.hang], status: 503, tag: "ServiceUnavailable", calls: 1 },
  ] as const

  for (const c of cases) {
    it(c.name, async () => {
      gemini.script(...c.script)
      const before = gemini.requests().length
      const { client: owner, restaurant } = await ownerWithMenu(api)
      await expectRefused(await uploadPhoto(owner, restaurant.id, await dishPhoto()), c.status, c.tag, restaurant.id)
      expect(gemini.requests().length - before).toBe(c.calls)
    })
  }
})

// Each step failing (scanner, storage, AI, database, queue), the undo and the rate limit on the model budget are
// tested on the doubles in uploadOnDoubles.test.ts; here the real clients' faults.
describe("when a service is down, the upload fails cleanly", () => {
  it("Redis down at enqueue: 503, the blob and the row are undone", async () => {
    gemini.script(behaviours.valid())
    const noRedis = await startTestApi({
      ...s3Settings,
      REDIS_URL: "redis://127.0.0.1:1",
      GEMINI_API_KEY: "k",
      GEMINI_BASE_URL: gemini.baseUrl,
    })
    try {
      const { client: owner, restaurant } = await ownerWithMenu(noRedis)
      const reply = await uploadPhoto(owner, restaurant.id, await dishPhoto())
      expect(reply.status, reply.text).toBe(503)
      expect(reply.body).toMatchObject({ _tag: "ServiceUnavailable", service: "queue" })
      expect(await count(noRedis, "dishes", "restaurant_id = $1", [restaurant.id])).toBe(3)
      expect(await objects(buckets.images, `restaurants/${restaurant.id}/`)).toEqual([])
    } finally {
      await noRedis.close()
    }
  })
})

describe("deleting a dish", () => {
  it("removes its photo blob and its job", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id, await dishPhoto())
    expect(created.status).toBe(201)
    expect(await objects(buckets.images, `restaurants/${restaurant.id}/`)).toHaveLength(2)
    const removed = await owner.delete(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    expect(removed.status).toBe(204)
    expect(await objects(buckets.images, `restaurants/${restaurant.id}/`)).toEqual([])
    expect(await queue.getJob(`model-${created.body.id}`)).toBeUndefined()
    expect((await fetch(`${api.baseUrl}${created.body.imageUrl}`)).status).toBe(404)
    expect((await fetch(`${api.baseUrl}${created.body.imageVariants[0].url}`)).status).toBe(404)
  })

  it("removes everything under its storage prefix: every model version and poster, not only the current ones", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant, dishes } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id, await dishPhoto())
    expect(created.status, created.text).toBe(201)
    const prefix = `restaurants/${restaurant.id}/dishes/${created.body.id}/`
    // What two builds leave (the worker keeps an older version while a newer one is made), and a stray photo.
    const stored = ["model-v1-aaaa.glb", "poster-v1-aaaa.webp", "model-v2-bbbb.glb", "poster-v2-bbbb.webp"]
    for (const name of stored) await putObject(buckets.models, prefix + name)
    await putObject(buckets.images, `${prefix}photo-stray.jpg`)
    // Another dish's objects, one in a folder whose name starts with this dish's id, stay.
    const others = [
      `restaurants/${restaurant.id}/dishes/${dishes.soup}/model-v1-cccc.glb`,
      `${prefix.slice(0, -1)}-x/a.glb`,
    ]
    for (const key of others) await putObject(buckets.models, key)
    await api.db.query("UPDATE dishes SET model_status = 'ready', model_key = $1, model_version = 2 WHERE id = $2", [
      `${prefix}model-v2-bbbb.glb`,
      created.body.id,
    ])

    const removed = await owner.delete(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    expect(removed.status).toBe(204)
    expect(await objects(buckets.models, prefix)).toEqual([])
    expect(await objects(buckets.images, prefix)).toEqual([])
    expect((await objects(buckets.models, `restaurants/${restaurant.id}/`)).sort()).toEqual([...others].sort())
  })
})

describe("replacing a dish's photo", () => {
  it("stores the new photo, re-derives the shape, queues a new model and removes the old photo", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id, await dishPhoto("#c0392b"))
    await owner.patch(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`, { name: "Owner's own name" })
    await queue.obliterate({ force: true })
    const replaced = await owner.upload(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}/photo`, [
      { name: "new.jpg", type: "image/jpeg", bytes: await dishPhoto("#27ae60") },
    ])
    expect(replaced.status, replaced.text).toBe(200)
    expect(replaced.body.name).toBe("Owner's own name")
    expect(replaced.body.imageUrl).not.toBe(created.body.imageUrl)
    expect(replaced.body.modelStatus).toBe("pending")
    // Only the new photo and its new sized copy remain.
    const stored = await objects(buckets.images, `restaurants/${restaurant.id}/`)
    expect(stored.sort()).toEqual(keysOf(replaced.body))
    expect(replaced.body.imageVariants).toHaveLength(1)
    expect(replaced.body.imageVariants[0].url).not.toBe(created.body.imageVariants[0].url)
    expect((await queue.getJob(`model-${created.body.id}`))?.data.imageKey).toBe(keyOf(replaced.body.imageUrl))
    await queue.obliterate({ force: true })
  })

  it("leaves the dish as it was when the new photo is refused", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id, await dishPhoto())
    await queue.obliterate({ force: true })
    const before = await owner.get(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    const refused = await owner.upload(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}/photo`, [
      { name: "x.jpg", type: "image/jpeg", bytes: new TextEncoder().encode(EICAR) },
    ])
    expect(refused.status).toBe(415)
    gemini.script(behaviours.malformedJson)
    const aiFailed = await owner.upload(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}/photo`, [
      { name: "y.jpg", type: "image/jpeg", bytes: await dishPhoto("#2980b9") },
    ])
    expect(aiFailed.status).toBe(502)
    const after = await owner.get(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    expect(after.body).toEqual(before.body)
    expect((await objects(buckets.images, `restaurants/${restaurant.id}/`)).sort()).toEqual(keysOf(before.body))
    expect(await queue.getJob(`model-${created.body.id}`)).toBeUndefined()
  })

  it("Redis down at enqueue: 503, and the dish, its photo and its copies are as they were", async () => {
    gemini.script(behaviours.valid())
    const { client: owner, restaurant } = await ownerWithMenu(api)
    const created = await uploadPhoto(owner, restaurant.id, await dishPhoto("#c0392b"))
    expect(created.status, created.text).toBe(201)
    const before = await owner.get(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    // A second API on the same database and storage whose queue is unreachable; the owner's session works there.
    const noRedis = await startTestApi({
      ...s3Settings,
      SESSION_SECRET: api.settings.SESSION_SECRET ?? "",
      REDIS_URL: "redis://127.0.0.1:1",
      GEMINI_API_KEY: "k",
      GEMINI_BASE_URL: gemini.baseUrl,
    })
    try {
      const requestsBefore = gemini.requests().length
      const replaced = await new Client(noRedis.baseUrl)
        .withCookie(owner.sessionCookie)
        .upload(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}/photo`, [
          { name: "new.jpg", type: "image/jpeg", bytes: await dishPhoto("#27ae60") },
        ])
      expect(replaced.status, replaced.text).toBe(503)
      expect(replaced.body).toMatchObject({ _tag: "ServiceUnavailable", service: "queue" })
      // It got as far as queueing: the new photo was analysed (and so stored and written to the row first).
      expect(gemini.requests().length).toBe(requestsBefore + 1)
    } finally {
      await noRedis.close()
    }
    const after = await owner.get(`/api/restaurants/${restaurant.id}/dishes/${created.body.id}`)
    // Everything but the time of the last write (the undo is one).
    expect({ ...after.body, updatedAt: null }).toEqual({ ...before.body, updatedAt: null })
    expect((await objects(buckets.images, `restaurants/${restaurant.id}/`)).sort()).toEqual(keysOf(before.body))
    expect((await fetch(`${api.baseUrl}${before.body.imageUrl}`)).status).toBe(200)
    // Starting and stopping an API whose Redis never answers takes most of the default 30 s.
  }, 60_000)
})
