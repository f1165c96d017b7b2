import { createHash } from "node:crypto"
import { ServiceUnavailable, UnsupportedImage } from "@ardine/domain"
import { BlobStorage, dishStoragePrefix, loadSharp, type StoredImageVariant } from "@ardine/infra"
import { Effect } from "effect"
import { scanFailClosed } from "./scanFailClosed.js"

/**
 * Widths of the sized copies: 320 covers the menu's 104 px thumbnail up to a 3x screen, 800 the dish
 * page on a phone. WebP is read by every browser the menu supports (Safari 14+); one that cannot read it
 * falls back to the JPEG photo through <picture>.
 */
export const VARIANT_WIDTHS = [320, 800] as const
const WEBP_QUALITY = 72

export interface VariantBytes {
  readonly width: number
  readonly type: "image/webp"
  readonly bytes: Uint8Array
}

// Photos are stored under content-addressed keys, so a URL never changes meaning and can be cached forever.
export const IMMUTABLE = "public, max-age=31536000, immutable"

const digestOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 20)

/** Where a dish's blobs live: everything of one dish under one prefix, so deleting the dish can remove it all. */
export const dishPhotoKey = (restaurantId: string, dishId: string, name: string) =>
  `${dishStoragePrefix(restaurantId, dishId)}${name}`

/** Key of the (normalised JPEG) photo itself. */
export const photoKeyFor = (restaurantId: string, dishId: string, photo: Uint8Array) =>
  dishPhotoKey(restaurantId, dishId, `photo-${digestOf(photo)}.jpg`)

/**
 * Sized WebP copies of an already normalised photo (no metadata, orientation applied). Never enlarged:
 * a photo narrower than a width gives no copy of that width (the photo itself serves).
 */
export const makeVariants = Effect.fn("PhotoVariants.make")(function* (photo: Uint8Array) {
  const sharp = yield* loadSharp
  const unreadable = () => new UnsupportedImage({ message: "This photo is damaged or incomplete" })
  const { width: photoWidth = 0 } = yield* Effect.tryPromise({ try: () => sharp(photo).metadata(), catch: unreadable })
  const widths = VARIANT_WIDTHS.filter((width) => width <= photoWidth)
  return yield* Effect.forEach(widths, (width) =>
    Effect.tryPromise({
      try: () =>
        sharp(photo, { failOn: "warning" })
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: WEBP_QUALITY, effort: 4 })
          .toBuffer({ resolveWithObject: true }),
      catch: unreadable,
    }).pipe(
      Effect.map(
        ({ data, info }): VariantBytes => ({
          width: info.width,
          type: "image/webp",
          bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        }),
      ),
    ),
  )
})

const deleteAll = (variants: ReadonlyArray<StoredImageVariant>) =>
  Effect.flatMap(BlobStorage, (storage) =>
    Effect.forEach(variants, (v) => Effect.ignore(storage.delete("images", v.key)), { discard: true }),
  )

/**
 * Scans (fail closed, like the photo) and stores each copy under the dish's prefix. If any step fails,
 * the copies already stored are deleted again, so a failure leaves nothing behind.
 */
export const storeVariants = Effect.fn("PhotoVariants.store")(function* (
  restaurantId: string,
  dishId: string,
  variants: ReadonlyArray<VariantBytes>,
) {
  const storage = yield* BlobStorage
  // Scanned first, all of them: nothing is stored unless every copy is clean.
  yield* Effect.forEach(variants, (v) => scanFailClosed(v.bytes), { discard: true })
  const stored: Array<StoredImageVariant> = []
  yield* Effect.forEach(
    variants,
    (v) => {
      const key = dishPhotoKey(restaurantId, dishId, `photo-${digestOf(v.bytes)}-${v.width}w.webp`)
      return storage
        .upload("images", key, v.bytes, { contentType: v.type, cacheControl: IMMUTABLE })
        .pipe(Effect.tap(() => stored.push({ width: v.width, type: v.type, key })))
    },
    { discard: true },
  ).pipe(
    Effect.catchTags({
      StorageUnavailable: () =>
        Effect.fail(new ServiceUnavailable({ service: "storage", message: "Photo storage is unavailable, try again" })),
      InvalidObjectKey: (e) => Effect.die(e),
    }),
    Effect.onError(() => deleteAll(stored)),
  )
  return stored as ReadonlyArray<StoredImageVariant>
})

/** Deletes stored copies (best effort: a copy left behind is removed with the dish's prefix). */
export const deleteVariants = (variants: ReadonlyArray<StoredImageVariant> | null) => deleteAll(variants ?? [])

/** Makes, scans and stores the sized copies of a normalised photo. */
export const variantsForPhoto = (restaurantId: string, dishId: string, photo: Uint8Array) =>
  Effect.flatMap(makeVariants(photo), (variants) => storeVariants(restaurantId, dishId, variants))
