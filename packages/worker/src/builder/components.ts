import type { ComponentShape, DishGeometry, FoodComponent } from "@ardine/domain"
import { HeightMap } from "./heightmap.js"
import { type Mesh, mapPositions, translate, type Vec2 } from "./mesh.js"
import { hashValue, makeRandom } from "./random.js"
import { clamp, generators, polar, type Rest, TAU } from "./shapes.js"
import type { VesselModel } from "./vessel.js"

// Food components in centimetres, each generated parametrically around its own origin, fitted to its
// footprint, then set down on the vessel (or on the liquid, or, for garnish, on the food already there).

export interface FoodPart {
  readonly index: number
  readonly component: FoodComponent
  readonly mesh: Mesh
  /** Centre of its footprint (x, z). */
  readonly centre: Vec2
}

/** Shapes that follow the surface under them (a heap of rice in a bowl) rather than sitting on it rigidly. */
const drapes = (shape: ComponentShape) => shape === "mound" || shape === "nest" || shape === "liquid"

/** Centres the footprint and scales it (x and z alike) so it just fits a circle of `radius`. */
const fitFootprint = (mesh: Mesh, radius: number): void => {
  const p = mesh.positions
  let minX = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let minZ = Number.POSITIVE_INFINITY
  let maxZ = Number.NEGATIVE_INFINITY
  for (let i = 0; i < p.length; i += 3) {
    minX = Math.min(minX, p[i] ?? 0)
    maxX = Math.max(maxX, p[i] ?? 0)
    minZ = Math.min(minZ, p[i + 2] ?? 0)
    maxZ = Math.max(maxZ, p[i + 2] ?? 0)
  }
  const cx = (minX + maxX) / 2
  const cz = (minZ + maxZ) / 2
  let reach = 0
  for (let i = 0; i < p.length; i += 3) reach = Math.max(reach, Math.hypot((p[i] ?? 0) - cx, (p[i + 2] ?? 0) - cz))
  const s = reach > 0 ? radius / reach : 1
  mapPositions(mesh, (x, y, z) => [(x - cx) * s, y, (z - cz) * s])
}

interface Placement {
  readonly x: number
  readonly z: number
  readonly w: number
}

/**
 * Where each component goes: positions are fractions of the vessel's food area, and every footprint is
 * shrunk and pulled in until it lies inside that area, so food never hangs over the vessel's edge. With no
 * vessel, positions are fractions of the widest component's width and nothing is clamped.
 */
const place = (c: FoodComponent, vessel: VesselModel | null, spread: number): Placement => {
  if (!vessel) return { x: c.position.x * spread, z: c.position.z * spread, w: c.widthCm }
  const { halfX, halfZ, round } = vessel.area
  if (round) {
    const w = Math.min(c.widthCm, 2 * halfX)
    const x = c.position.x * halfX
    const z = c.position.z * halfX
    const reach = Math.hypot(x, z)
    const limit = Math.max(halfX - w / 2, 0)
    const s = reach > limit ? limit / reach : 1
    return { x: x * s, z: z * s, w }
  }
  const w = Math.min(c.widthCm, 2 * Math.min(halfX, halfZ))
  return {
    x: clamp(c.position.x * halfX, -(halfX - w / 2), halfX - w / 2),
    z: clamp(c.position.z * halfZ, -(halfZ - w / 2), halfZ - w / 2),
    w,
  }
}

/** Builds every component in place, in centimetres; the result keeps the geometry's order. */
export const buildFood = (geometry: DishGeometry, vessel: VesselModel | null, seed: number): FoodPart[] => {
  const components = geometry.components
  const spread = Math.max(0, ...components.map((c) => c.widthCm))
  const placed = components.map((c, index) => ({ c, index, at: place(c, vessel, spread) }))
  const reach = Math.max(1, ...placed.map(({ at }) => Math.max(Math.abs(at.x), Math.abs(at.z)) + at.w / 2))
  const heights = new HeightMap(vessel ? vessel.photoHalfSize : reach)
  const floor = (x: number, z: number) => (vessel ? vessel.floorAt(x, z) : 0)
  let level: number | null = null

  // Liquid first (it sets the level others float at), garnish last (it lands on the food).
  const rank = (c: FoodComponent) => (c.shape === "liquid" ? 0 : c.shape === "garnish" ? 2 : 1)
  const order = [...placed].sort((a, b) => rank(a.c) - rank(b.c) || a.index - b.index)

  const parts: FoodPart[] = []
  for (const { c, index, at } of order) {
    const rng = makeRandom(hashValue([seed, index]))
    const liquidLevel: number | null = level
    if (c.shape === "liquid" && vessel?.fill && liquidLevel === null) {
      const filled = vessel.fill(c.heightCm)
      level = filled.level
      parts.push({ index, component: c, mesh: filled.mesh, centre: [0, 0] })
      heights.add(filled.mesh)
      continue
    }
    const surface = (x: number, z: number) => {
      const base = floor(x, z)
      if (liquidLevel === null) return base
      // Solids sink partly into a soup; a second liquid spreads on top of the first.
      return Math.max(base, c.shape === "liquid" ? liquidLevel : liquidLevel - 0.3 * c.heightCm)
    }
    const size = { w: at.w, h: c.heightCm, n: c.count }
    const rest: Rest = (x, z) => Math.max(surface(x + at.x, z + at.z), heights.heightAt(x + at.x, z + at.z))
    const mesh = generators[c.shape](size, rng, rest)
    if (c.shape === "garnish") {
      translate(mesh, at.x, 0, at.z)
    } else {
      fitFootprint(mesh, at.w / 2)
      if (drapes(c.shape)) {
        mapPositions(mesh, (x, y, z) => [x + at.x, y + surface(x + at.x, z + at.z), z + at.z])
      } else {
        // Rigid pieces rest on the highest point under their footprint (a wide disc in a bowl rests on the walls).
        const samples = [
          [0, 0] as Vec2,
          ...Array.from({ length: 12 }, (_, k) => polar(0.95 * (at.w / 2), (TAU * k) / 12)),
        ]
        const base = Math.max(...samples.map(([x, z]) => surface(x + at.x, z + at.z)))
        translate(mesh, at.x, base, at.z)
      }
      heights.add(mesh)
    }
    parts.push({ index, component: c, mesh, centre: [at.x, at.z] })
  }
  return parts.sort((a, b) => a.index - b.index)
}
