import { ComponentShape, DishGeometry, type FoodComponent } from "@ardine/domain"
import { NodeIO } from "@gltf-transform/core"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import sharp from "sharp"
import { beforeAll, describe, expect, it } from "vitest"
import {
  buildDishModel,
  type DishModel,
  MAX_GLB_BYTES,
  MAX_TEXTURE_SIZE,
  MAX_TRIANGLES,
  renderPoster,
  validateGlb,
} from "../src/builder/index.js"
import { makePhoto } from "./support/photos.js"

// Arbitrary.make derives the generator from the schema itself, so the builder is exercised on exactly what
// the AI is allowed to send (effect bundles its own fast-check, hence FastCheck from effect).
const geometries = Arbitrary.make(DishGeometry)

interface Inspected {
  readonly positions: Float32Array
  readonly min: [number, number, number]
  readonly max: [number, number, number]
  readonly textureSizes: ReadonlyArray<readonly [number, number]>
  readonly images: readonly Uint8Array[]
  readonly extensions: readonly string[]
  readonly problems: readonly string[]
}

/** Reads the GLB back and collects what the budgets and the contract are about. */
const inspect = async (glb: Uint8Array): Promise<Inspected> => {
  const doc = await new NodeIO().readBinary(glb)
  const root = doc.getRoot()
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  const problems: string[] = []
  const all: number[] = []
  for (const mesh of root.listMeshes()) {
    for (const primitive of mesh.listPrimitives()) {
      const positions = primitive.getAttribute("POSITION")?.getArray()
      const normals = primitive.getAttribute("NORMAL")?.getArray()
      if (!positions || !normals || !primitive.getIndices()) {
        problems.push(`${mesh.getName()}: missing positions, normals or indices`)
        continue
      }
      const [position, normal] = [Float32Array.from(positions), Float32Array.from(normals)]
      if (!position.every(Number.isFinite) || !normal.every(Number.isFinite)) problems.push(`${mesh.getName()}: NaN`)
      position.forEach((v, i) => {
        const axis = i % 3
        min[axis] = Math.min(min[axis] ?? 0, v)
        max[axis] = Math.max(max[axis] ?? 0, v)
        all.push(v)
      })
    }
  }
  const textures = root.listTextures()
  return {
    positions: new Float32Array(all),
    min,
    max,
    textureSizes: textures.map((t) => t.getSize() ?? [0, 0]),
    images: textures.map((t) => t.getImage() ?? new Uint8Array()),
    extensions: root.listExtensionsUsed().map((e) => e.extensionName),
    problems,
  }
}

/** The real-size footprint asked for, in metres, or null without a vessel. */
const requestedFootprint = (g: DishGeometry): readonly [number, number] | null => {
  switch (g.vessel.kind) {
    case "none":
      return null
    case "board":
    case "tray":
      return [g.vessel.widthCm / 100, g.vessel.depthCm / 100]
    default:
      return [g.vessel.diameterCm / 100, g.vessel.diameterCm / 100]
  }
}

/** Without a vessel: the box around every component's footprint disc, positions being fractions of the widest. */
const componentEnvelope = (g: DishGeometry): readonly [number, number] => {
  const spread = Math.max(...g.components.map((c) => c.widthCm))
  const lo = [Infinity, Infinity]
  const hi = [-Infinity, -Infinity]
  for (const c of g.components) {
    const centre = [c.position.x * spread, c.position.z * spread]
    centre.forEach((v, axis) => {
      lo[axis] = Math.min(lo[axis] ?? 0, v - c.widthCm / 2)
      hi[axis] = Math.max(hi[axis] ?? 0, v + c.widthCm / 2)
    })
  }
  return [((hi[0] ?? 0) - (lo[0] ?? 0)) / 100, ((hi[1] ?? 0) - (lo[1] ?? 0)) / 100]
}

