import { behaviours, type GeminiDouble, geminiDouble } from "@ardine/infra/test-support/geminiDouble"
import { freshBucketNames, rawS3Client, s3ConnectionSettings } from "@ardine/infra/test-support/s3"
import { DeleteObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3"
import { Queue } from "bullmq"
import { Effect, Exit, Scope } from "effect"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { storeVariants } from "../src/media/photoVariants.js"
import { backfillImageVariants } from "../src/media/variantBackfill.js"
import { loadDemoSeed, seedDemo, seedDemoPhotos } from "../src/seed/seed.js"
import { ownerWithMenu } from "./support/fixtures.js"
import { Client, type Json } from "./support/httpClient.js"
import { dishPhoto, EICAR, phonePhoto } from "./support/images.js"
import { startTestApi, type TestApi } from "./support/testApi.js"

// Real Postgres, Redis, clamd and S3 (Ceph RGW), as in upload.test.ts.
const buckets = freshBucketNames("ardine-var")
const s3Settings = { ...s3ConnectionSettings, S3_BUCKET_IMAGES: buckets.images, S3_BUCKET_MODELS: buckets.models }

let scope: Scope.CloseableScope
let gemini: GeminiDouble
let api: TestApi
const client = rawS3Client()
const aiSettings = () => ({ GEMINI_API_KEY: "test-key-not-secret", GEMINI_BASE_URL: gemini.baseUrl })

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  gemini = await Effect.runPromise(Scope.extend(geminiDouble(behaviours.valid()), scope))
  api = await startTestApi({ ...s3Settings, ...aiSettings() })
})

afterAll(async () => {
  const queue = new Queue("model-generation", {
    connection: { host: "127.0.0.1", port: 6379 },
    prefix: `${api?.settings.REDIS_KEY_PREFIX}bull`,
  })
  await queue.obliterate({ force: true }).catch(() => undefined)
  await queue.close()
  await api?.close()
  await Effect.runPromise(Scope.close(scope, Exit.void))
  client.destroy()
})

const objects = async (prefix: string) => {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: buckets.images, Prefix: prefix }))
  return (listed.Contents ?? []).map((o) => o.Key ?? "").sort()
}
const keyOf = (url: string) => url.replace(`/storage/${buckets.images}/`, "")
const variantKeys = (dish: Json): Array<string> => dish.imageVariants.map((v: Json) => keyOf(v.url)).sort()

/** Put an uploaded draft on the public menu as an owner's review would (publishing is not what these tests check). */
const publish = (dishId: string) =>
  api.db.query("UPDATE dishes SET price_minor = 900, allergens_confirmed = true, published = true WHERE id = $1", [
    dishId,
  ])

const download = async (url: string) => {
  const reply = await fetch(`${api.baseUrl}${url}`)
  expect(reply.status, url).toBe(200)
  return {
    type: reply.headers.get("content-type"),
    cache: reply.headers.get("cache-control"),
    bytes: Buffer.from(await reply.arrayBuffer()),
  }
}

describe("sized copies of a dish photo", () => {
  it("a 1600x1200 upload gets 320 and 800 px WebP copies (thumbnail under 30 kB), served immutable, in the dish and the menu", async () => {
    const { client: owner, restaurant, slug } = await ownerWithMenu(api)
    const reply = await owner.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await phonePhoto() },
    ])
    expect(reply.status, reply.text).toBe(201)
    const dish = reply.body
    expect(dish.imageVariants.map((v: Json) => [v.width, v.type])).toEqual([
      [320, "image/webp"],
      [800, "image/webp"],
    ])
    // Under the dish's own prefix, beside the photo (deleting the dish's prefix removes them).
    for (const key of variantKeys(dish)) {
      expect(key).toMatch(
        new RegExp(`^restaurants/${restaurant.id}/dishes/${dish.id}/photo-[0-9a-f]+-(320|800)w\\.webp$`),
      )
    }
    for (const variant of dish.imageVariants) {
      const served = await download(variant.url)
      expect(served.type).toBe("image/webp")
      expect(served.cache).toContain("immutable")
      const metadata = await sharp(served.bytes).metadata()
      expect([metadata.format, metadata.width, metadata.height]).toEqual([
        "webp",
        variant.width,
        (variant.width * 3) / 4,
      ])
      expect(metadata.exif).toBeUndefined()
    }
    const photo = await download(dish.imageUrl)
    const thumbnail = await download(dish.imageVariants[0].url)
    expect(photo.bytes.length).toBeGreaterThan(150_000)
    expect(thumbnail.bytes.length).toBeLessThanOrEqual(30_000)
    console.info(`1600x1200 upload: photo ${photo.bytes.length} B, 320 px copy ${thumbnail.bytes.length} B`)
    await publish(dish.id)
    const menu = await new Client(api.baseUrl).get(`/api/menu/${slug}`)
    const onMenu = menu.body.dishes.find((d: Json) => d.id === dish.id)
    expect(onMenu.imageVariants).toEqual(dish.imageVariants)
  })

  it("copies are scanned like the photo: one the scanner flags is refused and nothing is stored", async () => {
    const { restaurant } = await ownerWithMenu(api)
    const prefix = `restaurants/${restaurant.id}/dishes/d1/`
    const clean = new Uint8Array(
      await sharp(await dishPhoto())
        .resize(320)
        .webp()
        .toBuffer(),
    )
    const exit = await api.run(
      Effect.exit(
        storeVariants(restaurant.id, "d1", [
          { width: 320, type: "image/webp", bytes: clean },
          { width: 800, type: "image/webp", bytes: new TextEncoder().encode(EICAR) },
        ]),
      ),
    )
    expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("MalwareDetected")
    expect(await objects(prefix)).toEqual([])
  })
})

