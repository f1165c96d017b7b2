import { createHash } from "node:crypto"
import type { DishGeometry, FoodComponent } from "@ardine/domain"
import { Effect } from "effect"
import { loadSharp } from "../Sharp.js"

// A top-down picture of a dish drawn from its geometry, as SVG. The demo seeder uses it for the demo menu's
// photos (nothing may be downloaded here), and the local analyzer's round-trip test draws its photos with it.
// Each vessel kind looks as it does from above: a plate's flat rim and the step into its well, a deep plate's
// wide rim and shaded well, a bowl's steep shaded inner wall, a cup's handle, a glass's thin clear wall; each
// shape as it shows from above (a wedge's triangle, a nest's swirl, fanned slices, separate scoops or pieces).

export interface DishScene {
  /** Side of the square picture in px. */
  readonly size: number
  /** Share of the picture's side the vessel (or the food without one) spans. */
  readonly fill: number
  /** Where the dish's centre is, as a fraction of the side (0.5, 0.5 is the middle). */
  readonly centre: { readonly x: number; readonly y: number }
  /** The table: a wooden one (grain) or a plain backdrop. */
  readonly table: { readonly color: string; readonly grain: boolean }
  /** Fine grain on the food (an SVG noise filter: lifelike, but costs about a second per 800 px picture). */
  readonly foodGrain: boolean
  /** A slightly tilted camera: the dish turned by `turnDeg` and foreshortened top to bottom by `squash` (1 = none). */
  readonly tilt: { readonly turnDeg: number; readonly squash: number }
}

export const defaultScene: DishScene = {
  size: 800,
  fill: 0.86,
  centre: { x: 0.5, y: 0.5 },
  table: { color: "#6d4c35", grain: false },
  foodGrain: true,
  tilt: { turnDeg: 0, squash: 1 },
}

export const seededRandom = (seed: string): (() => number) => {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0) || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return ((state >>> 0) % 100_000) / 100_000
  }
}

