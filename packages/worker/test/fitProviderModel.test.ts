import type { DishGeometry } from "@ardine/domain"
import { describe, expect, it } from "vitest"
import { footprintOf, validateGlb } from "../src/builder/index.js"
import { fitProviderModel } from "../src/photoreal/fit-to-dish.js"
import { UnusableModel } from "../src/photoreal/untrusted-glb.js"
import { expectDishModel } from "./support/dishModelChecks.js"
import {
  makeExternalUriGlb,
  makeKtx2WithFallbackGlb,
  makeProviderGlb,
  type ProviderGlbOptions,
} from "./support/providerGlbs.js"

const plate: DishGeometry = {
  vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, rimCm: 3, color: "#f4f1ea", roughness: 0.3 },
  components: [
    {
      shape: "mound",
      widthCm: 14,
      heightCm: 5,
      position: { x: 0, z: 0 },
      count: 1,
      color: "#c08040",
      roughness: 0.6,
    },
  ],
}

const fit = async (options: ProviderGlbOptions) => fitProviderModel(await makeProviderGlb(options), footprintOf(plate))

describe("a provider's GLB fitted to the dish", () => {
  it("scales a model in arbitrary units, off-centre and floating, to the plate's real size", async () => {
    const fitted = await fit({ size: 37, offset: [120, -40, 15] })
    expect(fitted.stats.bounds.max[0] - fitted.stats.bounds.min[0]).toBeCloseTo(0.27, 2)
    await expectDishModel(fitted.glb, plate)
  })

  it("simplifies 400k triangles to the budget and shrinks a 4096 px PNG to 2048 px", async () => {
    const input = await makeProviderGlb({ cells: 448, textureSide: 4096 })
    expect((await validateGlb(input)).triangles).toBeGreaterThan(400_000)
    const fitted = await fitProviderModel(input, footprintOf(plate))
    const report = await expectDishModel(fitted.glb, plate)
    expect(report.triangles).toBeGreaterThan(10_000)
    expect(fitted.stats.textureSize).toBeLessThanOrEqual(2048)
  }, 120_000)

  it("decodes Draco instead of passing it on", async () => {
    const input = await makeProviderGlb({ draco: true })
    expect((await validateGlb(input)).extensionsUsed).toContain("KHR_draco_mesh_compression")
    await expectDishModel((await fitProviderModel(input, footprintOf(plate))).glb, plate)
  })

  it("falls back to the PNG a KTX2 texture also names", async () => {
    const fitted = await fitProviderModel(await makeKtx2WithFallbackGlb(), footprintOf(plate))
    await expectDishModel(fitted.glb, plate)
  })

  it("refuses a KTX2-only texture, an external URI and a file that is not a GLB", async () => {
    const refusal = (bytes: Uint8Array) =>
      fitProviderModel(bytes, footprintOf(plate)).then(
        () => "accepted",
        (e: unknown) => (e instanceof UnusableModel ? e.why : String(e)),
      )
    expect(await refusal(await makeProviderGlb({ texture: "ktx2-only" }))).toBe("unsupported-texture")
    expect(await refusal(await makeExternalUriGlb())).toBe("external-resource")
    expect(await refusal(new TextEncoder().encode("<html>Bad gateway</html>".padEnd(64)))).toBe("not-a-glb")
  })
})
