import type { ComponentShape } from "@ardine/domain"
import {
  appendMesh,
  arc,
  emptyMesh,
  lathe,
  type Mesh,
  mapPositions,
  polarField,
  polygonRing,
  rotateY,
  rotateZ,
  roundedRectRing,
  sweep,
  translate,
  type Vec2,
} from "./mesh.js"
import type { Random } from "./random.js"

// The food shapes, each generated parametrically around its own origin in centimetres; components.ts fits
// them to their footprints and sets them down.

/** Triangles per component: 12 components plus a vessel stay under the 50k budget. */
const BUDGET = 3400

export const TAU = 2 * Math.PI

export interface Size {
  readonly w: number
  readonly h: number
  readonly n: number
}

/** Surface height to rest on at (x, z), in the component's own coordinates. */
export type Rest = (x: number, z: number) => number

export const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x))

/** Lathe segments for a profile of `points` points within a triangle budget (a multiple of 4 keeps x/z extents exact). */
const segmentsFor = (budget: number, points: number, max = 64) =>
  clamp(Math.floor(budget / (2 * Math.max(points - 1, 1)) / 4) * 4, 8, max)

/** A disc with rounded edges, as a (radius, y) lathe profile from the bottom centre to the top centre. */
const roundedDisc = (radius: number, height: number, bevel: number, steps = 4): Vec2[] => [
  [0, 0],
  ...arc(radius - bevel, bevel, bevel, bevel, -Math.PI / 2, 0, steps),
  ...arc(radius - bevel, height - bevel, bevel, bevel, 0, Math.PI / 2, steps),
  [0, height],
]

/** Fewer steps on each rounded edge when there are many pieces, to stay within the budget. */
const bevelSteps = (n: number) => (n <= 6 ? 4 : n <= 12 ? 3 : 2)

/** n equal circles inside a circle of `radius`: a ring for a few, a sunflower spiral for many. */
const pack = (n: number, radius: number): { readonly r: number; readonly centres: Vec2[] } => {
  if (n === 1) return { r: radius, centres: [[0, 0]] }
  if (n <= 7) {
    const s = Math.sin(Math.PI / n)
    const r = (radius * s) / (1 + s)
    return { r, centres: Array.from({ length: n }, (_, k) => polar(radius - r, (TAU * k) / n)) }
  }
  const r = radius * Math.sqrt(0.62 / n)
  const golden = Math.PI * (3 - Math.sqrt(5))
  return { r, centres: Array.from({ length: n }, (_, k) => polar((radius - r) * Math.sqrt((k + 0.5) / n), k * golden)) }
}

export const polar = (r: number, angle: number): Vec2 => [r * Math.cos(angle), r * Math.sin(angle)]

/** Smooth, seeded bumps: a few crossed sine waves over (rho, angle). */
const bumps = (rng: Random, amplitudes: readonly number[]) => {
  const waves = amplitudes.map((amp, k) => ({
    amp,
    lobes: 2 + Math.floor(rng.next() * 5),
    radial: (k + 1.5) * Math.PI,
    p: rng.range(0, TAU),
    q: rng.range(0, TAU),
  }))
  return (rho: number, angle: number) =>
    waves.reduce((s, w) => s + w.amp * Math.sin(w.lobes * angle + w.p) * Math.sin(w.radial * rho + w.q), 0)
}

/** Scales the heights of a heightfield so its peak is exactly `height`. */
const field = (
  radius: number,
  rings: number,
  segments: number,
  height: number,
  shape: (rho: number, a: number) => number,
) => {
  const mesh = emptyMesh()
  polarField(mesh, radius, rings, segments, (rho, a) => Math.max(0, shape(rho, a)))
  let peak = 0
  for (let i = 1; i < mesh.positions.length; i += 3) peak = Math.max(peak, mesh.positions[i] ?? 0)
  if (peak > 0) mapPositions(mesh, (x, y, z) => [x, (y * height) / peak, z])
  return mesh
}

