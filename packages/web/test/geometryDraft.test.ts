import { DishGeometry } from "@ardine/domain"
import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { changeVesselKind, checkGeometry, readNumber, withComponent, withVessel } from "../src/lib/geometryDraft.js"

const glass = { kind: "glass", diameterCm: 8, heightCm: 20, color: "#ffffff", roughness: 0.1 } as const

const geometry = Schema.decodeUnknownSync(DishGeometry)({
  vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, rimCm: 3, color: "#f4f1ea", roughness: 0.3 },
  components: [
    { shape: "mound", widthCm: 12, heightCm: 4, position: { x: 0, z: 0 }, count: 1, color: "#c8642a", roughness: 0.7 },
  ],
})

describe("geometry draft", () => {
  it("keeps size and colour within the new kind's bounds when the vessel changes", () => {
    const tray = changeVesselKind(geometry.vessel, "tray")
    expect(tray).toMatchObject({ kind: "tray", widthCm: 27, depthCm: 27, heightCm: 2.5, color: "#f4f1ea" })
    const tall = changeVesselKind(glass, "board")
    expect(tall).toMatchObject({ kind: "board", widthCm: 8, heightCm: 8 })
    expect(changeVesselKind(geometry.vessel, "none")).toEqual({ kind: "none" })
    expect(Either.isRight(checkGeometry(withVessel(geometry, tray)))).toBe(true)
  })

  it("refuses what the server would, keyed by field path", () => {
    const tooWide = withVessel(geometry, {
      ...geometry.vessel,
      kind: "plate",
      diameterCm: 61,
    } as typeof geometry.vessel)
    const result = checkGeometry(withComponent(tooWide, 0, { heightCm: readNumber("") }))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(Object.keys(result.left)).toEqual(expect.arrayContaining(["vessel.diameterCm", "components.0.heightCm"]))
    }
    expect(readNumber("2,5")).toBe(2.5)
  })

  it("needs a component when there is no vessel", () => {
    const bare = { vessel: { kind: "none" as const }, components: [] }
    expect(Either.isLeft(checkGeometry(bare))).toBe(true)
  })
})