const within = (actual: number, expected: number, fraction: number) =>
  Math.abs(actual - expected) <= fraction * expected

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/** Everything every model must satisfy, whatever the geometry. */
const checkContract = async (g: DishGeometry, model: DishModel) => {
  const { glb, stats } = model
  const report = await validateGlb(glb)
  expect(report.numErrors, JSON.stringify(report.messages)).toBe(0)
  expect(report.numWarnings, JSON.stringify(report.messages)).toBe(0)
  expect(report.triangles).toBe(stats.triangles)
  expect(stats.triangles).toBeLessThanOrEqual(MAX_TRIANGLES)
  expect(glb.byteLength).toBe(stats.bytes)
  expect(glb.byteLength).toBeLessThanOrEqual(MAX_GLB_BYTES)

  const file = await inspect(glb)
  expect(file.problems).toEqual([])
  expect(file.extensions).toEqual([])
  for (const [w, h] of file.textureSizes) {
    expect(Math.max(w, h)).toBeLessThanOrEqual(MAX_TEXTURE_SIZE)
  }
  expect(file.min).toEqual([...stats.bounds.min])
  expect(file.max).toEqual([...stats.bounds.max])

  // Resting on the table, centred on x/z.
  expect(Math.abs(file.min[1])).toBeLessThanOrEqual(1e-6)
  expect(Math.abs(file.min[0] + file.max[0])).toBeLessThanOrEqual(1e-6)
  expect(Math.abs(file.min[2] + file.max[2])).toBeLessThanOrEqual(1e-6)

  const size = [file.max[0] - file.min[0], file.max[2] - file.min[2]] as const
  const footprint = requestedFootprint(g)
  if (footprint) {
    expect(within(size[0], footprint[0], 0.02), `width ${size[0]} for ${footprint[0]}`).toBe(true)
    expect(within(size[1], footprint[1], 0.02), `depth ${size[1]} for ${footprint[1]}`).toBe(true)
    if (g.vessel.kind !== "none") expect(file.max[1]).toBeGreaterThanOrEqual((0.98 * g.vessel.heightCm) / 100)
  } else {
    const envelope = componentEnvelope(g)
    expect(size[0]).toBeGreaterThan(0)
    expect(size[0]).toBeLessThanOrEqual(envelope[0] * 1.02)
    expect(size[1]).toBeLessThanOrEqual(envelope[1] * 1.02)
  }
}

let photo: Uint8Array
let otherPhoto: Uint8Array

beforeAll(async () => {
  photo = await makePhoto(320, 240, 0, 40)
  otherPhoto = await makePhoto(320, 240, 1, 40)
})

const component = (shape: ComponentShape, widthCm: number, heightCm: number, count = 1): FoodComponent => ({
  shape,
  widthCm,
  heightCm,
  position: { x: 0, z: 0 },
  count,
  color: "#c89050",
  roughness: 0.6,
})

