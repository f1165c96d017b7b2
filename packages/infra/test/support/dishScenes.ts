// Round-trip photos for the local analyzer: geometries drawn from the DishGeometry schema with real-world sizes per
// vessel kind, drawn top-down by the demo seeder's drawer (dishSvg), then photographed badly: a table or backdrop
// with grain, a slight tilt, off-centre framing, a lighting gradient, sensor noise and JPEG.

import { ComponentShape, DishGeometry, type FoodComponent, type Vessel, type VesselKind } from "@ardine/domain"
import { Schema } from "effect"
import sharp from "sharp"
import { type DishScene, dishSvg, seededRandom } from "../../src/dishPhoto/drawDish.js"

export const VESSEL_KINDS: ReadonlyArray<VesselKind> = [
  "plate",
  "bowl",
  "deep-plate",
  "glass",
  "cup",
  "board",
  "tray",
  "none",
]

// Colours: vessels are mostly neutral ceramics, boards wood, food anything.
const CERAMICS = ["#f7f5f0", "#ffffff", "#efe9df", "#e8e4da", "#2c3e50", "#1f1f24", "#9aa5ad", "#c9d6df", "#f3e9d2"]
const WOODS = ["#a9743f", "#c8955c", "#8a5a2b", "#d4a86a"]
const TRAYS = ["#2b2b2b", "#5a5a5a", "#7a4e2d", "#e0e0e0", "#b03a2e"]
const TABLES = [
  { color: "#6d4c35", grain: true },
  { color: "#4a3426", grain: true },
  { color: "#9c7a54", grain: true },
  { color: "#3b3f44", grain: false },
  { color: "#d9d4cc", grain: false },
  { color: "#f4f4f4", grain: false },
  { color: "#8f9a8c", grain: true },
]
const FOODS = [
  "#c0392b",
  "#e67e22",
  "#f1c40f",
  "#27ae60",
  "#2e7d32",
  "#8e3b20",
  "#d9a441",
  "#5d4037",
  "#ffb347",
  "#9bb24a",
  "#6d214f",
  "#f5e6c8",
  "#e8c872",
  "#3e2723",
  "#ff7043",
  "#7cb342",
  "#ad1457",
  "#ffd54f",
  "#4e342e",
  "#c8a27a",
]

const rgb = (hex: string) => [1, 3, 5].map((k) => Number.parseInt(hex.slice(k, k + 2), 16))
/** Distance that ignores brightness a shadow could change: chromaticity and log brightness, as a person sees it. */
export const colourDistance = (a: string, b: string) => {
  const [ar = 0, ag = 0, ab = 0] = rgb(a)
  const [br = 0, bg = 0, bb = 0] = rgb(b)
  const sa = ar + ag + ab + 3
  const sb = br + bg + bb + 3
  return Math.hypot(
    ((ar + 1) / sa - (br + 1) / sb) * 600,
    ((ag + 1) / sa - (bg + 1) / sb) * 600,
    Math.log(sa / sb) * 100,
  )
}

const pick = <A>(random: () => number, list: ReadonlyArray<A>): A => list[Math.floor(random() * list.length)] as A
const between = (random: () => number, min: number, max: number) => min + random() * (max - min)
const r1 = (v: number) => Math.round(v * 10) / 10

const vesselOf = (kind: VesselKind, random: () => number): Vessel => {
  switch (kind) {
    case "plate":
      return {
        kind,
        diameterCm: r1(between(random, 25, 29)),
        heightCm: 2.5,
        rimCm: r1(between(random, 2.5, 3.5)),
        color: pick(random, CERAMICS),
        roughness: 0.3,
      }
    case "deep-plate":
      return {
        kind,
        diameterCm: r1(between(random, 24, 28)),
        heightCm: 4.5,
        rimCm: r1(between(random, 3.5, 4.5)),
        color: pick(random, CERAMICS),
        roughness: 0.3,
      }
    case "bowl":
      return {
        kind,
        diameterCm: r1(between(random, 15, 19)),
        heightCm: 7,
        rimCm: r1(between(random, 0.6, 1.2)),
        color: pick(random, CERAMICS),
        roughness: 0.3,
      }
    case "glass":
      return { kind, diameterCm: r1(between(random, 7.2, 8.8)), heightCm: 12, color: "#dfe6e9", roughness: 0.05 }
    case "cup":
      return {
        kind,
        diameterCm: r1(between(random, 7.8, 9.2)),
        heightCm: 8,
        color: pick(random, CERAMICS),
        roughness: 0.3,
      }
    case "board":
    case "tray": {
      const square = kind === "board" && random() < 0.4
      const long = square
        ? between(random, 31, 37)
        : between(random, kind === "tray" ? 33 : 36, kind === "tray" ? 39 : 44)
      const short = square ? long : long / between(random, 1.3, 1.6)
      const [widthCm, depthCm] = random() < 0.75 ? [long, short] : [short, long]
      return {
        kind,
        widthCm: r1(widthCm),
        depthCm: r1(depthCm),
        heightCm: kind === "board" ? 2 : 2.5,
        ...(kind === "tray" ? { rimCm: r1(between(random, 1.5, 2.5)) } : {}),
        color: pick(random, kind === "board" ? WOODS : TRAYS),
        roughness: 0.6,
      }
    }
    case "none":
      return { kind }
  }
}

