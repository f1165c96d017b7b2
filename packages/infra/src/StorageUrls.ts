import { Config, Context, Effect, Layer } from "effect"

export type BucketKind = "images" | "models"

export interface StorageUrlSettings {
  readonly publicBaseUrl: string
  readonly buckets: { readonly [K in BucketKind]: string }
}

export const storageUrlConfig: Config.Config<StorageUrlSettings> = Config.all({
  publicBaseUrl: Config.string("STORAGE_PUBLIC_URL").pipe(Config.withDefault("/storage")),
  buckets: Config.all({
    images: Config.string("S3_BUCKET_IMAGES").pipe(Config.withDefault("dish-images")),
    models: Config.string("S3_BUCKET_MODELS").pipe(Config.withDefault("dish-models")),
  }),
})

/** `STORAGE_PUBLIC_URL/<bucket>/<key>`, each key segment URL-encoded. Pure: no storage client needed. */
export const publicUrlFor = (settings: StorageUrlSettings, bucket: BucketKind, key: string): string =>
  `${settings.publicBaseUrl.replace(/\/+$/, "")}/${encodeURIComponent(settings.buckets[bucket])}/${key
    .split("/")
    .map(encodeURIComponent)
    .join("/")}`

/** Where stored objects are served from, as clients see it. */
export class StorageUrls extends Context.Tag("@ardine/StorageUrls")<
  StorageUrls,
  StorageUrlSettings & { readonly publicUrl: (bucket: BucketKind, key: string) => string }
>() {
  static readonly layer = Layer.effect(
    StorageUrls,
    Effect.map(storageUrlConfig, (settings) => ({
      ...settings,
      publicUrl: (bucket: BucketKind, key: string) => publicUrlFor(settings, bucket, key),
    })),
  )
}