describe("buildDishModel", () => {
  it("builds a valid, real-scale model within budget for any geometry the schema accepts", async () => {
    await fc.assert(
      fc.asyncProperty(geometries, async (g) => {
        await checkContract(g, await buildDishModel(g, photo, { textureSize: 256 }))
      }),
      { numRuns: 40, seed: 20240601 },
    )
  }, 60_000)

  it("gives byte-identical output for the same input", async () => {
    await fc.assert(
      fc.asyncProperty(geometries, async (g) => {
        const a = await buildDishModel(g, photo, { textureSize: 256 })
        const b = await buildDishModel(structuredClone(g), photo, { textureSize: 256 })
        expect(sameBytes(a.glb, b.glb)).toBe(true)
      }),
      { numRuns: 10, seed: 7 },
    )
  }, 60_000)

  it("gives a different mesh when the dish's shape changes", async () => {
    const changed = fc
      .tuple(geometries, fc.integer({ min: 0, max: 3 }), Arbitrary.make(ComponentShape))
      .map(([g, how, shape]): readonly [DishGeometry, DishGeometry] => [g, mutate(g, how, shape)])
    await fc.assert(
      fc.asyncProperty(changed, async ([a, b]) => {
        const [ma, mb] = [
          await buildDishModel(a, photo, { textureSize: 64 }),
          await buildDishModel(b, photo, { textureSize: 64 }),
        ]
        expect(sameBytes(ma.glb, mb.glb)).toBe(false)
        const [fa, fb] = [await inspect(ma.glb), await inspect(mb.glb)]
        const sameBounds = fa.min.every((v, i) => v === fb.min[i]) && fa.max.every((v, i) => v === fb.max[i])
        const sameVertices =
          fa.positions.length === fb.positions.length && fa.positions.every((v, i) => v === fb.positions[i])
        expect(sameBounds && sameVertices).toBe(false)
      }),
      { numRuns: 25, seed: 99 },
    )
  }, 60_000)

  it("uses the photo: two photos give two models with the same mesh", async () => {
    const g: DishGeometry = {
      vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, color: "#ffffff", roughness: 0.3 },
      components: [component("mound", 14, 4)],
    }
    const [a, b] = [await buildDishModel(g, photo), await buildDishModel(g, otherPhoto)]
    expect(sameBytes(a.glb, b.glb)).toBe(false)
    const [fa, fb] = [await inspect(a.glb), await inspect(b.glb)]
    expect(fa.positions).toEqual(fb.positions)
    expect(fa.images).toHaveLength(1)
    expect(sameBytes(fa.images[0] ?? new Uint8Array(), fb.images[0] ?? new Uint8Array())).toBe(false)
  })

  it("gives a lone round component exactly its width when there is no vessel", async () => {
    for (const shape of ["mound", "dome", "disc", "liquid", "nest"] as const) {
      const g: DishGeometry = { vessel: { kind: "none" }, components: [component(shape, 12, 3)] }
      const { stats } = await buildDishModel(g, photo, { textureSize: 64 })
      const { min, max } = stats.bounds
      expect(within(max[0] - min[0], 0.12, 0.02), shape).toBe(true)
      expect(within(max[2] - min[2], 0.12, 0.02), shape).toBe(true)
      expect(within(max[1] - min[1], 0.03, 0.02), shape).toBe(true)
    }
  })

  it("stays within budget at the worst case: every slot full, a noisy 2048 px texture", async () => {
    const shapes = ComponentShape.literals
    const g: DishGeometry = {
      vessel: { kind: "bowl", diameterCm: 60, heightCm: 30, rimCm: 10, color: "#eeeeee", roughness: 0.2 },
      components: Array.from({ length: 12 }, (_, i) => ({
        ...component(shapes[i % shapes.length] ?? "mound", 60, 30, 24),
        position: { x: Math.cos(i), z: Math.sin(i) },
        gloss: 1,
      })),
    }
    const model = await buildDishModel(g, await makePhoto(2600, 2100, 2, 255), { textureSize: 4096 })
    await checkContract(g, model)
    expect(model.stats.textureSize).toBeLessThanOrEqual(MAX_TEXTURE_SIZE)
  }, 60_000)

  it("keeps the default texture at 1024 px for a large photo", async () => {
    const g: DishGeometry = {
      vessel: { kind: "board", widthCm: 40, depthCm: 25, heightCm: 2, color: "#a0703c", roughness: 0.7 },
      components: [component("disc", 20, 1.2)],
    }
    const model = await buildDishModel(g, await makePhoto(1600, 1200, 3, 8))
    expect(model.stats.textureSize).toBe(1024)
    await checkContract(g, model)
  })

  it("refuses a photo that is not an image", async () => {
    const g: DishGeometry = { vessel: { kind: "none" }, components: [component("dome", 8, 4)] }
    await expect(buildDishModel(g, new TextEncoder().encode("not a photo"))).rejects.toThrow()
  })
})

describe("validateGlb", () => {
  // The worker publishes a model only when this reports zero errors, so damaged bytes must never pass.
  const plate: DishGeometry = {
    vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, color: "#f4f1ea", roughness: 0.3 },
    components: [component("mound", 12, 4)],
  }
  let glb: Uint8Array
  beforeAll(async () => {
    glb = (await buildDishModel(plate, photo, { textureSize: 256 })).glb
    expect((await validateGlb(glb)).numErrors).toBe(0)
  })
  const errorsIn = async (bytes: Uint8Array) => (await validateGlb(bytes)).numErrors

  it("reports errors for a GLB cut off anywhere: in the header, the JSON chunk or the binary chunk", async () => {
    const cuts = [...Array.from({ length: 21 }, (_, i) => i), ...Array.from({ length: 30 }, (_, i) => 21 + i * 997)]
    expect(cuts.at(-1)).toBeLessThan(glb.byteLength)
    for (const cut of [...cuts, glb.byteLength - 1]) {
      expect(await errorsIn(glb.slice(0, cut)), `cut at ${cut}`).toBeGreaterThan(0)
    }
  }, 60_000)

  it("reports errors for any single flipped bit of the header and for flipped float exponents", async () => {
    const flipped = (offset: number, mask: number) => {
      const bytes = glb.slice()
      bytes[offset] = (bytes[offset] ?? 0) ^ mask
      return bytes
    }
    for (let offset = 0; offset < 20; offset++) {
      for (let bit = 0; bit < 8; bit++) {
        expect(await errorsIn(flipped(offset, 1 << bit)), `header byte ${offset} bit ${bit}`).toBeGreaterThan(0)
      }
    }
    // The first vertices' positions and normals (little-endian float32: byte 3 holds sign and exponent).
    const binData = 20 + new DataView(glb.buffer, glb.byteOffset).getUint32(12, true) + 8
    for (let float = 0; float < 40; float++) {
      const offset = binData + 4 * float + 3
      expect(await errorsIn(flipped(offset, 0x40)), `float ${float}`).toBeGreaterThan(0)
    }
  }, 60_000)
})