/** `hex` lighter (amount > 0) or darker (amount < 0), channel by channel. */
export const shade = (hex: string, amount: number): string => {
  const n = Number.parseInt(hex.slice(1), 16)
  const channel = (shift: number) => Math.max(0, Math.min(255, Math.round(((n >> shift) & 255) * (1 + amount))))
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, "0")).join("")}`
}

/** The span of the dish in cm (the vessel, or the food's envelope without one) and the centre offset of that span. */
const extentCm = (geometry: DishGeometry): number => {
  const v = geometry.vessel
  if (v.kind === "board" || v.kind === "tray") return Math.max(v.widthCm, v.depthCm)
  if ("diameterCm" in v) return v.diameterCm * (v.kind === "cup" ? 1.25 : 1)
  // Without a vessel positions are fractions of the widest component (as the model builder reads them).
  const spread = Math.max(...geometry.components.map((c) => c.widthCm))
  const reach = Math.max(
    ...geometry.components.map(
      (c) => Math.max(Math.abs(c.position.x), Math.abs(c.position.z)) * spread + c.widthCm / 2,
    ),
  )
  return 2 * reach
}

const round = (n: number) => Math.round(n * 10) / 10

interface Frame {
  readonly cx: number
  readonly cy: number
  readonly pxPerCm: number
  /** Half sizes of the food area in px: positions are fractions of these. */
  readonly halfX: number
  readonly halfY: number
}

const vesselSvg = (geometry: DishGeometry, f: Frame, random: () => number): string => {
  const v = geometry.vessel
  const { cx, cy, pxPerCm } = f
  if (v.kind === "none") return ""
  if (v.kind === "board" || v.kind === "tray") {
    const w = v.widthCm * pxPerCm
    const d = v.depthCm * pxPerCm
    const body = `<rect x="${round(cx - w / 2)}" y="${round(cy - d / 2)}" width="${round(w)}" height="${round(d)}" rx="${round(pxPerCm * 1.5)}" fill="${v.color}" filter="url(#${v.kind === "board" ? "wood" : "grain"})"/>`
    if (v.kind === "board") return body
    const rim = (v.rimCm ?? 2) * pxPerCm
    return `${body}<rect x="${round(cx - w / 2 + rim)}" y="${round(cy - d / 2 + rim)}" width="${round(w - 2 * rim)}" height="${round(d - 2 * rim)}" rx="${round(pxPerCm)}" fill="${shade(v.color, -0.1)}" stroke="${shade(v.color, -0.3)}" stroke-width="${round(pxPerCm * 0.3)}"/>`
  }
  if (!("diameterCm" in v)) return ""
  const r = (v.diameterCm / 2) * pxPerCm
  const rim = Math.min((v.rimCm ?? 0) * pxPerCm, 0.45 * r)
  const inner = r - rim
  const circle = (radius: number, fill: string, extra = "") =>
    `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(radius)}" fill="${fill}" ${extra}/>`
  const well = (id: string, edge: number, middle: number) =>
    `<radialGradient id="${id}"><stop offset="0" stop-color="${shade(v.color, middle)}"/><stop offset="0.7" stop-color="${shade(v.color, (middle + edge) / 2)}"/><stop offset="1" stop-color="${shade(v.color, edge)}"/></radialGradient>`
  switch (v.kind) {
    case "plate":
      return `${circle(r, v.color)}${circle(inner, shade(v.color, -0.04), `stroke="${shade(v.color, -0.16)}" stroke-width="${round(r * 0.015)}"`)}`
    case "deep-plate":
      return `<defs>${well("well", -0.22, -0.05)}</defs>${circle(r, v.color)}${circle(inner, "url(#well)", `stroke="${shade(v.color, -0.2)}" stroke-width="${round(r * 0.015)}"`)}`
    case "bowl":
      return `<defs>${well("well", -0.38, -0.12)}</defs>${circle(r, v.color)}${circle(Math.min(inner, r * 0.94), "url(#well)")}`
    case "cup": {
      const angle = random() * Math.PI * 2
      const hx = cx + Math.cos(angle) * r * 1.12
      const hy = cy + Math.sin(angle) * r * 1.12
      const handle = `<rect x="${round(hx - r * 0.26)}" y="${round(hy - r * 0.13)}" width="${round(r * 0.52)}" height="${round(r * 0.26)}" rx="${round(r * 0.1)}" fill="${v.color}" transform="rotate(${round((angle * 180) / Math.PI)} ${round(hx)} ${round(hy)})"/>`
      return `${handle}${circle(r, v.color)}${circle(r * 0.9, shade(v.color, -0.25))}`
    }
    case "glass":
      // Clear glass: the table shows through a light, thin wall; a highlight on the rim.
      return `${circle(r, v.color, `fill-opacity="0.55" stroke="${shade(v.color, 0.1)}" stroke-width="${round(r * 0.05)}"`)}<path d="M ${round(cx - r * 0.7)} ${round(cy - r * 0.55)} A ${round(r * 0.9)} ${round(r * 0.9)} 0 0 1 ${round(cx + r * 0.2)} ${round(cy - r * 0.87)}" stroke="#ffffff" stroke-opacity="0.7" stroke-width="${round(r * 0.04)}" fill="none"/>`
  }
}