const mound = ({ w, h }: Size, rng: Random) => {
  const noise = bumps(rng, [0.1, 0.06, 0.035])
  return field(w / 2, 20, 64, h, (rho, a) => (1 - rho * rho) ** 0.65 * (1 + noise(rho, a)))
}

const nest = ({ w, h }: Size, rng: Random) => {
  const p = rng.range(0, TAU)
  const q = rng.range(0, TAU)
  // A ring of tangled strands around a shallow hollow.
  return field(w / 2, 18, 64, h, (rho, a) => {
    const ring = 0.3 + 0.7 * Math.exp(-(((rho - 0.55) / 0.28) ** 2))
    const strands = 1 + 0.14 * Math.sin(13 * a + 9 * rho + p) * Math.sin(9 * a - 6 * rho + q)
    return (1 - rho ** 6) * ring * strands
  })
}

/** Sauce or soup pooled on a flat surface: flat top, rounded edge. */
const puddle = ({ w, h }: Size) => field(w / 2, 10, 48, h, (rho) => Math.sqrt(Math.max(0, 1 - rho ** 8)))

const dome = ({ w, h }: Size) => {
  const mesh = emptyMesh()
  lathe(mesh, [[0, 0], ...arc(0, 0, w / 2, h, 0, Math.PI / 2, 12)], 48)
  return mesh
}

const disc = ({ w, h }: Size) => {
  const mesh = emptyMesh()
  lathe(mesh, roundedDisc(w / 2, h, Math.min(0.45 * h, 0.15 * w)), 64)
  return mesh
}

const cylinders = ({ w, h, n }: Size) => {
  const mesh = emptyMesh()
  const { r, centres } = pack(n, w / 2)
  const profile = roundedDisc(r, h, Math.min(0.3 * r, 0.2 * h), bevelSteps(n))
  for (const [x, z] of centres) {
    const piece = emptyMesh()
    lathe(piece, profile, segmentsFor(BUDGET / n, profile.length))
    translate(piece, x, 0, z)
    appendMesh(mesh, piece)
  }
  return mesh
}

const stack = ({ w, h, n }: Size, rng: Random) => {
  const mesh = emptyMesh()
  const layer = h / n
  for (let k = 0; k < n; k++) {
    const r = (w / 2) * (1 - 0.07 * rng.next())
    const profile = roundedDisc(r, layer, Math.min(0.45 * layer, 0.2 * r), bevelSteps(n))
    const piece = emptyMesh()
    lathe(piece, profile, segmentsFor(BUDGET / n, profile.length))
    translate(piece, rng.range(-0.03, 0.03) * w, k * layer, rng.range(-0.03, 0.03) * w)
    appendMesh(mesh, piece)
  }
  return mesh
}

const slices = ({ w, h, n }: Size, rng: Random) => {
  const mesh = emptyMesh()
  // Slices lean on each other like fallen dominoes along x, on a gentle arc.
  const lean = 0.85
  const thickness = w / (n + 3)
  const length = 0.75 * w
  const tall = Math.max(thickness, (h - thickness * Math.sin(lean)) / Math.cos(lean))
  const ring = roundedRectRing(thickness / 2, length / 2, 0.45 * Math.min(thickness, length), 3)
  const pitch = thickness / Math.cos(lean)
  const middle = (n - 1) / 2
  for (let k = 0; k < n; k++) {
    const piece = emptyMesh()
    sweep(
      piece,
      [
        [0, 0],
        [0, tall],
      ],
      ring,
      { start: true, end: true },
    )
    rotateZ(piece, lean)
    let lowest = Number.POSITIVE_INFINITY
    for (let i = 1; i < piece.positions.length; i += 3) lowest = Math.min(lowest, piece.positions[i] ?? 0)
    const bend = middle > 0 ? (k - middle) / middle : 0
    rotateY(piece, bend * 0.12 + rng.range(-0.03, 0.03))
    translate(piece, k * pitch, -lowest, 0.06 * w * bend * bend)
    appendMesh(mesh, piece)
  }
  return mesh
}