describe("renderPoster", () => {
  it("makes a small square WebP from the photo's centre", async () => {
    const poster = await renderPoster(await makePhoto(1200, 900, 4, 20))
    const meta = await sharp(poster).metadata()
    expect(meta.format).toBe("webp")
    expect([meta.width, meta.height]).toEqual([512, 512])
    expect(poster.byteLength).toBeLessThan(100_000)
  })
})

describe("DishGeometry", () => {
  const valid = {
    vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, color: "#ffffff", roughness: 0.3 },
    components: [{ ...component("mound", 10, 3), count: 1 }],
  }
  const decode = Schema.decodeUnknownEither(DishGeometry)

  it("accepts a plausible dish", () => {
    expect(Either.isRight(decode(valid))).toBe(true)
  })

  it.each([
    ["a huge plate", { ...valid, vessel: { ...valid.vessel, diameterCm: 500 } }],
    ["a NaN height", { ...valid, vessel: { ...valid.vessel, heightCm: Number.NaN } }],
    ["an unknown vessel", { ...valid, vessel: { ...valid.vessel, kind: "bucket" } }],
    ["a colour name", { ...valid, vessel: { ...valid.vessel, color: "red" } }],
    ["13 components", { ...valid, components: Array.from({ length: 13 }, () => valid.components[0]) }],
    ["an unknown shape", { ...valid, components: [{ ...valid.components[0], shape: "blob" }] }],
    ["a position off the vessel", { ...valid, components: [{ ...valid.components[0], position: { x: 2, z: 0 } }] }],
    ["zero pieces", { ...valid, components: [{ ...valid.components[0], count: 0 }] }],
    ["nothing at all", { vessel: { kind: "none" }, components: [] }],
  ])("rejects %s", (_, input) => {
    expect(Either.isLeft(decode(input))).toBe(true)
  })
})

/** A change to what the dish looks like: its vessel's size or kind, or its components. */
const mutate = (g: DishGeometry, how: number, shape: ComponentShape): DishGeometry => {
  const grow = (cm: number) => (cm < 40 ? cm * 1.25 : cm * 0.8)
  const first = g.components[0]
  if (how === 2 || (how === 3 && !first)) {
    return g.components.length < 12
      ? { ...g, components: [...g.components, component(shape, 6, 2, 3)] }
      : { ...g, components: g.components.slice(0, -1) }
  }
  if (how === 3 && first) {
    const other = shape === first.shape ? (ComponentShape.literals.find((s) => s !== shape) ?? "mound") : shape
    return { ...g, components: [{ ...first, shape: other }, ...g.components.slice(1)] }
  }
  const v = g.vessel
  switch (v.kind) {
    case "none":
      return { ...g, vessel: { kind: "plate", diameterCm: 30, heightCm: 2, color: "#ffffff", roughness: 0.3 } }
    case "board":
    case "tray":
      return how === 0
        ? { ...g, vessel: { ...v, widthCm: grow(v.widthCm) } }
        : { ...g, vessel: { ...v, kind: v.kind === "board" ? "tray" : "board" } }
    default:
      return how === 0
        ? { ...g, vessel: { ...v, diameterCm: grow(v.diameterCm) } }
        : { ...g, vessel: { ...v, kind: v.kind === "plate" ? "bowl" : "plate" } }
  }
}
