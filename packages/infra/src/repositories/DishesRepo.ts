import {
  Dish,
  type DishGeometry,
  DishId,
  DishNotPublishable,
  type DishTranslations,
  describeMissing,
  isLanguage,
  missingForPublish,
  NotFound,
  RestaurantId,
  type SuggestedOptionGroup,
  translationReviewMark,
  type UpdateDishRequest,
} from "@ardine/domain"
import { SqlSchema } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Option, Schema, Struct } from "effect"
import { StorageUrls } from "../StorageUrls.js"
import { inTransaction, mapSqlErrors } from "./sqlErrors.js"

/** A stored sized copy of the photo (migration 0010): its blob key instead of its URL. */
export const StoredImageVariant = Schema.Struct({
  width: Schema.Int,
  type: Schema.Literal("image/webp"),
  key: Schema.String,
})
export type StoredImageVariant = typeof StoredImageVariant.Type

/** A dish as stored: blob keys instead of the public URLs clients get. */
export const DishRecord = Schema.Struct({
  ...Struct.omit(Dish.fields, "imageUrl", "modelUrl", "usdzUrl", "imageVariants"),
  imageKey: Schema.NullOr(Schema.String),
  modelKey: Schema.NullOr(Schema.String),
  usdzKey: Schema.NullOr(Schema.String),
  /** null until made (dishes photographed before variants existed). */
  imageVariants: Schema.NullOr(Schema.Array(StoredImageVariant)),
})
export type DishRecord = typeof DishRecord.Type

const columns = `id, restaurant_id, name, description, category, price_minor, portion_size, allergens, dietary_tags,
  image_key, model_key, model_status, model_progress, failure_reason, model_waiting_for, model_waiting_since, geometry,
  needs_review, available, created_at, updated_at, published, allergens_confirmed, usdz_key, image_variants,
  suggested_option_groups, translations`

export const dishNotFound = new NotFound({ resource: "dish", message: "Dish not found" })

export interface NewDish {
  readonly id: DishId
  readonly restaurantId: RestaurantId
  readonly name: string
  readonly description: string
  readonly category: string
  readonly priceMinor: number
  readonly portionSize: string
  readonly allergens: ReadonlyArray<string>
  readonly dietaryTags: ReadonlyArray<string>
  readonly needsReview: ReadonlyArray<string>
  readonly imageKey: string
  readonly imageVariants: ReadonlyArray<StoredImageVariant>
  readonly geometry: DishGeometry
  readonly suggestedOptionGroups: ReadonlyArray<SuggestedOptionGroup>
}

/** A photo and its sized copies, as stored together. */
export interface StoredPhoto {
  readonly imageKey: string
  readonly imageVariants: ReadonlyArray<StoredImageVariant>
}

// Editing a field answers the analyzer's question about it.
const reviewedBy: Record<keyof UpdateDishRequest, string | undefined> = {
  name: "name",
  description: "description",
  category: "category",
  priceMinor: "suggestedPriceMinor",
  portionSize: "portionSize",
  // Sending the list (the editor sends what it shows) is not an answer about it: only confirming is.
  allergens: undefined,
  dietaryTags: "dietaryTags",
  available: undefined,
  allergensConfirmed: "allergens",
  // Per language, below: setting a language's texts answers the suggestion in that language.
  translations: undefined,
}

const InRestaurant = Schema.Struct({ restaurantId: RestaurantId, id: DishId })

