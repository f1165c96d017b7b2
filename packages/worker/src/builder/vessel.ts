import type { RectVessel, RoundVessel, Vessel } from "@ardine/domain"
import { arc, at, circleRing, emptyMesh, type Mesh, roundedRectRing, sweep, type Vec2 } from "./mesh.js"

// Vessels in centimetres, resting on y = 0 and centred on the y axis. Round vessels are one lathe of a
// profile (foot, underside, outer wall, rounded lip, inner wall, floor); boards and trays sweep a similar
// profile along a rounded rectangle.

/** Where food may sit: a disc (round) or a rectangle, as half-sizes in cm around the centre. */
export interface FoodArea {
  readonly round: boolean
  readonly halfX: number
  readonly halfZ: number
}

export interface VesselModel {
  readonly mesh: Mesh
  /** Height of the surface food rests on at (x, z). */
  readonly floorAt: (x: number, z: number) => number
  readonly area: FoodArea
  /** Liquid filling the interior to `depth` cm above the floor (bowls, glasses); null where liquid pools. */
  readonly fill: ((depth: number) => { readonly mesh: Mesh; readonly level: number }) | null
  /** Half-size of the square the photo's centre crop is assumed to show. */
  readonly photoHalfSize: number
  /** sRGB #rrggbb. */
  readonly color: string
  readonly roughness: number
  readonly transparent: boolean
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x))

/** Uniform Catmull-Rom through the control points, so a few points make a smooth wall. */
const catmullRom = (points: readonly Vec2[], steps: number): Vec2[] => {
  const out: Vec2[] = [at(points, 0)]
  const mirror = (a: Vec2, b: Vec2): Vec2 => [2 * a[0] - b[0], 2 * a[1] - b[1]]
  for (let i = 0; i + 1 < points.length; i++) {
    const p1 = at(points, i)
    const p2 = at(points, i + 1)
    const p0 = points[i - 1] ?? mirror(p1, p2)
    const p3 = points[i + 2] ?? mirror(p2, p1)
    for (let s = 1; s <= steps; s++) {
      const t = s / steps
      const t2 = t * t
      const t3 = t2 * t
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])])
    }
  }
  return out
}

/** Unit normal pointing to the left of the curve's direction at point i (inwards/up for an outer wall). */
const leftNormal = (curve: readonly Vec2[], i: number): Vec2 => {
  const a = curve[i - 1] ?? at(curve, i)
  const b = curve[i + 1] ?? at(curve, i)
  const dr = b[0] - a[0]
  const dy = b[1] - a[1]
  const length = Math.hypot(dr, dy) || 1
  return [-dy / length, dr / length]
}

/** Control points of the outer wall, from where it leaves the table to the lip, per kind. */
const outerWall = (kind: RoundVessel["kind"], r: number, top: number, rim: number): Vec2[] => {
  switch (kind) {
    case "plate":
      return rim > 0.02 * r
        ? [
            [0.6 * r, 0],
            [r - rim, 0.3 * top],
            [r - 0.45 * rim, 0.72 * top],
            [r, top],
          ]
        : [
            [0.6 * r, 0],
            [0.85 * r, 0.3 * top],
            [r, top],
          ]
    case "deep-plate":
      return [
        [0.5 * r, 0],
        [0.64 * r, 0.22 * top],
        [r - rim, 0.72 * top],
        [r - 0.4 * rim, 0.92 * top],
        [r, top],
      ]
    case "bowl": {
      // A quarter ellipse: flat where it meets the foot, vertical at the top, then an optional flared rim.
      const wallR = r - rim
      const wallTop = rim > 0.02 * r ? 0.88 * top : top
      const base = 0.45 * r
      const wall = [0, 1, 2, 3, 4].map((k): Vec2 => {
        const phi = (k / 4) * (Math.PI / 2)
        return [base + (wallR - base) * Math.sin(phi), wallTop * (1 - Math.cos(phi))]
      })
      return rim > 0.02 * r ? [...wall, [r, top]] : wall
    }
    case "glass":
      return [
        [0.84 * r, 0],
        [0.92 * r, 0.5 * top],
        [r, top],
      ]
    case "cup":
      return [
        [0.66 * r, 0],
        [0.84 * r, 0.18 * top],
        [0.96 * r, 0.55 * top],
        [r, top],
      ]
  }
}

