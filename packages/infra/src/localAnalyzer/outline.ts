import type { Blob, Mask } from "./picture.js"

// The outline of the main object: round (an ellipse, since a slightly tilted camera squashes circles) or
// rectangular, with a cup's handle found as a short bulge beyond the circle.

export interface Outline {
  readonly shape: "round" | "rect"
  readonly cx: number
  readonly cy: number
  /** Orientation of the first axis, radians. */
  readonly angle: number
  /** Half sizes along the first and second axis in px (semi-axes for an ellipse, half sides for a rectangle). */
  readonly a: number
  readonly b: number
  /** Direction of a handle sticking out of a round outline, or null. */
  readonly handle: number | null
  /** Area of the outline's body / area of its bounding box (π/4 for an ellipse, about 1 for a rectangle). */
  readonly extent: number
  /** 0 at the centre, 1 on the outline (elliptic radius, or the larger of the two rectangle coordinates). */
  readonly rho: (x: number, y: number) => number
  /** Offsets from the centre along the photo's axes, as fractions of the half size along them. */
  readonly offset: (x: number, y: number) => { readonly x: number; readonly y: number }
}

const RAYS = 72

/** Distance from (cx, cy) to the last in-mask point along each of RAYS directions. */
const rayReach = (mask: Mask, width: number, height: number, cx: number, cy: number): Float64Array => {
  const reach = new Float64Array(RAYS)
  const limit = Math.hypot(width, height)
  for (let k = 0; k < RAYS; k++) {
    const angle = (k / RAYS) * Math.PI * 2
    const dx = Math.cos(angle)
    const dy = Math.sin(angle)
    let last = 0
    let misses = 0
    for (let t = 0; t < limit && misses < 6; t += 0.5) {
      const x = Math.round(cx + dx * t)
      const y = Math.round(cy + dy * t)
      if (x < 0 || y < 0 || x >= width || y >= height) break
      if (mask[y * width + x]) {
        last = t
        misses = 0
      } else misses++
    }
    reach[k] = last
  }
  return reach
}

/** The middle of the widest short run of rays reaching well beyond the others (a handle), or null. */
const findHandle = (reach: Float64Array): number | null => {
  const sorted = Array.from(reach).sort((a, b) => a - b)
  const typical = sorted[Math.floor(RAYS / 2)] ?? 0
  // A handle sticks out by a third of the radius or so; a ray reaching much farther hit something else.
  const out = Array.from(reach, (r) => r > 1.12 * typical && r < 1.7 * typical)
  if (out.every(Boolean)) return null
  let best: { start: number; length: number } | null = null
  for (let k = 0; k < RAYS; k++) {
    if (!out[k] || out[(k + RAYS - 1) % RAYS]) continue
    let length = 0
    while (out[(k + length) % RAYS]) length++
    if (length >= 2 && length <= 14 && (best === null || length > best.length)) best = { start: k, length }
  }
  return best === null ? null : ((best.start + (best.length - 1) / 2) / RAYS) * Math.PI * 2
}

/** From the 0.5th to the 99.5th percentile of some values, so stray pixels do not count (sorts them in place). */
const spreadOf = (values: Float64Array): number => {
  values.sort()
  const at = (q: number) => values[Math.floor(q * (values.length - 1))] ?? 0
  return at(0.995) - at(0.005)
}

/** Share of its (moment-aligned) bounding box a blob fills, without stray parts far from its centre. */
const boxFill = (body: Blob, width: number, typical: number): number => {
  const near = Array.from(body.pixels).filter((i) => {
    const x = i % width
    return Math.hypot(x - body.cx, (i - x) / width - body.cy) <= 1.7 * typical
  })
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (const i of near) {
    const x = (i % width) - body.cx
    const y = Math.floor(i / width) - body.cy
    sxx += x * x
    syy += y * y
    sxy += x * y
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy)
  const us = Float64Array.from(
    near,
    (i) => ((i % width) - body.cx) * Math.cos(angle) + (Math.floor(i / width) - body.cy) * Math.sin(angle),
  )
  const vs = Float64Array.from(
    near,
    (i) => -((i % width) - body.cx) * Math.sin(angle) + (Math.floor(i / width) - body.cy) * Math.cos(angle),
  )
  const box = (spreadOf(us) + 1) * (spreadOf(vs) + 1)
  return near.length / Math.max(1, box)
}

