import type Sharp from "sharp"
import { pictureOf } from "./picture.js"
import { type DishReading, readDish } from "./readDish.js"

// The local analyzer: reads a dish's 3D shape from its photo alone (no AI, no network).
// segmentation.ts: table vs the rest; outline.ts: the vessel's outline; vessel.ts: rim, wall and kind;
// food.ts: food regions, their pieces and shape classes; readDish.ts: sizes, heights and the geometry.

export type { DishReading } from "./readDish.js"

/** Longest side the photo is reduced to: enough for a garnish leaf, small enough to read in a few ms. */
export const READING_SIDE = 320

/** Decodes, orients and reduces the photo, then reads the dish in it. Rejects when the bytes are not an image. */
export const readDishPhoto = async (sharp: typeof Sharp, image: Uint8Array): Promise<DishReading> => {
  const { data, info } = await sharp(image, { limitInputPixels: 40_000_000 })
    .rotate()
    .resize(READING_SIDE, READING_SIDE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new Error(`unexpected pixel layout (${info.channels} channels)`)
  return readDish(pictureOf(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height))
}