const wedges = ({ w, h, n }: Size) => {
  const mesh = emptyMesh()
  const r = w / 2
  const angle = n === 1 ? 0.9 : (TAU / n) * 0.93
  const steps = clamp(Math.ceil(angle / 0.1), 2, 24)
  const outline: Vec2[] = [
    [0, 0],
    ...Array.from({ length: steps + 1 }, (_, s) => polar(r, -angle / 2 + (angle * s) / steps)),
  ]
  for (let k = 0; k < n; k++) {
    const piece = emptyMesh()
    sweep(
      piece,
      [
        [0, 0],
        [0, h],
      ],
      polygonRing(outline),
      { start: true, end: true },
    )
    if (n > 1) {
      translate(piece, 0.03 * r, 0, 0)
      rotateY(piece, (TAU * k) / n)
    }
    appendMesh(mesh, piece)
  }
  return mesh
}

const scoops = ({ w, h, n }: Size, rng: Random) => {
  const mesh = emptyMesh()
  const { r, centres } = pack(n, w / 2)
  const ry = clamp(h / (1 + Math.sin(Math.PI / 3)), 0.4 * r, 1.6 * r)
  const steps = clamp(Math.floor(Math.sqrt(BUDGET / n / 4.5)), 3, 16)
  const from = -Math.PI / 3
  // A sphere with its bottom sliced off where it sits, like a scoop dropped on a plate.
  const profile: Vec2[] = [
    [0, 0],
    ...Array.from({ length: steps + 1 }, (_, s): Vec2 => {
      const phi = from + ((Math.PI / 2 - from) * s) / steps
      return [s === steps ? 0 : r * Math.cos(phi), ry * (Math.sin(phi) - Math.sin(from))]
    }),
  ]
  const segments = segmentsFor(BUDGET / n, profile.length, 40)
  for (const [x, z] of centres) {
    const piece = emptyMesh()
    lathe(piece, profile, segments)
    const p = rng.range(0, TAU)
    const lobes = 3 + Math.floor(rng.next() * 4)
    mapPositions(piece, (px, py, pz) => {
      const k = 1 + 0.05 * Math.sin(lobes * Math.atan2(pz, px) + p) * Math.sin((py / ry) * 2.5)
      return [px * k + x, py, pz * k + z]
    })
    appendMesh(mesh, piece)
  }
  return mesh
}

const garnish = ({ w, h, n }: Size, rng: Random, rest: Rest) => {
  const mesh = emptyMesh()
  const size = clamp((0.5 * w) / Math.sqrt(n), Math.min(0.25, w), Math.min(3, w))
  const thickness = Math.min(h, 0.45 * size)
  const blob = [
    [0, 0] as Vec2,
    ...arc(0, 0.5, 0.5, 0.5, -Math.PI / 2 + 0.6, Math.PI / 2, 4).slice(0, -1),
    [0, 1] as Vec2,
  ]
  for (let k = 0; k < n; k++) {
    const piece = emptyMesh()
    lathe(piece, blob, 8)
    const aspect = rng.range(0.45, 1)
    mapPositions(piece, (x, y, z) => [x * size, y * thickness, z * size * aspect])
    rotateY(piece, rng.range(0, TAU))
    const [x, z] = polar(Math.sqrt(rng.next()) * Math.max(0, w / 2 - size / 2), rng.range(0, TAU))
    translate(piece, x, rest(x, z) - 0.25 * thickness, z)
    appendMesh(mesh, piece)
  }
  return mesh
}

type Generator = (size: Size, rng: Random, rest: Rest) => Mesh

export const generators: Record<ComponentShape, Generator> = {
  mound,
  dome,
  disc,
  stack,
  slices,
  wedge: wedges,
  scoops,
  cylinder: cylinders,
  liquid: puddle,
  nest,
  garnish,
}
