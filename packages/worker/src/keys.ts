import type { DishId, RestaurantId } from "@ardine/domain"
import { dishStoragePrefix } from "@ardine/infra"

// Model blobs are content-addressed per version: a re-run of the same job builds the same bytes (the builder
// is deterministic) and so writes the same key, and a key never changes meaning, so it can be cached forever.

export const IMMUTABLE = "public, max-age=31536000, immutable"
export const GLB_CONTENT_TYPE = "model/gltf-binary"
export const POSTER_CONTENT_TYPE = "image/webp"
export const USDZ_CONTENT_TYPE = "model/vnd.usdz+zip"

const HASH_CHARS = 16

export const dishPrefix = (restaurantId: RestaurantId, dishId: DishId) => dishStoragePrefix(restaurantId, dishId)

/** `restaurants/<rid>/dishes/<dishId>/model-v<version>-<sha256 prefix>.glb` */
export const modelKeyFor = (restaurantId: RestaurantId, dishId: DishId, version: number, sha256Hex: string) =>
  `${dishPrefix(restaurantId, dishId)}model-v${version}-${sha256Hex.slice(0, HASH_CHARS)}.glb`

/** The poster stored next to a model: same version and hash, `poster-...webp`; undefined for a key not named by us. */
export const posterKeyFor = (modelKey: string): string | undefined => {
  const match = /^(.*\/)model-(v\d+-[\da-f]+)\.glb$/.exec(modelKey)
  return match === null ? undefined : `${match[1]}poster-${match[2]}.webp`
}

/** The content hash a model key was named after, if it is one of ours. */
export const hashOfModelKey = (modelKey: string): string | undefined =>
  /\/model-v\d+-([\da-f]+)\.glb$/.exec(modelKey)?.[1]

export const contentHash = (sha256Hex: string) => sha256Hex.slice(0, HASH_CHARS)

/** `restaurants/<rid>/dishes/<dishId>/model-v<version>-<sha256 prefix of the USDZ itself>.usdz` (beside the GLB). */
export const usdzKeyFor = (restaurantId: RestaurantId, dishId: DishId, version: number, sha256Hex: string) =>
  `${dishPrefix(restaurantId, dishId)}model-v${version}-${sha256Hex.slice(0, HASH_CHARS)}.usdz`