/** The food area's half sizes (cm) positions are fractions of, and whether it is round. */
const foodArea = (v: Vessel): { readonly hx: number; readonly hz: number } => {
  if (v.kind === "none") return { hx: 0, hz: 0 }
  if (v.kind === "board" || v.kind === "tray") {
    const margin = v.rimCm ?? 1
    return { hx: v.widthCm / 2 - margin, hz: v.depthCm / 2 - margin }
  }
  if (!("diameterCm" in v)) return { hx: 0, hz: 0 }
  const wall = v.kind === "cup" || v.kind === "glass" ? 0.1 * (v.diameterCm / 2) : 0
  const inner = Math.max(v.diameterCm / 2 - (v.rimCm ?? wall), v.diameterCm / 4)
  return { hx: inner, hz: inner }
}

const countFor = (shape: ComponentShape, random: () => number) =>
  shape === "garnish"
    ? 3 + Math.floor(random() * 8)
    : shape === "scoops" || shape === "cylinder"
      ? 1 + Math.floor(random() * 6)
      : shape === "slices"
        ? 4 + Math.floor(random() * 5)
        : shape === "stack"
          ? 1 + Math.floor(random() * 3)
          : 1

/** One dish: a vessel of real size and 1-6 components of distinct colours that do not bury one another. */
export const randomDish = (index: number): { readonly geometry: DishGeometry; readonly scene: DishScene } => {
  const random = seededRandom(`round-trip-${index}`)
  const kind = VESSEL_KINDS[index % VESSEL_KINDS.length] ?? "plate"
  const table = pick(random, TABLES)
  let vessel = vesselOf(kind, random)
  for (let tries = 0; "color" in vessel && colourDistance(vessel.color, table.color) < 45 && tries < 20; tries++) {
    vessel = vesselOf(kind, random)
  }
  const small = kind === "glass" || kind === "cup"
  const most = small ? 2 : kind === "bowl" || kind === "none" ? 4 : 6
  const wanted = 1 + Math.floor(random() * most)
  const area = foodArea(vessel)
  const avoid = [table.color, ...("color" in vessel ? [vessel.color, shadeOf(vessel.color)] : [])]
  const components: Array<FoodComponent> = []
  const placed: Array<{ x: number; z: number; r: number }> = []
  let firstFills = false
  for (let attempt = 0; components.length < wanted && attempt < 200; attempt++) {
    const first = components.length === 0
    // Bowls, cups and glasses are mostly full (soup, a drink); other food sits on the vessel side by side.
    const filler = first && (small || kind === "bowl") && random() < 0.75
    const shape: ComponentShape = filler
      ? small || random() < 0.6
        ? "liquid"
        : "mound"
      : pick(random, ComponentShape.literals)
    const color = pick(random, FOODS)
    if ([...avoid, ...components.map((c) => c.color)].some((other) => colourDistance(color, other) < 50)) continue
    const reach = Math.min(area.hx, area.hz)
    const widthCm =
      kind === "none"
        ? between(random, 6, 12)
        : filler
          ? 2 * reach * between(random, 0.8, 0.95)
          : 2 * reach * between(random, 0.25, 0.6)
    const r = widthCm / 2
    const free = kind === "none" ? Math.min(2.2 * r, 5.8) : Math.max(0, reach - r)
    const angle = random() * Math.PI * 2
    const distance = filler ? 0 : free * Math.sqrt(random())
    const x = Math.cos(angle) * distance
    const z = Math.sin(angle) * distance
    const clash = placed.some((o, k) => !(k === 0 && firstFills) && Math.hypot(o.x - x, o.z - z) < (o.r + r) * 1.05)
    if (!filler && clash) continue
    if (filler) firstFills = true
    placed.push({ x, z, r })
    components.push({
      shape,
      widthCm: r1(widthCm),
      heightCm: r1(Math.max(0.3, widthCm * 0.3)),
      position: { x: 0, z: 0 },
      count: countFor(shape, random),
      color,
      roughness: 0.5,
    })
  }
  // Positions: fractions of the food area (or, without a vessel, of the widest component).
  const widest = Math.max(...components.map((c) => c.widthCm))
  const geometry: DishGeometry = {
    vessel,
    components: components.map((c, k) => {
      const at = placed[k] ?? { x: 0, z: 0 }
      const [hx, hz] = kind === "none" ? [widest, widest] : [area.hx, area.hz]
      return { ...c, position: { x: Math.round((at.x / hx) * 100) / 100, z: Math.round((at.z / hz) * 100) / 100 } }
    }),
  }
  const scene: DishScene = {
    size: 512,
    fill: between(random, 0.62, 0.86),
    centre: { x: between(random, 0.46, 0.54), y: between(random, 0.46, 0.54) },
    table,
    foodGrain: false,
    tilt: { turnDeg: between(random, -5, 5), squash: between(random, 0.9, 1) },
  }
  return { geometry: Schema.validateSync(DishGeometry)(geometry), scene }
}

