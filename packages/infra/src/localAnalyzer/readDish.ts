import type { ComponentShape, FoodComponent, Vessel } from "@ardine/domain"
import { MAX_COMPONENTS } from "@ardine/domain"
import { type FoodContext, type FoodRegion, findFood } from "./food.js"
import { type Outline, outlineOf } from "./outline.js"
import { meanHex, type Picture, toneDistance } from "./picture.js"
import { findForeground } from "./segmentation.js"
import { classify, lookAt, type VesselClass } from "./vessel.js"

// From the segmented photo to a DishGeometry. A photo has no scale of its own, so sizes come from the usual real
// size of the vessel kind found (a dinner plate 27 cm, a soup bowl 17 cm, a cup 8.5 cm, a board by its aspect),
// and heights from typical proportions of each shape class in each vessel.

export interface DishReading {
  readonly vessel: Vessel
  readonly components: ReadonlyArray<FoodComponent>
  /** False when the photo could not be read (no dish stands out from the table, or no food from the vessel). */
  readonly readable: boolean
}

const ROUND: Record<Exclude<VesselClass, "board" | "tray">, { diameterCm: number; heightCm: number; rim: boolean }> = {
  plate: { diameterCm: 27, heightCm: 2.5, rim: true },
  "deep-plate": { diameterCm: 26, heightCm: 4.5, rim: true },
  bowl: { diameterCm: 17, heightCm: 7, rim: true },
  glass: { diameterCm: 8, heightCm: 12, rim: false },
  cup: { diameterCm: 8.5, heightCm: 8, rim: false },
}

/** Rim width as a share of the radius (half the short side for a tray) when no step shows where it ends. */
const USUAL_RIM: Partial<Record<VesselClass, number>> = { plate: 0.22, "deep-plate": 0.3, bowl: 0.08, tray: 0.12 }

/** Cups and glasses have no flat rim: food sits inside their wall. */
const WALL = 0.9

/** Without a vessel there is no scale: the largest piece is taken to be as wide as a typical one (a bun, a fruit). */
const LONE_FOOD_CM = 11

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v))
const r1 = (v: number) => Math.round(v * 10) / 10
const r2 = (v: number) => Math.round(v * 100) / 100

const heightOf = (shape: ComponentShape, widthCm: number, pieceCm: number, vesselHeight: number): number => {
  switch (shape) {
    case "disc":
      return 1.5
    case "dome":
      return 0.5 * widthCm
    case "liquid":
      return vesselHeight > 0 ? 0.65 * vesselHeight : 2
    case "nest":
    case "mound":
      return 0.35 * widthCm
    case "wedge":
      return 0.6 * widthCm
    case "slices":
      return 1
    case "scoops":
    case "cylinder":
      return 0.8 * pieceCm
    case "garnish":
      return 0.5
    case "stack":
      return 0.5 * widthCm
  }
}

interface Scale {
  readonly pxPerCm: number
  /** Position of a pixel as the schema defines it (fractions of the food area's half sizes). */
  readonly position: (x: number, y: number) => { readonly x: number; readonly z: number }
  readonly vesselHeight: number
}

const toComponent = (region: FoodRegion, scale: Scale): FoodComponent => {
  const widthCm = clamp(region.widthPx / scale.pxPerCm, 0.3, 60)
  const pieceCm = region.pieceWidthPx / scale.pxPerCm
  const liquid = region.shape === "liquid"
  const at = scale.position(region.x, region.y)
  return {
    shape: region.shape,
    widthCm: r1(widthCm),
    heightCm: r1(clamp(heightOf(region.shape, widthCm, pieceCm, scale.vesselHeight), 0.2, 30)),
    position: { x: r2(clamp(at.x, -1, 1)), z: r2(clamp(at.z, -1, 1)) },
    count: clamp(Math.round(region.count), 1, 24),
    color: region.color,
    roughness: liquid ? 0.15 : r2(clamp(0.45 + region.texture * 2, 0.35, 0.95)),
    ...(liquid ? { gloss: 0.5 } : {}),
  }
}

const vesselOf = (kind: VesselClass, outline: Outline, rimFraction: number, color: string) => {
  if (kind === "board" || kind === "tray") {
    const aspect = Math.max(outline.a, outline.b) / Math.min(outline.a, outline.b)
    const long = kind === "tray" ? 36 : aspect < 1.15 ? 34 : 40
    const alongX = Math.abs(Math.cos(outline.angle)) >= Math.abs(Math.sin(outline.angle))
    const [xHalf, yHalf] = alongX ? [outline.a, outline.b] : [outline.b, outline.a]
    const pxPerCm = Math.max(xHalf, yHalf) / (long / 2)
    const widthCm = clamp(r1((2 * xHalf) / pxPerCm), 5, 60)
    const depthCm = clamp(r1((2 * yHalf) / pxPerCm), 5, 60)
    const rimCm = kind === "tray" ? clamp(r1(rimFraction * Math.min(widthCm, depthCm) * 0.5), 0.5, 4) : undefined
    const margin = rimCm ?? 1
    const vessel: Vessel = {
      kind,
      widthCm,
      depthCm,
      heightCm: kind === "tray" ? 2.5 : 2,
      ...(rimCm === undefined ? {} : { rimCm }),
      color,
      roughness: kind === "board" ? 0.75 : 0.4,
    }
    const fx = Math.max(0.2, (widthCm / 2 - margin) / (widthCm / 2))
    const fy = Math.max(0.2, (depthCm / 2 - margin) / (depthCm / 2))
    return { vessel, pxPerCm, fx, fy }
  }
  const typical = ROUND[kind]
  const radiusCm = typical.diameterCm / 2
  const rimCm = typical.rim ? clamp(r1(rimFraction * radiusCm), 0.3, 0.45 * radiusCm) : undefined
  const vessel: Vessel = {
    kind,
    diameterCm: typical.diameterCm,
    heightCm: typical.heightCm,
    ...(rimCm === undefined ? {} : { rimCm }),
    color,
    roughness: kind === "glass" ? 0.05 : 0.3,
  }
  const inner = typical.rim ? 1 - (rimCm ?? 0) / radiusCm : WALL
  return { vessel, pxPerCm: Math.max(outline.a, outline.b) / radiusCm, fx: inner, fy: inner }
}