describe("dishes photographed before copies existed", () => {
  /** An uploaded dish put back the way a dish from before migration 0010 looks: a photo, no copies. */
  const dishWithoutVariants = async () => {
    const { client: owner, restaurant, slug } = await ownerWithMenu(api)
    const reply = await owner.upload(`/api/restaurants/${restaurant.id}/dishes`, [
      { name: "dish.jpg", type: "image/jpeg", bytes: await dishPhoto("#27ae60", 1000) },
    ])
    expect(reply.status, reply.text).toBe(201)
    for (const key of variantKeys(reply.body)) {
      await client.send(new DeleteObjectCommand({ Bucket: buckets.images, Key: key }))
    }
    await api.db.query("UPDATE dishes SET image_variants = NULL WHERE id = $1", [reply.body.id])
    await publish(reply.body.id)
    return { dish: reply.body, slug, prefix: `restaurants/${restaurant.id}/dishes/${reply.body.id}/` }
  }
  const storedVariants = async (dishId: string) =>
    (await api.db.query("SELECT image_variants FROM dishes WHERE id = $1", [dishId])).rows[0]?.image_variants

  it("with clamd down, the backfill stores nothing and leaves the dish for later (fail closed)", async () => {
    const { dish, prefix } = await dishWithoutVariants()
    const noScanner = await startTestApi({ ...s3Settings, ...aiSettings(), CLAMAV_PORT: "1" })
    try {
      const result = await noScanner.run(backfillImageVariants())
      expect(result.failed).toBeGreaterThanOrEqual(1)
      expect(await storedVariants(dish.id)).toBeNull()
      expect(await objects(prefix)).toEqual([keyOf(dish.imageUrl)])
    } finally {
      await noScanner.close()
    }
    await api.db.query("DELETE FROM dishes WHERE id = $1", [dish.id])
  })

  it("an API that starts makes them by itself, from the stored photo, scanned and stored under the dish", async () => {
    const { dish, slug, prefix } = await dishWithoutVariants()
    // This replica caches the menu as it is now: no copies.
    const menuDish = async () =>
      (await new Client(api.baseUrl).get(`/api/menu/${slug}`)).body.dishes.find((d: Json) => d.id === dish.id)
    expect((await menuDish()).imageVariants).toEqual([])
    // A second replica of the same deployment (same Redis prefix, so the replicas hear each other).
    const restarted = await startTestApi({
      ...s3Settings,
      ...aiSettings(),
      REDIS_KEY_PREFIX: api.settings.REDIS_KEY_PREFIX ?? "",
    })
    try {
      const deadline = Date.now() + 20_000
      while ((await storedVariants(dish.id)) === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const stored: Array<Json> = await storedVariants(dish.id)
      expect(stored.map((v) => v.width)).toEqual([320, 800])
      expect(await objects(prefix)).toEqual([keyOf(dish.imageUrl), ...stored.map((v) => v.key)].sort())
      // The same content-addressed copies the upload made.
      expect(stored.map((v) => v.key).sort()).toEqual(variantKeys(dish))
      // The other replica's cached menu is dropped (through Redis, so a moment later), not left to expire.
      let onMenu = await menuDish()
      while (onMenu.imageVariants.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        onMenu = await menuDish()
      }
      expect(onMenu.imageVariants).toEqual(dish.imageVariants)
    } finally {
      await restarted.close()
    }
  })
})

describe("the demo menu", () => {
  it("seeded photos get copies, and no thumbnail is over 30 kB", async () => {
    const seeded = await api.run(Effect.flatMap(loadDemoSeed, seedDemo))
    await api.run(seedDemoPhotos(seeded.restaurantId))
    const menu = await new Client(api.baseUrl).get("/api/menu/demo")
    expect(menu.status).toBe(200)
    let photos = 0
    let thumbnails = 0
    for (const dish of menu.body.dishes) {
      expect(
        dish.imageVariants.map((v: Json) => v.width),
        dish.name,
      ).toEqual([320, 800])
      const photo = await download(dish.imageUrl)
      const thumbnail = await download(dish.imageVariants[0].url)
      // The 104 px card thumbnail on a 3x phone screen uses the 320 px copy.
      expect(thumbnail.bytes.length, dish.name).toBeLessThanOrEqual(30_000)
      photos += photo.bytes.length
      thumbnails += thumbnail.bytes.length
    }
    // Printed for PERFORMANCE.md: what a menu's thumbnails cost before and after.
    console.info(`demo menu: ${menu.body.dishes.length} photos ${photos} B, 320 px copies ${thumbnails} B`)
  }, 120_000)
})
