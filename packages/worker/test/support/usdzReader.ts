// Reads a USDZ with a reader that is not ours: three.js's USD loader (its USDA parser and scene composer,
// and the fflate unzip it uses), so the tests check the writer against someone else's idea of the format.
// The loader wants a browser `Image` for textures; the shim below keeps the bytes the texture points at.
import { resolveObjectURL } from "node:buffer"
import { unzipSync } from "three/addons/libs/fflate.module.js"
import { USDLoader, type UsdObject } from "three/addons/loaders/USDLoader.js"
import { USDAParser } from "three/addons/loaders/usd/USDAParser.js"

class TextureImageShim {
  onload: (() => void) | null = null
  blob: Blob | undefined
  set src(url: string) {
    this.blob = resolveObjectURL(url)
    this.onload?.()
  }
}
Object.assign(globalThis, { Image: TextureImageShim })

export interface ReadUsdz {
  /** Entries in archive order, as the zip reader sees them, with where each one's data starts. */
  readonly entries: ReadonlyArray<{ readonly name: string; readonly compression: number; readonly dataOffset: number }>
  readonly layerText: string
  /** Vertices of every Mesh prim as the USDA parser read them (`points`). */
  readonly points: number
  readonly meshes: ReadonlyArray<{
    readonly name: string
    readonly triangles: number
    readonly texture: Uint8Array | null
    readonly opacity: number
  }>
  /** World-space box of all meshes as the loader composed them. */
  readonly bounds: { readonly min: [number, number, number]; readonly max: [number, number, number] }
}

/** Walks the local headers: where each entry's data starts (the zip reader does not say). */
const dataOffsets = (bytes: Uint8Array): number[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const offsets: number[] = []
  for (let p = 0; p + 30 <= bytes.length && view.getUint32(p, true) === 0x04034b50; ) {
    const data = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true)
    offsets.push(data)
    p = data + view.getUint32(p + 18, true)
  }
  return offsets
}

export const readUsdz = async (bytes: Uint8Array): Promise<ReadUsdz> => {
  const infos: Array<{ name: string; compression: number }> = []
  const files = unzipSync(bytes, {
    filter: (file) => {
      infos.push({ name: file.name, compression: file.compression })
      return true
    },
  })
  const offsets = dataOffsets(bytes)
  const entries = infos.map((info, i) => ({ ...info, dataOffset: offsets[i] ?? -1 }))
  const layerName = infos[0]?.name ?? ""
  const layerText = new TextDecoder().decode(files[layerName])

  const specs = new USDAParser().parseData(layerText).specsByPath
  let points = 0
  for (const [path, spec] of Object.entries(specs)) {
    const value = spec?.fields.default
    if (path.endsWith(".points") && Array.isArray(value)) points += value.length / 3
  }

  const copy = bytes.slice()
  const root = new USDLoader().parse(copy.buffer)
  root.updateMatrixWorld(true)
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  const found: Array<UsdObject> = []
  root.traverse((object) => {
    if (object.isMesh) found.push(object)
  })
  const meshes = await Promise.all(
    found.map(async (object) => {
      const position = object.geometry.attributes.position
      const m = object.matrixWorld.elements
      const e = (i: number) => m[i] ?? 0
      for (let v = 0; v < (position?.count ?? 0); v++) {
        const [x, y, z] = [0, 1, 2].map((k) => position?.array[v * 3 + k] ?? 0) as [number, number, number]
        const world = [0, 1, 2].map((r) => e(r) * x + e(4 + r) * y + e(8 + r) * z + e(12 + r))
        world.forEach((w, axis) => {
          min[axis] = Math.min(min[axis] ?? w, w)
          max[axis] = Math.max(max[axis] ?? w, w)
        })
      }
      const image = object.material.map?.image
      const blob = image instanceof TextureImageShim ? image.blob : undefined
      const vertices = object.geometry.index?.count ?? position?.count ?? 0
      return {
        name: object.name,
        triangles: vertices / 3,
        texture: blob === undefined ? null : new Uint8Array(await blob.arrayBuffer()),
        opacity: object.material.transparent ? object.material.opacity : 1,
      }
    }),
  )
  return { entries, layerText, points, meshes, bounds: { min, max } }
}