const shadeOf = (hex: string) => {
  const [r = 0, g = 0, b = 0] = rgb(hex)
  return `#${[r, g, b]
    .map((v) =>
      Math.round(v * 0.7)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`
}

/** The drawn dish as a camera would return it: uneven light, noise, JPEG. */
export const photograph = async (geometry: DishGeometry, scene: DishScene, seed: string): Promise<Uint8Array> => {
  const random = seededRandom(`camera-${seed}`)
  const { data, info } = await sharp(Buffer.from(dishSvg(geometry, seed, scene)))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const gx = between(random, -0.25, 0.25)
  const gy = between(random, -0.25, 0.25)
  const sigma = between(random, 3, 8)
  let state = Math.floor(random() * 2 ** 31) || 1
  const noise = () => {
    // Sum of three uniforms: roughly Gaussian, unit variance.
    let sum = 0
    for (let k = 0; k < 3; k++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      sum += state / 2 ** 32 - 0.5
    }
    return sum * 2
  }
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const light = 1 + gx * (x / info.width - 0.5) + gy * (y / info.height - 0.5)
      for (let c = 0; c < 3; c++) {
        const i = (y * info.width + x) * 3 + c
        data[i] = Math.max(0, Math.min(255, Math.round((data[i] ?? 0) * light + noise() * sigma)))
      }
    }
  }
  return new Uint8Array(
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  )
}

/** Offsets in units of the vessel's own half size (its outer radius), from the schema's food-area fractions. */
const toVesselUnits = (g: DishGeometry, c: FoodComponent) => {
  const v = g.vessel
  if (v.kind === "none") return { x: c.position.x, z: c.position.z }
  const area = foodArea(v)
  const [ox, oz] = "diameterCm" in v ? [v.diameterCm / 2, v.diameterCm / 2] : [v.widthCm / 2, v.depthCm / 2]
  return { x: (c.position.x * area.hx) / ox, z: (c.position.z * area.hz) / oz }
}

export interface Score {
  readonly kindRight: boolean
  /** Relative error of the vessel's size (the larger of width and depth errors for boards); null without a vessel. */
  readonly sizeError: number | null
  readonly countRight: boolean
  /** Matched components: centre error in vessel radii, relative width error. */
  readonly matches: ReadonlyArray<{ readonly centre: number; readonly width: number }>
}

/** How close a reading is to the geometry the photo was drawn from. */
export const score = (truth: DishGeometry, read: DishGeometry): Score => {
  const t = truth.vessel
  const r = read.vessel
  let sizeError: number | null = null
  if (t.kind !== "none") {
    if (r.kind === "none") sizeError = 1
    else if ("diameterCm" in t)
      sizeError =
        Math.abs(("diameterCm" in r ? r.diameterCm : Math.max(r.widthCm, r.depthCm)) - t.diameterCm) / t.diameterCm
    else {
      const [w, d] = "diameterCm" in r ? [r.diameterCm, r.diameterCm] : [r.widthCm, r.depthCm]
      sizeError = Math.max(Math.abs(w - t.widthCm) / t.widthCm, Math.abs(d - t.depthCm) / t.depthCm)
    }
  }
  // Greedy matching by colour and place: the closest pairs first.
  const pairs: Array<{ a: number; b: number; cost: number }> = []
  truth.components.forEach((a, ia) => {
    read.components.forEach((b, ib) => {
      const colour = colourDistance(a.color, b.color)
      if (colour > 45) return
      const pa = toVesselUnits(truth, a)
      const pb = toVesselUnits(read, b)
      pairs.push({ a: ia, b: ib, cost: colour + 60 * Math.hypot(pa.x - pb.x, pa.z - pb.z) })
    })
  })
  pairs.sort((p, q) => p.cost - q.cost)
  const usedA = new Set<number>()
  const usedB = new Set<number>()
  const matches: Array<{ centre: number; width: number }> = []
  for (const pair of pairs) {
    if (usedA.has(pair.a) || usedB.has(pair.b)) continue
    usedA.add(pair.a)
    usedB.add(pair.b)
    const a = truth.components[pair.a] as FoodComponent
    const b = read.components[pair.b] as FoodComponent
    const pa = toVesselUnits(truth, a)
    const pb = toVesselUnits(read, b)
    matches.push({ centre: Math.hypot(pa.x - pb.x, pa.z - pb.z), width: Math.abs(b.widthCm - a.widthCm) / a.widthCm })
  }
  return {
    kindRight: t.kind === r.kind,
    sizeError,
    countRight: truth.components.length === read.components.length,
    matches,
  }
}