const componentSvg = (c: FoodComponent, index: number, f: Frame, random: () => number) => {
  const cx = f.cx + c.position.x * f.halfX
  const cy = f.cy + c.position.z * f.halfY
  const r = (c.widthCm / 2) * f.pxPerCm
  const id = `food${index}`
  const light = c.shape === "dome" || c.shape === "scoops" ? 0.3 : c.shape === "liquid" ? 0.08 : 0.18
  const gradient = `<radialGradient id="${id}" cx="42%" cy="38%" r="70%"><stop offset="0" stop-color="${shade(c.color, light)}"/><stop offset="1" stop-color="${shade(c.color, -light)}"/></radialGradient>`
  const fill = `url(#${id})`
  const dot = (x: number, y: number, radius: number, extra = "") =>
    `<circle cx="${round(x)}" cy="${round(y)}" r="${round(radius)}" fill="${fill}" filter="url(#grain)" ${extra}/>`
  /** `n` pieces of radius `pieceR` spread around the centre, never piled on one another. */
  const pieces = (n: number, pieceR: number) => {
    const spots: Array<readonly [number, number]> = []
    const reach = Math.max(0, r - pieceR)
    for (let i = 0; i < n; i++) {
      let spot: readonly [number, number] = [cx, cy]
      for (let attempt = 0; attempt < 40; attempt++) {
        const angle = random() * Math.PI * 2
        const distance = n === 1 ? 0 : reach * Math.sqrt(random())
        spot = [cx + Math.cos(angle) * distance, cy + Math.sin(angle) * distance]
        if (spots.every(([x, y]) => Math.hypot(x - spot[0], y - spot[1]) > pieceR * 2.3)) break
      }
      spots.push(spot)
    }
    return spots.map(([x, y]) => dot(x, y, pieceR * (0.85 + random() * 0.3))).join("")
  }
  const edge = shade(c.color, -0.35)
  switch (c.shape) {
    case "garnish":
      return { gradient, body: pieces(c.count, Math.max(2.5, r / (1.2 + Math.sqrt(c.count) * 1.6))) }
    case "scoops":
    case "cylinder": {
      const ring = (width: number) => (c.shape === "cylinder" ? `stroke="${edge}" stroke-width="${round(width)}"` : "")
      if (c.count === 1) return { gradient, body: dot(cx, cy, r, ring(r * 0.12)) }
      // Rolls and scoops sit in rows, side by side, the rows' corners on the footprint's circle.
      const cols = Math.ceil(Math.sqrt(c.count))
      const rows = Math.ceil(c.count / cols)
      const cell = (2 * r) / Math.hypot(cols, rows)
      const body = Array.from({ length: c.count }, (_, k) => {
        const x = cx + ((k % cols) - (cols - 1) / 2) * cell
        const y = cy + (Math.floor(k / cols) - (rows - 1) / 2) * cell
        return dot(x, y, cell * 0.42, ring(cell * 0.05))
      }).join("")
      return { gradient, body }
    }
    case "slices": {
      const body = Array.from({ length: c.count }, (_, i) => {
        const angle = round((i / c.count) * 360)
        return `<ellipse cx="${round(cx)}" cy="${round(cy - r * 0.55)}" rx="${round(r * 0.3)}" ry="${round(r * 0.44)}" transform="rotate(${angle} ${round(cx)} ${round(cy)})" fill="${fill}" stroke="${edge}" stroke-width="${round(Math.max(1, r * 0.03))}" filter="url(#grain)"/>`
      }).join("")
      return { gradient, body: c.count === 1 ? dot(cx, cy, r) : body }
    }
    case "wedge": {
      // A wedge seen from above: a triangle (its tip towards the middle) inside the footprint circle.
      const turn = random() * 360
      const tri = (x: number, y: number, s: number) =>
        `<path d="M ${round(x - s * 0.5)} ${round(y + s * 0.85)} L ${round(x)} ${round(y - s)} L ${round(x + s * 0.5)} ${round(y + s * 0.85)} Z" fill="${fill}" stroke="${edge}" stroke-width="${round(Math.max(1, s * 0.04))}" stroke-linejoin="round" transform="rotate(${round(turn)} ${round(x)} ${round(y)})" filter="url(#grain)"/>`
      return { gradient, body: tri(cx, cy, r) }
    }
    case "nest": {
      // Twirled pasta: a swirl of darker strands over the body.
      const turns = 3
      const points = Array.from({ length: 60 }, (_, i) => {
        const t = i / 59
        const angle = t * turns * Math.PI * 2
        return `${round(cx + Math.cos(angle) * r * 0.92 * t)} ${round(cy + Math.sin(angle) * r * 0.92 * t)}`
      })
      return {
        gradient,
        body: `${dot(cx, cy, r)}<polyline points="${points.join(" ")}" fill="none" stroke="${edge}" stroke-width="${round(Math.max(1.5, r * 0.05))}"/>`,
      }
    }
    case "stack":
      return {
        gradient,
        body: `${dot(cx, cy, r)}<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(r * 0.8)}" fill="none" stroke="${shade(c.color, -0.2)}" stroke-width="${round(r * 0.05)}"/>`,
      }
    case "disc":
      return { gradient, body: dot(cx, cy, r, `stroke="${shade(c.color, -0.15)}" stroke-width="${round(r * 0.06)}"`) }
    default:
      return { gradient, body: dot(cx, cy, r) }
  }
}