/** Today's answer for a photo it cannot read: a dinner plate with one mound of the photo's middle colour. */
const unreadable = (p: Picture): DishReading => {
  const middle: Array<number> = []
  for (let y = Math.floor(p.height * 0.35); y < p.height * 0.65; y++) {
    for (let x = Math.floor(p.width * 0.35); x < p.width * 0.65; x++) middle.push(y * p.width + x)
  }
  return {
    vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, rimCm: 3.5, color: "#f5f5f2", roughness: 0.3 },
    components: [
      {
        shape: "mound",
        widthCm: 10,
        heightCm: 3,
        position: { x: 0, z: 0 },
        count: 1,
        color: meanHex(p, middle),
        roughness: 0.6,
      },
    ],
    readable: false,
  }
}

export const readDish = (p: Picture): DishReading => {
  const size = p.width * p.height
  const foreground = findForeground(p)
  const main = foreground.objects[0]
  if (main === undefined || foreground.area < 0.01 * size || foreground.area > 0.97 * size) return unreadable(p)
  const outline = outlineOf(main, p.width, p.height)
  const look = lookAt(p, main, outline)
  const hasVessel = main.area >= 0.8 * foreground.area && main.area >= 0.08 * size && look.uniformRim

  if (hasVessel) {
    const food: Array<number> = []
    let inside = 0
    for (const i of main.pixels) {
      const x = i % p.width
      const rho = outline.rho(x, (i - x) / p.width)
      if (rho < look.rimInner) inside++
      if (rho < 0.95 && !look.isVessel(i, rho)) food.push(i)
    }
    if (food.length >= 0.01 * main.area) {
      const filled = food.length / Math.max(1, inside)
      const kind = classify(outline, look, filled)
      // Without a visible step the rim's inner edge is a guess: the kind's usual rim is the better one.
      const rim = look.step || kind === "board" ? 1 - look.rimInner : (USUAL_RIM[kind] ?? 0)
      const { vessel, pxPerCm, fx, fy } = vesselOf(kind, outline, rim, meanHex(p, look.band))
      const context: FoodContext = {
        innerWidthPx: 2 * Math.min(outline.a, outline.b) * Math.min(fx, fy),
        holdsLiquid: kind === "bowl" || kind === "cup" || kind === "glass" || kind === "deep-plate",
        onFlat: kind === "plate" || kind === "board" || kind === "tray",
      }
      // A region of the vessel's own hue, no brighter than its rim, is the vessel in shade (a step ring, a well).
      const regions = findFood(p, Int32Array.from(food), context)
        .filter((r) => {
          const own = toneDistance(r.tone, look.rimTone, 0) < 11
          return !(own && r.tone.logL < look.rimTone.logL + 0.1 && r.tone.logL > look.rimTone.logL - 0.9)
        })
        .slice(0, MAX_COMPONENTS)
      if (regions.length > 0) {
        const scale: Scale = {
          pxPerCm,
          vesselHeight: "heightCm" in vessel ? vessel.heightCm : 0,
          position: (x, y) => {
            const at = outline.offset(x, y)
            return { x: at.x / fx, z: at.y / fy }
          },
        }
        return { vessel, components: regions.map((r) => toComponent(r, scale)), readable: true }
      }
    }
  }

  // No vessel: every object on the table is food.
  const pixels = Int32Array.from(foreground.objects.flatMap((o) => Array.from(o.pixels)))
  let minX = p.width
  let maxX = 0
  let minY = p.height
  let maxY = 0
  for (const i of pixels) {
    const x = i % p.width
    const y = (i - x) / p.width
    minX = Math.min(minX, x)
    maxX = Math.max(maxX, x)
    minY = Math.min(minY, y)
    maxY = Math.max(maxY, y)
  }
  const regions = findFood(p, pixels, {
    innerWidthPx: Math.max(maxX - minX, maxY - minY),
    holdsLiquid: false,
    onFlat: false,
  }).slice(0, MAX_COMPONENTS)
  const widest = Math.max(1, ...regions.map((r) => r.widthPx))
  if (regions.length === 0) return unreadable(p)
  const scale: Scale = {
    pxPerCm: widest / LONE_FOOD_CM,
    vesselHeight: 0,
    position: (x, y) => ({ x: (x - (minX + maxX) / 2) / widest, z: (y - (minY + maxY) / 2) / widest }),
  }
  return { vessel: { kind: "none" }, components: regions.map((r) => toComponent(r, scale)), readable: true }
}
