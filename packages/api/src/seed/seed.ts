import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import {
  Allergens,
  CreateRestaurantRequest,
  DietaryTags,
  DishGeometry,
  type DishGeometry as DishGeometryType,
  DishId,
  Email,
  Line,
  Paragraph,
  PriceMinor,
  RestaurantId,
  withPricingDefaults,
} from "@ardine/domain"
import { BlobStorage, DishesRepo } from "@ardine/infra"
import { SqlClient } from "@effect/sql"
import { Config, Effect, Schema } from "effect"
import { Passwords } from "../auth/Passwords.js"
import { enqueueModel, IMMUTABLE } from "../media/dishIntake.js"
import { photoKeyFor, variantsForPhoto } from "../media/photoVariants.js"
import { renderDemoPhoto } from "./demoPhoto.js"

const DemoSeed = Schema.Struct({
  owner: Schema.Struct({ email: Email, password: Schema.String, name: Line(120) }),
  restaurant: CreateRestaurantRequest,
  dishes: Schema.Array(
    Schema.Struct({
      name: Line(120),
      category: Line(60),
      priceMinor: PriceMinor,
      portionSize: Schema.String,
      description: Paragraph(2000),
      allergens: Allergens,
      dietaryTags: DietaryTags,
      geometry: DishGeometry,
    }),
  ),
})
export type DemoSeed = typeof DemoSeed.Type

const defaultSeedFile = fileURLToPath(new URL("../../../../database/seed/demo.json", import.meta.url))

export const loadDemoSeed = Effect.gen(function* () {
  const file = yield* Config.string("SEED_FILE").pipe(Config.withDefault(defaultSeedFile))
  const text = yield* Effect.promise(() => readFile(file, "utf8"))
  return yield* Schema.decodeUnknown(Schema.parseJson(DemoSeed))(text)
})

/** Idempotent: creates the demo owner, restaurant and dishes only where they are missing. */
export const seedDemo = Effect.fn("seedDemo")(function* (seed: DemoSeed) {
  const sql = yield* SqlClient.SqlClient
  return yield* sql.withTransaction(
    Effect.gen(function* () {
      const passwordHash = yield* Effect.flatMap(Passwords, (passwords) => passwords.hash(seed.owner.password))
      yield* sql`INSERT INTO users ${sql.insert({ email: seed.owner.email, name: seed.owner.name, passwordHash })}
                 ON CONFLICT (email) DO NOTHING`
      const [owner] = yield* sql<{ id: string }>`SELECT id FROM users WHERE email = ${seed.owner.email}`
      if (owner === undefined) return yield* Effect.dieMessage("demo owner missing after insert")
      yield* sql`INSERT INTO restaurants ${sql.insert({ ownerId: owner.id, ...withPricingDefaults(seed.restaurant) })}
                 ON CONFLICT (slug) DO NOTHING`
      const [restaurant] = yield* sql<{ id: string }>`SELECT id FROM restaurants WHERE slug = ${seed.restaurant.slug}`
      if (restaurant === undefined) return yield* Effect.dieMessage("demo restaurant missing after insert")
      const [{ count } = { count: 0 }] = yield* sql<{ count: number }>`
        SELECT count(*)::int AS count FROM dishes WHERE restaurant_id = ${restaurant.id}`
      if (count === 0) {
        yield* sql`INSERT INTO dishes ${sql.insert(
          seed.dishes.map(({ geometry, ...dish }) => ({
            restaurantId: restaurant.id,
            ...dish,
            geometry: JSON.stringify(geometry),
            // The demo menu is the restaurant's own, reviewed: allergens as written, on the menu if it has a price.
            published: dish.priceMinor > 0,
            allergensConfirmed: true,
          })),
        )}`
      }
      return { ownerId: owner.id, restaurantId: restaurant.id, dishesCreated: count === 0 ? seed.dishes.length : 0 }
    }),
  )
})

/**
 * Gives every demo dish without a photo one drawn from its geometry, and queues its model: the
 * worker then builds the demo menu's 3D models the same way it builds an owner's.
 */
export const seedDemoPhotos = Effect.fn("seedDemoPhotos")(function* (restaurantId: string) {
  const sql = yield* SqlClient.SqlClient
  const storage = yield* BlobStorage
  const dishes = yield* DishesRepo
  const missing = yield* sql<{ id: string; geometry: DishGeometryType }>`
    SELECT id, geometry FROM dishes WHERE restaurant_id = ${restaurantId} AND image_key IS NULL AND geometry IS NOT NULL`
  for (const row of missing) {
    const dishId = DishId.make(row.id)
    const rid = RestaurantId.make(restaurantId)
    const geometry = yield* Schema.decodeUnknown(DishGeometry)(row.geometry)
    const photo = yield* renderDemoPhoto(geometry, row.id)
    const imageKey = photoKeyFor(restaurantId, dishId, photo)
    yield* storage.upload("images", imageKey, photo, { contentType: "image/jpeg", cacheControl: IMMUTABLE })
    const imageVariants = yield* variantsForPhoto(restaurantId, dishId, photo)
    yield* dishes.replacePhoto(rid, dishId, { imageKey, imageVariants, geometry })
    yield* enqueueModel({ id: dishId, restaurantId: rid }, imageKey, geometry)
  }
  return missing.length
})