const frameOf = (geometry: DishGeometry, scene: DishScene): Frame => {
  const pxPerCm = (scene.size * scene.fill) / extentCm(geometry)
  const cx = scene.size * scene.centre.x
  const cy = scene.size * scene.centre.y
  const v = geometry.vessel
  if (v.kind === "none") {
    const spread = Math.max(...geometry.components.map((c) => c.widthCm)) * pxPerCm
    return { cx, cy, pxPerCm, halfX: spread, halfY: spread }
  }
  if (v.kind === "board" || v.kind === "tray") {
    const margin = (v.kind === "tray" ? (v.rimCm ?? 2) : 1) * pxPerCm
    return { cx, cy, pxPerCm, halfX: (v.widthCm / 2) * pxPerCm - margin, halfY: (v.depthCm / 2) * pxPerCm - margin }
  }
  if (!("diameterCm" in v)) return { cx, cy, pxPerCm, halfX: 1, halfY: 1 }
  // Cups and glasses have no flat rim: food sits inside their wall.
  const wall = v.kind === "cup" || v.kind === "glass" ? 0.1 * (v.diameterCm / 2) : 0
  const inner = Math.max((v.diameterCm / 2 - (v.rimCm ?? wall)) * pxPerCm, 0.5 * (v.diameterCm / 2) * pxPerCm)
  return { cx, cy, pxPerCm, halfX: inner, halfY: inner }
}

/** The dish seen from above as an SVG document; the same geometry, scene and seed give the same picture. */
export const dishSvg = (geometry: DishGeometry, seed: string, scene: DishScene = defaultScene): string => {
  const random = seededRandom(seed)
  const frame = frameOf(geometry, scene)
  // Larger food first, so smaller pieces (garnish) lie on top, as they do on a real plate.
  const order = geometry.components.map((c, i) => [c, i] as const).sort((a, b) => b[0].widthCm - a[0].widthCm)
  const vessel = vesselSvg(geometry, frame, random)
  const parts = order.map(([c, i]) => componentSvg(c, i, frame, random))
  const grainSeed = Math.floor(random() * 1000)
  const table = scene.table.grain ? woodGrain(scene, random) : ""
  const { turnDeg, squash } = scene.tilt
  const c = `${round(frame.cx)} ${round(frame.cy)}`
  const tilt = `translate(${c}) scale(1 ${squash}) rotate(${turnDeg}) translate(${round(-frame.cx)} ${round(-frame.cy)})`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.size}" height="${scene.size}">
    <defs>
      <filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="${grainSeed}"/>
        <feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.18"/></feComponentTransfer>
        <feComposite in2="SourceGraphic" operator="in"/><feBlend in="SourceGraphic" mode="multiply"/></filter>
      <filter id="wood"><feTurbulence type="fractalNoise" baseFrequency="0.004 0.12" numOctaves="2" seed="${grainSeed + 1}"/>
        <feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.22"/></feComponentTransfer>
        <feComposite in2="SourceGraphic" operator="in"/><feBlend in="SourceGraphic" mode="multiply"/></filter>
      ${parts.map((p) => p.gradient).join("")}
    </defs>
    <rect width="100%" height="100%" fill="${scene.table.color}"/>${table}
    <g transform="${tilt}">${vessel}${parts.map((p) => p.body).join("")}</g>
  </svg>`
  return scene.foodGrain ? svg : svg.replaceAll(' filter="url(#grain)"', "").replaceAll(' filter="url(#wood)"', "")
}

/** Darker and lighter streaks across the table, like the grain of its wood. */
const woodGrain = (scene: DishScene, random: () => number): string =>
  Array.from({ length: 40 }, () => {
    const y = random() * scene.size
    const h = 1 + random() * scene.size * 0.006
    const tone = random() < 0.5 ? "#000000" : "#ffffff"
    return `<rect x="0" y="${round(y)}" width="${scene.size}" height="${round(h)}" fill="${tone}" fill-opacity="${round(0.03 + random() * 0.07)}"/>`
  }).join("")

/** The dish seen from above as a JPEG (`dishSvg` rasterised). */
export const renderDishPhoto = (
  geometry: DishGeometry,
  seed: string,
  scene: DishScene = defaultScene,
): Effect.Effect<Uint8Array> =>
  Effect.flatMap(loadSharp, (sharp) =>
    Effect.promise(() =>
      sharp(Buffer.from(dishSvg(geometry, seed, scene)))
        .jpeg({ quality: 88 })
        .toBuffer(),
    ),
  ).pipe(Effect.map((jpeg) => new Uint8Array(jpeg)))
