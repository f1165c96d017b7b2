import { readFile } from "node:fs/promises"
import { ComponentShape, DishGeometry } from "@ardine/domain"
import { onePerKind, sampleSize } from "@ardine/test-support/testDepth"
import { NodeIO } from "@gltf-transform/core"
import { Arbitrary, Effect, FastCheck as fc, Schema } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { renderDemoPhoto } from "../../api/src/seed/demoPhoto.js"
import {
  buildDishModel,
  buildUsdzFromGlb,
  type DishModel,
  MAX_USDZ_BYTES,
  USDZ_LAYER_NAME,
} from "../src/builder/index.js"
import { makePhoto } from "./support/photos.js"
import { readUsdz } from "./support/usdzReader.js"

// Every USDZ is read back by three.js's USD loader (not by anything of ours) and compared with the GLB it
// was made from: the same meshes, vertices and triangles, the same size in metres, the same photo.

const geometries = Arbitrary.make(DishGeometry)

interface GlbPart {
  readonly name: string
  readonly vertices: number
  readonly triangles: number
  readonly image: Uint8Array | null
  readonly alpha: number
}

/** The GLB's primitives in scene order, named as the USD writer names its Mesh prims. */
const glbParts = async (glb: Uint8Array): Promise<GlbPart[]> => {
  const doc = await new NodeIO().readBinary(glb)
  const parts: GlbPart[] = []
  for (const node of doc.getRoot().getDefaultScene()?.listChildren() ?? []) {
    for (const primitive of node.getMesh()?.listPrimitives() ?? []) {
      const material = primitive.getMaterial()
      parts.push({
        name: `${node.getName().replace(/[^A-Za-z0-9_]/g, "_")}_${parts.length}`,
        vertices: primitive.getAttribute("POSITION")?.getCount() ?? 0,
        triangles: (primitive.getIndices()?.getCount() ?? 0) / 3,
        image: material?.getBaseColorTexture()?.getImage() ?? null,
        alpha: material?.getAlphaMode() === "BLEND" ? (material.getBaseColorFactor()[3] ?? 1) : 1,
      })
    }
  }
  return parts
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/** The USDZ of `model` as an independent reader sees it, checked against the GLB. */
const checkUsdz = async (model: DishModel, usdz: Uint8Array) => {
  expect(usdz.byteLength).toBeLessThanOrEqual(MAX_USDZ_BYTES)
  const read = await readUsdz(usdz)
  const parts = await glbParts(model.glb)

  // The archive: the layer first, stored, every file's data 64-byte aligned.
  expect(read.entries[0]?.name).toBe(USDZ_LAYER_NAME)
  for (const entry of read.entries) {
    expect(entry.compression, entry.name).toBe(0)
    expect(entry.dataOffset % 64, entry.name).toBe(0)
  }
  expect(read.layerText).toMatch(/^\s*metersPerUnit = 1$/m)
  expect(read.layerText).toMatch(/^\s*upAxis = "Y"$/m)
  expect(read.layerText).toContain('info:id = "UsdPreviewSurface"')

  // The same meshes, vertices and triangles.
  expect(read.meshes.map((m) => m.name)).toEqual(parts.map((p) => p.name))
  expect(read.points).toBe(model.stats.vertices)
  expect(read.meshes.reduce((n, m) => n + m.triangles, 0)).toBe(model.stats.triangles)

  // The same real-world size: each face of the box within 1 % of the GLB's size along that axis.
  const { min, max } = model.stats.bounds
  for (const axis of [0, 1, 2] as const) {
    const tolerance = 0.01 * (max[axis] - min[axis]) + 1e-6
    expect(Math.abs(read.bounds.min[axis] - min[axis]), `min ${axis}`).toBeLessThanOrEqual(tolerance)
    expect(Math.abs(read.bounds.max[axis] - max[axis]), `max ${axis}`).toBeLessThanOrEqual(tolerance)
  }

  // The food shows the GLB's own photo; a see-through vessel stays see-through.
  read.meshes.forEach((mesh, i) => {
    const part = parts[i]
    if (part?.image) {
      expect(mesh.texture, mesh.name).not.toBeNull()
      expect(sameBytes(mesh.texture ?? new Uint8Array(), part.image), `${mesh.name} texture`).toBe(true)
    } else {
      expect(mesh.texture, mesh.name).toBeNull()
    }
    expect(mesh.opacity, mesh.name).toBeCloseTo(part?.alpha ?? 1, 3)
  })
  return read
}

let photo: Uint8Array

beforeAll(async () => {
  photo = await makePhoto(320, 240, 0, 40)
})

describe("buildUsdzFromGlb", () => {
  it("writes a USDZ an independent reader accepts, matching the GLB, for any geometry the schema accepts", async () => {
    await fc.assert(
      fc.asyncProperty(geometries, async (g) => {
        const model = await buildDishModel(g, photo, { textureSize: 256 })
        await checkUsdz(model, (await buildUsdzFromGlb(model.glb)).usdz)
      }),
      { numRuns: sampleSize(40, 8), seed: 20240601 },
    )
  }, 120_000)

  it("gives every demo dish a USDZ the independent reader accepts, matching its GLB", async () => {
    const demo = JSON.parse(await readFile(new URL("../../../database/seed/demo.json", import.meta.url), "utf8"))
    const dishes = Schema.decodeUnknownSync(
      Schema.Array(Schema.Struct({ name: Schema.String, geometry: DishGeometry })),
    )(demo.dishes)
    expect(dishes.length).toBeGreaterThan(0)
    // A quick run takes one dish per vessel kind.
    for (const { name, geometry } of onePerKind(dishes, (demo) => demo.geometry.vessel.kind)) {
      // Built as the worker builds the seeded demo: its drawn photo, the default texture size.
      const model = await buildDishModel(geometry, await Effect.runPromise(renderDemoPhoto(geometry, name)))
      await checkUsdz(model, (await buildUsdzFromGlb(model.glb)).usdz)
    }
  }, 60_000)

  it("keeps a glass see-through and its drink textured", async () => {
    const g: DishGeometry = {
      vessel: { kind: "glass", diameterCm: 8, heightCm: 14, color: "#ffffff", roughness: 0.05 },
      components: [
        {
          shape: "liquid",
          widthCm: 7,
          heightCm: 11,
          position: { x: 0, z: 0 },
          count: 1,
          color: "#c0392b",
          roughness: 0.1,
        },
      ],
    }
    const model = await buildDishModel(g, photo)
    const read = await checkUsdz(model, (await buildUsdzFromGlb(model.glb)).usdz)
    expect(read.meshes[0]?.opacity).toBeLessThan(0.5)
    expect(read.meshes[1]?.texture).not.toBeNull()
  })

  it("gives the same bytes for the same GLB", async () => {
    const model = await buildDishModel(fc.sample(geometries, { numRuns: 1, seed: 3 })[0] as DishGeometry, photo)
    const [a, b] = [await buildUsdzFromGlb(model.glb), await buildUsdzFromGlb(model.glb.slice())]
    expect(sameBytes(a.usdz, b.usdz)).toBe(true)
  })

  it("stays within 2 MB at the worst case, shrinking the texture only as far as it must", async () => {
    const shapes = ComponentShape.literals
    const g: DishGeometry = {
      vessel: { kind: "bowl", diameterCm: 60, heightCm: 30, rimCm: 10, color: "#eeeeee", roughness: 0.2 },
      components: Array.from({ length: 12 }, (_, i) => ({
        shape: shapes[i % shapes.length] ?? "mound",
        widthCm: 60,
        heightCm: 30,
        position: { x: Math.cos(i), z: Math.sin(i) },
        count: 24,
        color: "#c89050",
        roughness: 0.6,
        gloss: 1,
      })),
    }
    const model = await buildDishModel(g, await makePhoto(2600, 2100, 2, 255), { textureSize: 2048 })
    const built = await buildUsdzFromGlb(model.glb)
    expect(built.usdz.byteLength).toBeLessThanOrEqual(MAX_USDZ_BYTES)
    expect(built.stats.textureSize).toBeGreaterThanOrEqual(256)
    const read = await readUsdz(built.usdz)
    expect(read.points).toBe(model.stats.vertices)
    expect(read.meshes.filter((m) => m.texture !== null).length).toBeGreaterThan(0)
  }, 60_000)
})
