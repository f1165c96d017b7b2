import type { DishGeometry } from "@ardine/domain"
import { getBounds, NodeIO } from "@gltf-transform/core"
import sharp from "sharp"
import { expect } from "vitest"
import {
  buildUsdzFromGlb,
  footprintOf,
  MAX_GLB_BYTES,
  MAX_TEXTURE_SIZE,
  MAX_TRIANGLES,
  validateGlb,
} from "../../src/builder/index.js"

/** Every promise a stored dish model keeps, checked on the bytes themselves. */
export const expectDishModel = async (glb: Uint8Array, geometry: DishGeometry) => {
  expect(glb.byteLength).toBeLessThanOrEqual(MAX_GLB_BYTES)
  const report = await validateGlb(glb)
  expect(report.messages.filter((m) => m.severity === 0)).toEqual([])
  expect(report.triangles).toBeLessThanOrEqual(MAX_TRIANGLES)
  expect(report.extensionsUsed).toEqual([])
  const doc = await new NodeIO().readBinary(glb)
  const scene = doc.getRoot().listScenes()[0]
  if (scene === undefined) throw new Error("no scene")
  const { min, max } = getBounds(scene)
  const footprint = footprintOf(geometry)
  // Real size: the wider side matches the described footprint (to float32 precision), resting on y = 0, centred.
  expect(Math.max(max[0] - min[0], max[2] - min[2])).toBeCloseTo(Math.max(footprint.width, footprint.depth), 4)
  expect(min[1]).toBeCloseTo(0, 5)
  expect((min[0] + max[0]) / 2).toBeCloseTo(0, 5)
  expect((min[2] + max[2]) / 2).toBeCloseTo(0, 5)
  for (const texture of doc.getRoot().listTextures()) {
    expect(["image/jpeg", "image/png"]).toContain(texture.getMimeType())
    const meta = await sharp(texture.getImage() ?? new Uint8Array()).metadata()
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(MAX_TEXTURE_SIZE)
  }
  // The USDZ is made from it like from any built model.
  expect((await buildUsdzFromGlb(glb)).usdz.byteLength).toBeGreaterThan(0)
  return report
}
