import type { DishGeometry, FoodComponent } from "@ardine/domain"
import { buildFood } from "./components.js"
import { geometryBytes, type Part, writeGlb } from "./glb.js"
import { boundsOf, mapPositions, vertexCount } from "./mesh.js"
import { hashValue } from "./random.js"
import { DEFAULT_TEXTURE_SIZE, encodeTexture } from "./texture.js"
import { buildVessel } from "./vessel.js"

export { DEFAULT_TEXTURE_SIZE, MAX_TEXTURE_SIZE, renderPoster } from "./texture.js"
export { buildUsdzFromGlb, type DishUsdz, MAX_USDZ_BYTES, USDZ_LAYER_NAME } from "./usdz.js"
export { type ValidationMessage, type ValidationResult, validateGlb } from "./validate.js"

// Pure: geometry + photo in, GLB bytes out. No I/O, no clock, no Math.random, so the same input always
// gives byte-identical output.

export const MAX_TRIANGLES = 50_000
export const MAX_GLB_BYTES = 2 * 1024 * 1024

export interface BuildOptions {
  /** Texture side in pixels (default 1024, at most 2048); a smaller photo is never enlarged. */
  readonly textureSize?: number
}

export type Vec3 = readonly [number, number, number]

export interface ModelStats {
  readonly triangles: number
  readonly vertices: number
  readonly bytes: number
  /** Metres, Y up; min y is 0 and the box is centred on x and z. */
  readonly bounds: { readonly min: Vec3; readonly max: Vec3 }
  readonly textureSize: number
}

export interface DishModel {
  readonly glb: Uint8Array
  readonly stats: ModelStats
}

/** sRGB #rrggbb to linear RGB, which is what glTF colour factors are. */
const linearColor = (hex: string): [number, number, number] => {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return [channel(1), channel(3), channel(5)]
}

/** A light tint of the food's colour over the photo: the photo carries the detail, the colour nudges it. */
const tint = (hex: string): [number, number, number, number] => {
  const [r, g, b] = linearColor(hex)
  const mix = (c: number) => 1 - 0.3 * (1 - c)
  return [mix(r), mix(g), mix(b), 1]
}

const foodRoughness = (c: FoodComponent) => c.roughness * (1 - 0.6 * (c.gloss ?? 0))

/** The dish's real footprint in metres (x: left-right, z: away-toward), as the built model would have it. */
export const footprintOf = (geometry: DishGeometry): { readonly width: number; readonly depth: number } => {
  const vessel = buildVessel(geometry.vessel)
  const food = buildFood(geometry, vessel, hashValue(geometry))
  const { min, max } = boundsOf([...(vessel ? [vessel.mesh] : []), ...food.map((f) => f.mesh)])
  return { width: (max[0] - min[0]) / 100, depth: (max[2] - min[2]) / 100 }
}

/** Builds the dish's GLB (metres, Y up, resting on y = 0, centred on x/z) with the photo as the food's texture. */
export const buildDishModel = async (
  geometry: DishGeometry,
  photo: Uint8Array,
  options: BuildOptions = {},
): Promise<DishModel> => {
  const vessel = buildVessel(geometry.vessel)
  const food = buildFood(geometry, vessel, hashValue(geometry))
  if (!vessel && food.length === 0) throw new Error("a dish needs a vessel or at least one food component")

  const parts: Part[] = []
  if (vessel) {
    const [r, g, b] = linearColor(vessel.color)
    parts.push({
      name: `vessel-${geometry.vessel.kind}`,
      mesh: vessel.mesh,
      // A glass lets the drink show through.
      baseColor: [r, g, b, vessel.transparent ? 0.35 : 1],
      roughness: vessel.roughness,
      textured: false,
      centre: [0, 0],
    })
  }
  // Centimetres to metres, moved to rest on y = 0 and centred on x/z.
  const { min, max } = boundsOf([...parts, ...food].map((p) => p.mesh))
  const dx = -(min[0] + max[0]) / 2
  const dz = -(min[2] + max[2]) / 2
  for (const { index, component, mesh, centre } of food) {
    parts.push({
      name: `food-${index}-${component.shape}`,
      mesh,
      baseColor: tint(component.color),
      roughness: foodRoughness(component),
      textured: true,
      centre: [(centre[0] + dx) / 100, (centre[1] + dz) / 100],
    })
  }
  for (const { mesh } of parts) {
    mapPositions(mesh, (x, y, z) => [(x + dx) / 100, (y - min[1]) / 100, (z + dz) / 100])
  }
  const photoHalfSize = (vessel ? vessel.photoHalfSize : Math.max(max[0] - min[0], max[2] - min[2]) / 2 / 0.9) / 100

  const triangles = parts.reduce((n, p) => n + p.mesh.indices.length / 3, 0)
  if (triangles > MAX_TRIANGLES) throw new Error(`model has ${triangles} triangles, over the ${MAX_TRIANGLES} budget`)
  // The texture gets what the geometry leaves of the byte budget, less room for the JSON chunk.
  const texture = await encodeTexture(
    photo,
    options.textureSize ?? DEFAULT_TEXTURE_SIZE,
    MAX_GLB_BYTES - geometryBytes(parts) - 32 * 1024,
  )
  const glb = await writeGlb(parts, { jpeg: texture.jpeg, halfSize: photoHalfSize })
  if (glb.byteLength > MAX_GLB_BYTES)
    throw new Error(`model is ${glb.byteLength} bytes, over the ${MAX_GLB_BYTES} budget`)

  // Bounds as stored (float32), which is what a viewer will see.
  const stored = boundsOf(
    parts.map((p) => ({ positions: Array.from(new Float32Array(p.mesh.positions)), indices: [] })),
  )
  return {
    glb,
    stats: {
      triangles,
      vertices: parts.reduce((n, p) => n + vertexCount(p.mesh), 0),
      bytes: glb.byteLength,
      bounds: stored,
      textureSize: texture.size,
    },
  }
}
