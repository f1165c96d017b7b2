import type { DishGeometry } from "@ardine/domain"
import { renderDishPhoto } from "@ardine/infra"
import type { Effect } from "effect"

// The demo restaurant ships no photographs (nothing may be downloaded here), so each demo dish gets
// a top-down picture drawn from its own geometry: the worker then textures the model with it exactly
// as it would a real photo.

/** A deterministic 800x800 JPEG of the dish seen from above. */
export const renderDemoPhoto = (geometry: DishGeometry, seed: string): Effect.Effect<Uint8Array> =>
  renderDishPhoto(geometry, seed)