export class DishesRepo extends Effect.Service<DishesRepo>()("@ardine/DishesRepo", {
  effect: Effect.gen(function* () {
    // The Postgres client itself (not the generic SqlClient): geometry is stored as jsonb.
    const sql = yield* PgClient.PgClient
    const urls = yield* StorageUrls

    const toDish = ({ imageKey, modelKey, usdzKey, imageVariants, ...record }: DishRecord): Dish =>
      new Dish({
        ...record,
        imageUrl: imageKey === null ? null : urls.publicUrl("images", imageKey),
        imageVariants:
          imageKey === null
            ? []
            : (imageVariants ?? []).map(({ key, ...variant }) => ({ ...variant, url: urls.publicUrl("images", key) })),
        modelUrl: modelKey === null || record.modelStatus !== "ready" ? null : urls.publicUrl("models", modelKey),
        usdzUrl: usdzKey === null || record.modelStatus !== "ready" ? null : urls.publicUrl("models", usdzKey),
      })

    const listRecords = SqlSchema.findAll({
      Request: RestaurantId,
      Result: DishRecord,
      execute: (restaurantId) =>
        sql`SELECT ${sql.literal(columns)} FROM dishes WHERE restaurant_id = ${restaurantId} ORDER BY category, name, id`,
    })

    const listAvailableRecords = SqlSchema.findAll({
      Request: RestaurantId,
      Result: DishRecord,
      execute: (restaurantId) =>
        sql`SELECT ${sql.literal(columns)} FROM dishes WHERE restaurant_id = ${restaurantId} AND available AND published
            ORDER BY category, name, id`,
    })

    const findRecord = SqlSchema.findOne({
      Request: InRestaurant,
      Result: DishRecord,
      execute: ({ restaurantId, id }) =>
        sql`SELECT ${sql.literal(columns)} FROM dishes WHERE id = ${id} AND restaurant_id = ${restaurantId}`,
    })

    const getRecord = Effect.fn("DishesRepo.getRecord")(
      (restaurantId: RestaurantId, id: DishId) =>
        findRecord({ restaurantId, id }).pipe(
          Effect.flatMap(Option.match({ onNone: () => Effect.fail(dishNotFound), onSome: Effect.succeed })),
        ),
      mapSqlErrors,
    )

    const findForPricing = SqlSchema.findAll({
      Request: Schema.Struct({ restaurantId: RestaurantId, ids: Schema.Array(DishId) }),
      Result: Schema.Struct({ id: DishId, name: Schema.String, priceMinor: Schema.Int, available: Schema.Boolean }),
      execute: ({ restaurantId, ids }) =>
        // A draft is not on the menu, so it cannot be ordered either: to a diner it is not available.
        sql`SELECT id, name, price_minor, (available AND published) AS available FROM dishes
            WHERE restaurant_id = ${restaurantId} AND ${sql.in("id", ids)}`,
    })

    const listWithoutVariants = SqlSchema.findAll({
      Request: Schema.Number,
      Result: Schema.Struct({ id: DishId, restaurantId: RestaurantId, imageKey: Schema.String }),
      execute: (limit) =>
        sql`SELECT id, restaurant_id, image_key FROM dishes
            WHERE image_key IS NOT NULL AND image_variants IS NULL ORDER BY created_at, id LIMIT ${limit}`,
    })

    return {
      toDish,
      list: Effect.fn("DishesRepo.list")(
        (restaurantId: RestaurantId) => Effect.map(listRecords(restaurantId), (records) => records.map(toDish)),
        mapSqlErrors,
      ),
      /** What diners see and may order: published, available dishes only. */
      listAvailable: Effect.fn("DishesRepo.listAvailable")(
        (restaurantId: RestaurantId) =>
          Effect.map(listAvailableRecords(restaurantId), (records) => records.map(toDish)),
        mapSqlErrors,
      ),
      get: Effect.fn("DishesRepo.get")(
        (restaurantId: RestaurantId, id: DishId) => Effect.map(getRecord(restaurantId, id), toDish),
        mapSqlErrors,
      ),
      getRecord,
      /** Dishes of this restaurant among `ids`; ids of other restaurants are simply absent. */
      findForPricing: Effect.fn("DishesRepo.findForPricing")(
        (restaurantId: RestaurantId, ids: ReadonlyArray<DishId>) =>
          ids.length === 0 ? Effect.succeed([]) : findForPricing({ restaurantId, ids }),
        mapSqlErrors,
      ),
      insert: Effect.fn("DishesRepo.insert")(function* (dish: NewDish) {
        const { geometry, imageVariants, suggestedOptionGroups, ...fields } = dish
        const rows = yield* sql`INSERT INTO dishes ${sql.insert({
          ...fields,
          geometry: sql.json(geometry),
          // As text: the pg driver would send a JS array as a Postgres array literal, not JSON.
          imageVariants: JSON.stringify(imageVariants),
          suggestedOptionGroups: JSON.stringify(suggestedOptionGroups),
        })}
          RETURNING ${sql.literal(columns)}`
        return toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0]))
      }, mapSqlErrors),
      /** Points the dish at a new photo and shape; its model is rebuilt (pending until the worker is done). */
      replacePhoto: Effect.fn("DishesRepo.replacePhoto")(function* (
        restaurantId: RestaurantId,
        id: DishId,
        photo: StoredPhoto & { readonly geometry: DishGeometry },
      ) {
        const rows = yield* sql`UPDATE dishes SET image_key = ${photo.imageKey}, geometry = ${sql.json(photo.geometry)},
            image_variants = ${JSON.stringify(photo.imageVariants)},
            model_status = 'pending', model_progress = 0, failure_reason = NULL, updated_at = now(),
            model_waiting_for = NULL, model_waiting_since = NULL,
            model_version = model_version + 1
          WHERE id = ${id} AND restaurant_id = ${restaurantId} RETURNING ${sql.literal(columns)}`
        if (rows[0] === undefined) return yield* Effect.fail(dishNotFound)
        return toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0]))
      }, mapSqlErrors),
      /** Saves a corrected shape (or the same one) and marks the model for rebuilding. */
      requestModel: Effect.fn("DishesRepo.requestModel")(function* (
        restaurantId: RestaurantId,
        id: DishId,
        geometry?: DishGeometry,
      ) {
        const rows = yield* sql`UPDATE dishes SET
            geometry = ${geometry === undefined ? sql`geometry` : sql.json(geometry)},
            needs_review = ${geometry === undefined ? sql`needs_review` : sql`array_remove(needs_review, 'geometry')`},
            model_status = 'pending', model_progress = 0, failure_reason = NULL, updated_at = now(),
            model_waiting_for = NULL, model_waiting_since = NULL,
            -- A job still building the previous request sees the version move and runs again.
            model_version = model_version + 1
          WHERE id = ${id} AND restaurant_id = ${restaurantId} AND image_key IS NOT NULL
          RETURNING ${sql.literal(columns)}`
        if (rows[0] === undefined) return Option.none<Dish>()
        return Option.some(toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0])))
      }, mapSqlErrors),
      /** Puts a dish's photo, shape and model state back as they were (undoing a failed replacement). */
      restorePhoto: Effect.fn("DishesRepo.restorePhoto")(function* (
        restaurantId: RestaurantId,
        id: DishId,
        before: DishRecord,
      ) {
        yield* sql`UPDATE dishes SET image_key = ${before.imageKey},
            image_variants = ${before.imageVariants === null ? null : JSON.stringify(before.imageVariants)},
            geometry = ${before.geometry === null ? null : sql.json(before.geometry)},
            model_status = ${before.modelStatus}, model_progress = ${before.modelProgress},
            failure_reason = ${before.failureReason}, model_waiting_for = ${before.modelWaitingFor},
            model_waiting_since = ${before.modelWaitingSince}
          WHERE id = ${id} AND restaurant_id = ${restaurantId}`
      }, mapSqlErrors),
      update: Effect.fn("DishesRepo.update")(function* (
        restaurantId: RestaurantId,
        id: DishId,
        changes: UpdateDishRequest,
      ) {
        const fields = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined))
        if (Object.keys(fields).length === 0) return toDish(yield* getRecord(restaurantId, id))
        const { translations, ...plain } = fields
        const reviewed = [
          ...Object.keys(plain).flatMap((k) => reviewedBy[k as keyof UpdateDishRequest] ?? []),
          ...Object.keys(changes.translations ?? {}).flatMap((tag) =>
            isLanguage(tag) ? translationReviewMark(tag) : [],
          ),
        ]
        // A change that breaks a publishing requirement (allergens unknown again, price 0) takes the dish off
        // the menu in the same statement (SET reads the old row, so the new values are passed in).
        const confirmed = changes.allergensConfirmed ?? sql`allergens_confirmed`
        const price = changes.priceMinor ?? sql`price_minor`
        // Each language sent replaces that language's texts (jsonb || merges top-level keys); others stay.
        const setTranslations =
          translations === undefined ? sql`` : sql`, translations = translations || ${sql.json(translations)}`
        const setPlain = Object.keys(plain).length === 0 ? sql`id = id` : sql.update(plain)
        const rows = yield* sql`UPDATE dishes SET ${setPlain}${setTranslations}, updated_at = now(),
            needs_review = ARRAY(SELECT f FROM unnest(needs_review) AS f WHERE f <> ALL(${reviewed}::text[])),
            published = published AND ${confirmed} AND ${price} > 0
          WHERE id = ${id} AND restaurant_id = ${restaurantId} RETURNING ${sql.literal(columns)}`
        if (rows[0] === undefined) return yield* Effect.fail(dishNotFound)
        return toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0]))
      }, mapSqlErrors),
      /**
       * Stores suggested translations of `texts` (over the languages given; others kept) and marks each
       * language for the owner's review. Nothing is stored if the dish's words are no longer `texts` (the
       * owner changed them meanwhile): a suggestion never outlives the words it translates.
       */
      suggestTranslations: Effect.fn("DishesRepo.suggestTranslations")(function* (
        restaurantId: RestaurantId,
        id: DishId,
        texts: { readonly name: string; readonly description: string; readonly category: string },
        translations: DishTranslations,
      ) {
        const marks = Object.keys(translations).flatMap((tag) => (isLanguage(tag) ? translationReviewMark(tag) : []))
        const rows = yield* sql`UPDATE dishes SET translations = translations || ${sql.json(translations)},
            needs_review = needs_review || ARRAY(SELECT m FROM unnest(${marks}::text[]) AS m WHERE m <> ALL(needs_review)),
            updated_at = now()
          WHERE id = ${id} AND restaurant_id = ${restaurantId}
            AND name = ${texts.name} AND description = ${texts.description} AND category = ${texts.category}
          RETURNING ${sql.literal(columns)}`
        if (rows[0] === undefined) return toDish(yield* getRecord(restaurantId, id))
        return toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0]))
      }, mapSqlErrors),
      /** Puts the dish on the public menu if it has what diners must be able to trust (`missingForPublish`). */
      publish: Effect.fn("DishesRepo.publish")(
        (restaurantId: RestaurantId, id: DishId) =>
          inTransaction(sql)(
            Effect.gen(function* () {
              const [row] = yield* sql`SELECT ${sql.literal(columns)} FROM dishes
              WHERE id = ${id} AND restaurant_id = ${restaurantId} FOR UPDATE`
              if (row === undefined) return yield* Effect.fail(dishNotFound)
              const record = yield* Schema.decodeUnknown(DishRecord)(row)
              const missing = missingForPublish(record)
              if (missing.length > 0) {
                return yield* Effect.fail(
                  new DishNotPublishable({
                    missing,
                    message: `Before diners can see it, give it ${describeMissing(missing)}`,
                  }),
                )
              }
              if (record.published) return toDish(record)
              const rows = yield* sql`UPDATE dishes SET published = true, updated_at = now()
              WHERE id = ${id} RETURNING ${sql.literal(columns)}`
              return toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0]))
            }),
          ),
        mapSqlErrors,
      ),
      /** Takes the dish off the public menu; it stays the owner's draft. */
      unpublish: Effect.fn("DishesRepo.unpublish")(function* (restaurantId: RestaurantId, id: DishId) {
        const rows = yield* sql`UPDATE dishes SET published = false,
            updated_at = CASE WHEN published THEN now() ELSE updated_at END
          WHERE id = ${id} AND restaurant_id = ${restaurantId} RETURNING ${sql.literal(columns)}`
        if (rows[0] === undefined) return yield* Effect.fail(dishNotFound)
        return toDish(yield* Schema.decodeUnknown(DishRecord)(rows[0]))
      }, mapSqlErrors),
      /** Deletes the row and returns it, so the caller can remove its blobs. */
      delete: Effect.fn("DishesRepo.delete")(function* (restaurantId: RestaurantId, id: DishId) {
        const rows = yield* sql`DELETE FROM dishes WHERE id = ${id} AND restaurant_id = ${restaurantId}
          RETURNING ${sql.literal(columns)}`
        if (rows[0] === undefined) return yield* Effect.fail(dishNotFound)
        return yield* Schema.decodeUnknown(DishRecord)(rows[0])
      }, mapSqlErrors),
      /** Dishes with a photo but no sized copies yet (photographed before variants existed), oldest first. */
      listWithoutVariants: Effect.fn("DishesRepo.listWithoutVariants")(
        (limit: number) => listWithoutVariants(limit),
        mapSqlErrors,
      ),
      /**
       * Records the sized copies of `imageKey`, only if the dish still shows that photo and has none yet.
       * Returns the variants the dish has afterwards (none: the dish is gone or its photo changed).
       */
      setVariants: Effect.fn("DishesRepo.setVariants")(function* (
        id: DishId,
        imageKey: string,
        variants: ReadonlyArray<StoredImageVariant>,
      ) {
        const rows = yield* sql`UPDATE dishes SET image_variants = COALESCE(image_variants, ${JSON.stringify(variants)})
          WHERE id = ${id} AND image_key = ${imageKey} RETURNING image_variants`
        return rows[0] === undefined
          ? Option.none()
          : Option.some(yield* Schema.decodeUnknown(Schema.Array(StoredImageVariant))(rows[0].imageVariants))
      }, mapSqlErrors),
    }
  }),
}) {}