const defaultRim = (kind: RoundVessel["kind"]): number => (kind === "plate" ? 0.17 : kind === "deep-plate" ? 0.2 : 0)

/** Linear interpolation of y at radius r along a polyline; the highest crossing wins (food rests on top). */
const heightAt = (line: readonly Vec2[], r: number, beyond: number): number => {
  let best = Number.NEGATIVE_INFINITY
  for (let i = 0; i + 1 < line.length; i++) {
    const [r0, y0] = at(line, i)
    const [r1, y1] = at(line, i + 1)
    const lo = Math.min(r0, r1)
    const hi = Math.max(r0, r1)
    if (r < lo || r > hi) continue
    const t = hi - lo < 1e-9 ? 1 : (r - r0) / (r1 - r0)
    best = Math.max(best, y0 + (y1 - y0) * t)
  }
  return Number.isFinite(best) ? best : beyond
}

const SEGMENTS = 64

const roundVessel = (v: RoundVessel): VesselModel => {
  const r = v.diameterCm / 2
  const h = v.heightCm
  const isGlass = v.kind === "glass"
  const thin = isGlass || v.kind === "cup"
  const wall = Math.min(
    isGlass ? clamp(0.02 * r + 0.12, 0.15, 0.35) : clamp(0.03 * r + 0.2, 0.25, 0.7),
    0.3 * h,
    0.15 * r,
  )
  const footLift = thin ? 0 : Math.min(0.2 * wall, 0.12)
  const base = isGlass
    ? Math.min(Math.max(2.5 * wall, 0.4), 0.3 * h)
    : v.kind === "cup"
      ? Math.min(1.3 * wall, 0.3 * h)
      : wall
  const floorY = footLift + base
  const rim = clamp(v.rimCm ?? defaultRim(v.kind) * r, 0, 0.4 * r)
  const lipCentre = h - wall / 2

  const outer = catmullRom(outerWall(v.kind, r, lipCentre, rim), 5)
  const outerTop = at(outer, outer.length - 1)
  const [nr, ny] = leftNormal(outer, outer.length - 1)
  // The lip is a half circle from the outer to the inner wall, bulging along the wall's direction.
  const lip = Array.from({ length: 9 }, (_, s): Vec2 => {
    const psi = (Math.PI * s) / 8
    const cr = outerTop[0] + (nr * wall) / 2
    const cy = outerTop[1] + (ny * wall) / 2
    const out = Math.cos(psi) * (wall / 2)
    const up = Math.sin(psi) * (wall / 2)
    return [cr - nr * out + ny * up, cy - ny * out - nr * up]
  })
  // The inner wall is the outer one moved `wall` inwards, walked back down and cut at the floor.
  const inner: Vec2[] = []
  for (let i = outer.length - 1; i >= 0; i--) {
    const [pr, py] = at(outer, i)
    const [qr, qy] = leftNormal(outer, i)
    const point: Vec2 = [pr + qr * wall, py + qy * wall]
    const previous = inner[inner.length - 1]
    if (point[1] <= floorY) {
      if (previous) {
        const t = (previous[1] - floorY) / (previous[1] - point[1])
        inner.push([previous[0] + (point[0] - previous[0]) * t, floorY])
      }
      break
    }
    inner.push(point)
  }
  const lastInner = inner[inner.length - 1] ?? [Math.max(outerTop[0] - wall, 0.1), floorY]
  const foot: Vec2[] = thin
    ? [[0, 0]]
    : [
        [0, footLift],
        [at(outer, 0)[0] - Math.min(0.6, 0.08 * r), footLift],
        [at(outer, 0)[0] - Math.min(0.3, 0.04 * r), 0],
      ]
  const raw: Vec2[] = [...foot, ...outer, ...lip.slice(1, -1), ...inner, [0, lastInner[1]]]
  // Curves and lips overshoot a little; scaling makes the size exactly what was asked.
  const maxR = Math.max(...raw.map((p) => p[0]))
  const maxY = Math.max(...raw.map((p) => p[1]))
  const fit = (p: Vec2): Vec2 => [(p[0] * r) / maxR, (p[1] * h) / maxY]
  const profile = raw.map(fit)
  const innerUp = [[0, lastInner[1]] as Vec2, ...[...inner].reverse(), ...lip.slice(4, -1).reverse()].map(fit)
  const innerTop = fit(inner[0] ?? lastInner)

  const mesh = emptyMesh()
  sweep(mesh, profile, circleRing(SEGMENTS))

  const areaRadius = 0.95 * Math.min(innerTop[0], rim > 0.02 * r ? r - rim : innerTop[0])
  const floorAt = (x: number, z: number) => heightAt(innerUp, Math.hypot(x, z), h)
  const fills = v.kind !== "plate"
  const fill = (depth: number) => {
    const bottom = at(innerUp, 0)[1]
    const top = at(innerUp, innerUp.length - 1)[1]
    const level = clamp(bottom + depth, bottom + 0.1, top - Math.max(0.2, 0.1 * (top - bottom)))
    // A hair inside the vessel's inner surface, so the two never fight for the same pixels.
    const gap = 0.05
    const side: Vec2[] = []
    for (let i = 1; i < innerUp.length; i++) {
      const [r0, y0] = at(innerUp, i - 1)
      const [r1, y1] = at(innerUp, i)
      if (y1 >= level) {
        const t = y1 - y0 < 1e-9 ? 1 : (level - y0) / (y1 - y0)
        side.push([Math.max(r0 + (r1 - r0) * t - gap, 0.01), level])
        break
      }
      side.push([Math.max(r1 - gap, 0.01), y1 + gap])
    }
    const liquid = emptyMesh()
    sweep(liquid, [[0, bottom + gap], ...side, [0, level]], circleRing(SEGMENTS))
    return { mesh: liquid, level }
  }
  return {
    mesh,
    floorAt,
    area: { round: true, halfX: areaRadius, halfZ: areaRadius },
    fill: fills ? fill : null,
    photoHalfSize: r / 0.9,
    color: v.color,
    roughness: v.roughness,
    transparent: isGlass,
  }
}

