// Mesh primitives shared by the vessel and the food: a sweep (lathe / extrusion) and a polar heightfield.
// Smooth vs hard shading is encoded in the topology alone: vertices are shared where the surface is smooth
// and duplicated at hard edges, so one normal pass (computeNormals) serves every shape.

/** A 2D point: (offset, y) in sweep profiles, (x, z) in outlines. */
export type Vec2 = readonly [number, number]

/** Positions in centimetres until the model is assembled, as flat xyz triples; triangles counter-clockwise. */
export interface Mesh {
  readonly positions: number[]
  readonly indices: number[]
}

export const emptyMesh = (): Mesh => ({ positions: [], indices: [] })

export const vertexCount = (mesh: Mesh): number => mesh.positions.length / 3

export const addVertex = (mesh: Mesh, x: number, y: number, z: number): number => {
  mesh.positions.push(x, y, z)
  return mesh.positions.length / 3 - 1
}

/** Adds a triangle unless two corners are the same vertex (what a quad next to a pole collapses to). */
export const addTriangle = (mesh: Mesh, a: number, b: number, c: number): void => {
  if (a !== b && b !== c && a !== c) mesh.indices.push(a, b, c)
}

export const appendMesh = (target: Mesh, source: Mesh): void => {
  const offset = vertexCount(target)
  for (const p of source.positions) target.positions.push(p)
  for (const i of source.indices) target.indices.push(i + offset)
}

/** Rewrites every position in place. */
export const mapPositions = (mesh: Mesh, f: (x: number, y: number, z: number) => Vec3): void => {
  const p = mesh.positions
  for (let i = 0; i < p.length; i += 3) {
    const [x, y, z] = f(p[i] ?? 0, p[i + 1] ?? 0, p[i + 2] ?? 0)
    p[i] = x
    p[i + 1] = y
    p[i + 2] = z
  }
}

export type Vec3 = readonly [number, number, number]

export interface Bounds {
  readonly min: Vec3
  readonly max: Vec3
}

export const boundsOf = (meshes: readonly Mesh[]): Bounds => {
  const min = [Infinity, Infinity, Infinity]
  const max = [-Infinity, -Infinity, -Infinity]
  for (const mesh of meshes) {
    const p = mesh.positions
    for (let i = 0; i < p.length; i++) {
      const v = p[i] ?? 0
      const axis = i % 3
      if (v < (min[axis] ?? 0)) min[axis] = v
      if (v > (max[axis] ?? 0)) max[axis] = v
    }
  }
  return { min: [min[0] ?? 0, min[1] ?? 0, min[2] ?? 0], max: [max[0] ?? 0, max[1] ?? 0, max[2] ?? 0] }
}

export const translate = (mesh: Mesh, dx: number, dy: number, dz: number): void =>
  mapPositions(mesh, (x, y, z) => [x + dx, y + dy, z + dz])

/** Rotation about the vertical axis; positive angles turn +x towards +z. */
export const rotateY = (mesh: Mesh, angle: number): void => {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  mapPositions(mesh, (x, y, z) => [x * c - z * s, y, x * s + z * c])
}

/** Rotation about the z axis; positive angles turn +x towards +y. */
export const rotateZ = (mesh: Mesh, angle: number): void => {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  mapPositions(mesh, (x, y, z) => [x * c - y * s, x * s + y * c, z])
}