export const outlineOf = (body: Blob, width: number, height: number): Outline => {
  const mask = new Uint8Array(width * height)
  for (const i of body.pixels) mask[i] = 1
  const reach = rayReach(mask, width, height, body.cx, body.cy)
  const typical = Array.from(reach).sort((a, b) => a - b)[Math.floor(RAYS / 2)] ?? 1
  // A rectangle's corners reach out like a handle would: look for one only on outlines that are not boxes.
  const handle = boxFill(body, width, typical) >= 0.88 ? null : findHandle(reach)
  // Without the handle: moments of the body give its centre and axes.
  const inBody = (x: number, y: number) => {
    const d = Math.hypot(x - body.cx, y - body.cy)
    if (d > 1.7 * typical) return false
    if (handle === null) return true
    const gap = Math.abs(((Math.atan2(y - body.cy, x - body.cx) - handle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI)
    return d < 1.04 * typical || gap > 0.6
  }
  let n = 0
  let sx = 0
  let sy = 0
  for (const i of body.pixels) {
    const x = i % width
    const y = (i - x) / width
    if (!inBody(x, y)) continue
    n++
    sx += x
    sy += y
  }
  const cx = sx / Math.max(1, n)
  const cy = sy / Math.max(1, n)
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (const i of body.pixels) {
    const x = i % width
    const y = (i - x) / width
    if (!inBody(x, y)) continue
    sxx += (x - cx) ** 2
    syy += (y - cy) ** 2
    sxy += (x - cx) * (y - cy)
  }
  sxx /= Math.max(1, n)
  syy /= Math.max(1, n)
  sxy /= Math.max(1, n)
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy)
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  // Extent along each axis, for the box test.
  const us: Array<number> = []
  const vs: Array<number> = []
  for (const i of body.pixels) {
    const x = i % width
    const y = (i - x) / width
    if (!inBody(x, y)) continue
    us.push((x - cx) * cos + (y - cy) * sin)
    vs.push(-(x - cx) * sin + (y - cy) * cos)
  }
  const boxU = Math.max(1, spreadOf(Float64Array.from(us)) / 2 + 0.5)
  const boxV = Math.max(1, spreadOf(Float64Array.from(vs)) / 2 + 0.5)
  const extent = n / (4 * boxU * boxV)
  // Half sizes from the second moments, exact for a filled ellipse (2 sd) or rectangle (sqrt 3 sd).
  const t = (sxx + syy) / 2
  const d = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy)
  const factor = extent >= 0.88 && handle === null ? Math.sqrt(3) : 2
  const halfU = factor * Math.sqrt(t + d)
  const halfV = factor * Math.sqrt(Math.max(1e-6, t - d))
  const shape = extent >= 0.88 && handle === null ? "rect" : "round"
  const rotate = (x: number, y: number) => ({
    u: (x - cx) * cos + (y - cy) * sin,
    v: -(x - cx) * sin + (y - cy) * cos,
  })
  const rho =
    shape === "rect"
      ? (x: number, y: number) => {
          const { u, v } = rotate(x, y)
          return Math.max(Math.abs(u) / halfU, Math.abs(v) / halfV)
        }
      : (x: number, y: number) => {
          const { u, v } = rotate(x, y)
          return Math.hypot(u / halfU, v / halfV)
        }
  // Half sizes along the photo's own axes, for positions (x left-right, z top-bottom).
  const spanX =
    shape === "rect" ? (Math.abs(cos) > Math.abs(sin) ? halfU : halfV) : Math.hypot(halfU * cos, halfV * sin)
  const spanY =
    shape === "rect" ? (Math.abs(cos) > Math.abs(sin) ? halfV : halfU) : Math.hypot(halfU * sin, halfV * cos)
  return {
    shape,
    cx,
    cy,
    angle,
    a: halfU,
    b: halfV,
    handle,
    extent,
    rho,
    offset: (x, y) => ({ x: (x - cx) / spanX, y: (y - cy) / spanY }),
  }
}
