import { NodeIO } from "@gltf-transform/core"
import sharp from "sharp"
import { writeUsda } from "./usda.js"
import { type ArchiveEntry, writeUsdzArchive } from "./usdz-archive.js"

// The USDZ for iOS Quick Look, made from the stored GLB itself (so it can never disagree with it, and a
// dish stored before USDZ existed gets one from its GLB alone): same meshes, same metres, same photo.

export const MAX_USDZ_BYTES = 2 * 1024 * 1024
export const USDZ_LAYER_NAME = "dish.usda"
const MIN_TEXTURE_SIDE = 64

export interface DishUsdz {
  readonly usdz: Uint8Array
  readonly stats: {
    readonly meshes: number
    readonly vertices: number
    readonly bytes: number
    /** Side of the texture in the archive: the GLB's, unless it had to shrink to fit the byte budget. */
    readonly textureSize: number | null
  }
}

const TEXTURE_FILES: Record<string, string> = { "image/jpeg": "photo.jpg", "image/png": "photo.png" }

/** The texture at half the side (same format): the USD text is bigger than glTF's binary geometry. */
const halve = async (image: Uint8Array, mimeType: string, side: number): Promise<Uint8Array> => {
  const resized = sharp(image).resize(Math.floor(side / 2))
  const data = await (mimeType === "image/png" ? resized.png() : resized.jpeg({ quality: 82 })).toBuffer()
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** Builds the USDZ (layer first, stored, 64-byte aligned) from GLB bytes; fails past MAX_USDZ_BYTES. */
export const buildUsdzFromGlb = async (glb: Uint8Array): Promise<DishUsdz> => {
  const doc = await new NodeIO().readBinary(glb)
  const textures = doc.getRoot().listTextures()
  if (textures.length > 1) throw new Error(`a dish model has one texture, this one has ${textures.length}`)
  const texture = textures[0]
  const mimeType = texture?.getMimeType() ?? ""
  const textureFile = texture === undefined ? null : (TEXTURE_FILES[mimeType] ?? null)
  if (texture !== undefined && textureFile === null) throw new Error(`texture type ${mimeType} cannot go in a USDZ`)

  const layer = writeUsda(doc, textureFile)
  const layerBytes = new TextEncoder().encode(layer.text)
  let image: Uint8Array | null = texture?.getImage() ?? null
  let side = texture?.getSize()?.[0] ?? null
  for (;;) {
    const entries: ArchiveEntry[] = [{ name: USDZ_LAYER_NAME, data: layerBytes }]
    if (image !== null && textureFile !== null) entries.push({ name: textureFile, data: image })
    const usdz = writeUsdzArchive(entries)
    if (usdz.byteLength <= MAX_USDZ_BYTES) {
      return {
        usdz,
        stats: { meshes: layer.meshes, vertices: layer.vertices, bytes: usdz.byteLength, textureSize: side },
      }
    }
    if (image === null || side === null || side / 2 < MIN_TEXTURE_SIDE) {
      throw new Error(`USDZ is ${usdz.byteLength} bytes, over the ${MAX_USDZ_BYTES} budget`)
    }
    image = await halve(image, mimeType, side)
    side = Math.floor(side / 2)
  }
}
