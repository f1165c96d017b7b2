import { Config, Context, Effect, Layer } from "effect"

export type BucketKind = "images" | "models"

/** Bucket names and the public base URL: all a client needs to find a stored object. */
export interface StorageUrlSettings {
  readonly publicBaseUrl: string
  readonly buckets: { readonly [K in BucketKind]: string }
}

const bucketName = (name: string, fallback: string) =>
  Config.string(name).pipe(
    Config.withDefault(fallback),
    Config.validate({
      message: "must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)",
      // Also keeps the filesystem layer's bucket directory inside STORAGE_DIR.
      validation: (s) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s) && !s.includes(".."),
    }),
  )

export const storageUrlConfig: Config.Config<StorageUrlSettings> = Config.all({
  publicBaseUrl: Config.string("STORAGE_PUBLIC_URL").pipe(
    Config.withDefault("/storage"),
    Config.map((url) => url.replace(/\/+$/, "")),
  ),
  buckets: Config.all({
    images: bucketName("S3_BUCKET_IMAGES", "dish-images"),
    models: bucketName("S3_BUCKET_MODELS", "dish-models"),
  }),
})

// Dot segments are encoded too: a browser or proxy would otherwise resolve them and leave the bucket.
const encodeSegment = (segment: string) =>
  segment === "." || segment === ".." ? segment.replaceAll(".", "%2E") : encodeURIComponent(segment)

/** `STORAGE_PUBLIC_URL/<bucket>/<key>`, each key segment URL-encoded. Pure: no storage client needed. */
export const publicUrlFor = (settings: StorageUrlSettings, bucket: BucketKind, key: string): string =>
  `${settings.publicBaseUrl}/${encodeURIComponent(settings.buckets[bucket])}/${key.split("/").map(encodeSegment).join("/")}`

/** Where stored objects are served from, as clients see it. */
export class StorageUrls extends Context.Tag("@ardine/StorageUrls")<
  StorageUrls,
  StorageUrlSettings & { readonly publicUrl: (bucket: BucketKind, key: string) => string }
>() {}

export const StorageUrlsLive = Layer.effect(
  StorageUrls,
  Effect.map(storageUrlConfig, (settings) => ({
    ...settings,
    publicUrl: (bucket: BucketKind, key: string) => publicUrlFor(settings, bucket, key),
  })),
)

/**
 * The folder every object of one dish lives under, in both buckets (photos, models, posters): deleting the
 * dish deletes this prefix, so nothing it ever stored outlives it.
 */
export const dishStoragePrefix = (restaurantId: string, dishId: string) =>
  `restaurants/${restaurantId}/dishes/${dishId}/`