const rectVessel = (v: RectVessel): VesselModel => {
  const hx = v.widthCm / 2
  const hz = v.depthCm / 2
  const h = v.heightCm
  const small = Math.min(hx, hz)
  const mesh = emptyMesh()
  if (v.kind === "board") {
    const corner = clamp(0.2 * small, 0.4, 3)
    const bevel = Math.min(0.25, h / 4, corner / 2)
    const profile: Vec2[] = [
      ...arc(-bevel, bevel, bevel, bevel, -Math.PI / 2, 0, 3),
      ...arc(-bevel, h - bevel, bevel, bevel, 0, Math.PI / 2, 3),
    ]
    sweep(mesh, profile, roundedRectRing(hx, hz, corner, 6), { start: true, end: true })
    const margin = Math.min(0.6, 0.2 * small)
    return {
      mesh,
      floorAt: () => h,
      area: { round: false, halfX: hx - margin, halfZ: hz - margin },
      fill: null,
      photoHalfSize: Math.max(hx, hz) / 0.9,
      color: v.color,
      roughness: v.roughness,
      transparent: false,
    }
  }
  const border = clamp(v.rimCm ?? 0.1 * small + 0.5, 0.4, 0.4 * small)
  const wall = Math.min(0.35, border / 2, 0.3 * h)
  const corner = Math.min(Math.max(0.2 * small, border + 0.4), small - 0.05)
  const floorY = Math.min(0.3, 0.25 * h)
  const bevel = Math.min(0.2, wall / 2)
  const profile: Vec2[] = [
    ...arc(-bevel, bevel, bevel, bevel, -Math.PI / 2, 0, 3),
    ...arc(-wall / 2, h - wall / 2, wall / 2, wall / 2, 0, Math.PI, 6),
    [-border, floorY],
  ]
  sweep(mesh, profile, roundedRectRing(hx, hz, corner, 6), { start: true, end: true })
  const inX = hx - border
  const inZ = hz - border
  return {
    mesh,
    floorAt: (x, z) => (Math.abs(x) <= inX && Math.abs(z) <= inZ ? floorY : h),
    area: { round: false, halfX: Math.max(inX - 0.3, 0.2), halfZ: Math.max(inZ - 0.3, 0.2) },
    fill: null,
    photoHalfSize: Math.max(hx, hz) / 0.9,
    color: v.color,
    roughness: v.roughness,
    transparent: false,
  }
}

/** The vessel's mesh and the surfaces food rests on; null when food sits straight on the table. */
export const buildVessel = (vessel: Vessel): VesselModel | null => {
  switch (vessel.kind) {
    case "none":
      return null
    case "board":
    case "tray":
      return rectVessel(vessel)
    default:
      return roundVessel(vessel)
  }
}