/** Area-weighted vertex normals; a vertex whose faces cancel out gets +y. */
export const computeNormals = (mesh: Mesh): Float32Array => {
  const p = mesh.positions
  const n = new Float64Array(p.length)
  const idx = mesh.indices
  for (let t = 0; t < idx.length; t += 3) {
    const a = (idx[t] ?? 0) * 3
    const b = (idx[t + 1] ?? 0) * 3
    const c = (idx[t + 2] ?? 0) * 3
    const abx = (p[b] ?? 0) - (p[a] ?? 0)
    const aby = (p[b + 1] ?? 0) - (p[a + 1] ?? 0)
    const abz = (p[b + 2] ?? 0) - (p[a + 2] ?? 0)
    const acx = (p[c] ?? 0) - (p[a] ?? 0)
    const acy = (p[c + 1] ?? 0) - (p[a + 1] ?? 0)
    const acz = (p[c + 2] ?? 0) - (p[a + 2] ?? 0)
    // The cross product's length is twice the triangle's area: summing it weights by area.
    const nx = aby * acz - abz * acy
    const ny = abz * acx - abx * acz
    const nz = abx * acy - aby * acx
    for (const v of [a, b, c]) {
      n[v] = (n[v] ?? 0) + nx
      n[v + 1] = (n[v + 1] ?? 0) + ny
      n[v + 2] = (n[v + 2] ?? 0) + nz
    }
  }
  const out = new Float32Array(p.length)
  for (let v = 0; v < p.length; v += 3) {
    const x = n[v] ?? 0
    const y = n[v + 1] ?? 0
    const z = n[v + 2] ?? 0
    const length = Math.hypot(x, y, z)
    if (length > 1e-12) {
      out[v] = x / length
      out[v + 1] = y / length
      out[v + 2] = z / length
    } else {
      out[v + 1] = 1
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Sweeps: a 2D profile (offset, y) swept along a closed horizontal path. A circle path makes a lathe, a
// rounded rectangle a board or tray, a polygon a prism.

export interface RingPoint {
  readonly x: number
  readonly z: number
  /** A corner: the faces on either side get their own vertices (a hard edge). */
  readonly hard: boolean
}

/** The path at a given outward offset; same number of points for every offset, turning from +x towards +z. */
export type Ring = (offset: number) => readonly RingPoint[]

/** Circles of radius `offset` around the y axis: a profile given as (radius, y) becomes a lathe. */
export const circleRing =
  (segments: number): Ring =>
  (radius) =>
    Array.from({ length: segments }, (_, j) => {
      const angle = (2 * Math.PI * j) / segments
      return { x: radius * Math.cos(angle), z: radius * Math.sin(angle), hard: false }
    })

/** A rounded rectangle grown outwards by `offset` (negative = inwards); needs cornerRadius + offset > 0. */
export const roundedRectRing =
  (halfX: number, halfZ: number, cornerRadius: number, cornerSegments: number): Ring =>
  (offset) => {
    const radius = Math.max(cornerRadius + offset, 1e-4)
    const corners: ReadonlyArray<readonly [number, number]> = [
      [halfX - cornerRadius, halfZ - cornerRadius],
      [-(halfX - cornerRadius), halfZ - cornerRadius],
      [-(halfX - cornerRadius), -(halfZ - cornerRadius)],
      [halfX - cornerRadius, -(halfZ - cornerRadius)],
    ]
    return corners.flatMap(([cx, cz], k) =>
      Array.from({ length: cornerSegments + 1 }, (_, s) => {
        const angle = (Math.PI / 2) * (k + s / cornerSegments)
        return { x: cx + radius * Math.cos(angle), z: cz + radius * Math.sin(angle), hard: false }
      }),
    )
  }

const turnAngle = (a: Vec2, b: Vec2, c: Vec2): number => {
  const ux = b[0] - a[0]
  const uy = b[1] - a[1]
  const vx = c[0] - b[0]
  const vy = c[1] - b[1]
  const cos = (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy))
  return Math.acos(Math.min(1, Math.max(-1, cos)))
}

const HARD_ANGLE = (40 * Math.PI) / 180

/** A fixed convex outline (the offset is ignored): sweeping it along [(0, y0), (0, y1)] gives a prism. */
export const polygonRing = (outline: readonly Vec2[]): Ring => {
  let area = 0
  outline.forEach((p, i) => {
    const q = at(outline, (i + 1) % outline.length)
    area += p[0] * q[1] - q[0] * p[1]
  })
  const ordered = area < 0 ? [...outline].reverse() : outline
  const points = ordered.map((p, i) => {
    const prev = at(ordered, (i + ordered.length - 1) % ordered.length)
    const next = at(ordered, (i + 1) % ordered.length)
    return { x: p[0], z: p[1], hard: turnAngle(prev, p, next) > HARD_ANGLE }
  })
  return () => points
}

/** Element i of a list the caller knows is long enough (keeps noUncheckedIndexedAccess honest). */
export const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i]
  if (x === undefined) throw new RangeError(`index ${i} out of range (${xs.length})`)
  return x
}

/** Drops points that repeat the previous one: a zero-length profile segment has no direction. */
const dedupe = (profile: readonly Vec2[]): Vec2[] =>
  profile.filter((p, i) => {
    const prev = profile[i - 1]
    return prev === undefined || Math.hypot(p[0] - prev[0], p[1] - prev[1]) > 1e-7
  })

interface Column {
  readonly into: number
  readonly out: number
}

/**
 * Sweeps `profile` along `ring`. Walking the profile, the solid must lie on the left (with offset pointing
 * right and y up), e.g. a lathe profile goes out along the underside, up the outside, back down the inside.
 * A ring that collapses to a point (radius 0 on a lathe) becomes a single pole vertex; otherwise the open
 * ends can be capped with flat fans: the start cap faces down (an underside), the end cap up (a top).
 */
export const sweep = (
  mesh: Mesh,
  rawProfile: readonly Vec2[],
  ring: Ring,
  caps: { readonly start?: boolean; readonly end?: boolean } = {},
): void => {
  const profile = dedupe(rawProfile)
  const rows = profile.map((point, i) => {
    const points = ring(point[0])
    const cx = points.reduce((s, p) => s + p.x, 0) / points.length
    const cz = points.reduce((s, p) => s + p.z, 0) / points.length
    const collapsed = points.every((p) => Math.hypot(p.x - cx, p.z - cz) < 1e-7)
    const hardRow =
      i > 0 && i < profile.length - 1 && turnAngle(at(profile, i - 1), point, at(profile, i + 1)) > HARD_ANGLE
    const makeRow = (): Column[] => {
      if (collapsed) {
        const pole = addVertex(mesh, cx, point[1], cz)
        return points.map(() => ({ into: pole, out: pole }))
      }
      return points.map((p) => {
        const into = addVertex(mesh, p.x, point[1], p.z)
        return { into, out: p.hard ? addVertex(mesh, p.x, point[1], p.z) : into }
      })
    }
    const into = makeRow()
    return { into, out: hardRow ? makeRow() : into, points, y: point[1], cx, cz, collapsed }
  })

  for (let i = 0; i + 1 < rows.length; i++) {
    const lower = at(rows, i).out
    const upper = at(rows, i + 1).into
    for (let j = 0; j < lower.length; j++) {
      const k = (j + 1) % lower.length
      const a = at(lower, j).out
      const c = at(lower, k).into
      const b = at(upper, j).out
      const d = at(upper, k).into
      addTriangle(mesh, a, b, c)
      addTriangle(mesh, b, d, c)
    }
  }

  const cap = (row: (typeof rows)[number], facingDown: boolean) => {
    if (row.collapsed) return
    const centre = addVertex(mesh, row.cx, row.y, row.cz)
    const ids = row.points.map((p) => addVertex(mesh, p.x, row.y, p.z))
    ids.forEach((id, j) => {
      const next = at(ids, (j + 1) % ids.length)
      if (facingDown) addTriangle(mesh, centre, id, next)
      else addTriangle(mesh, centre, next, id)
    })
  }
  const first = rows[0]
  const last = rows[rows.length - 1]
  if (caps.start && first) cap(first, true)
  if (caps.end && last) cap(last, false)
}

/** A lathe: `profile` as (radius, y) pairs, revolved around the y axis. */
export const lathe = (mesh: Mesh, profile: readonly Vec2[], segments: number): void =>
  sweep(mesh, profile, circleRing(segments))

/** Samples a quarter (or any part) of an ellipse centred at (cr, cy), for rounded profile corners. */
export const arc = (cr: number, cy: number, rr: number, ry: number, from: number, to: number, steps: number): Vec2[] =>
  Array.from({ length: steps + 1 }, (_, s) => {
    const angle = from + ((to - from) * s) / steps
    return [cr + rr * Math.cos(angle), cy + ry * Math.sin(angle)] as const
  })

/**
 * An upward-facing heightfield over a disc of `radius`, in polar rings (a pole in the middle), with
 * y = height(rho, angle) where rho in [0, 1] is the fraction of the radius. Used for mounds and puddles.
 */
export const polarField = (
  mesh: Mesh,
  radius: number,
  rings: number,
  segments: number,
  height: (rho: number, angle: number) => number,
): void => {
  const pole = addVertex(mesh, 0, height(0, 0), 0)
  const ringIds: number[][] = []
  for (let k = 1; k <= rings; k++) {
    const rho = k / rings
    ringIds.push(
      Array.from({ length: segments }, (_, j) => {
        const angle = (2 * Math.PI * j) / segments
        return addVertex(mesh, radius * rho * Math.cos(angle), height(rho, angle), radius * rho * Math.sin(angle))
      }),
    )
  }
  const firstRing = at(ringIds, 0)
  firstRing.forEach((id, j) => {
    addTriangle(mesh, pole, at(firstRing, (j + 1) % segments), id)
  })
  for (let k = 0; k + 1 < ringIds.length; k++) {
    const inner = at(ringIds, k)
    const outer = at(ringIds, k + 1)
    for (let j = 0; j < segments; j++) {
      const next = (j + 1) % segments
      addTriangle(mesh, at(inner, j), at(inner, next), at(outer, j))
      addTriangle(mesh, at(outer, j), at(inner, next), at(outer, next))
    }
  }
}
