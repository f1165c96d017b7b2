import { Document, type JSONDocument, NodeIO } from "@gltf-transform/core"
import { KHRDracoMeshCompression, KHRTextureBasisu } from "@gltf-transform/extensions"
import draco3d from "draco3dgltf"
import { createDefaultContainer, write as writeKtx2 } from "ktx-parse"
import sharp from "sharp"

// GLBs as an image-to-3D provider might return them, made here so each test knows exactly what went in.

export interface ProviderGlbOptions {
  /** Grid cells per side of the dome; triangles = 2 * cells^2. */
  readonly cells?: number
  /** Model units per side (the provider's unit is arbitrary). */
  readonly size?: number
  readonly offset?: readonly [number, number, number]
  readonly textureSide?: number
  readonly texture?: "png" | "jpeg" | "ktx2-only" | "none"
  readonly draco?: boolean
  readonly materialName?: string
}

const texturePng = (side: number) =>
  sharp({ create: { width: side, height: side, channels: 3, background: { r: 180, g: 90, b: 40 } } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">` +
            `<circle cx="${side / 2}" cy="${side / 2}" r="${side / 3}" fill="#e8d060"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer()

/** A 4x4 KTX2 image (its payload is never decoded: this server has no transcoder, by design). */
const ktx2Image = () => {
  const container = createDefaultContainer()
  container.pixelWidth = 4
  container.pixelHeight = 4
  container.levels = [{ levelData: new Uint8Array(64), uncompressedByteLength: 64 }]
  return writeKtx2(container)
}

/** A textured dome on a grid (with UVs and no normals), at the provider's scale and offset. */
export const makeProviderGlb = async (options: ProviderGlbOptions = {}): Promise<Uint8Array> => {
  const cells = options.cells ?? 40
  const size = options.size ?? 2
  const [ox, oy, oz] = options.offset ?? [0, 0, 0]
  const doc = new Document()
  const buffer = doc.createBuffer()
  const positions = new Float32Array((cells + 1) * (cells + 1) * 3)
  const uvs = new Float32Array((cells + 1) * (cells + 1) * 2)
  for (let i = 0; i <= cells; i++) {
    for (let j = 0; j <= cells; j++) {
      const v = i * (cells + 1) + j
      const u = j / cells
      const w = i / cells
      const r2 = (u - 0.5) ** 2 + (w - 0.5) ** 2
      positions.set([ox + (u - 0.5) * size, oy + Math.max(0, 0.25 - r2) * size, oz + (w - 0.5) * size], v * 3)
      uvs.set([u, w], v * 2)
    }
  }
  const indices = new Uint32Array(cells * cells * 6)
  let k = 0
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      const a = i * (cells + 1) + j
      const b = a + cells + 1
      indices.set([a, b, a + 1, a + 1, b, b + 1], k)
      k += 6
    }
  }
  const material = doc.createMaterial(options.materialName ?? "food")
  const kind = options.texture ?? "png"
  if (kind !== "none") {
    const side = options.textureSide ?? 512
    const image =
      kind === "ktx2-only"
        ? ktx2Image()
        : kind === "jpeg"
          ? await sharp(await texturePng(side))
              .jpeg()
              .toBuffer()
          : await texturePng(side)
    const mime = kind === "ktx2-only" ? "image/ktx2" : kind === "jpeg" ? "image/jpeg" : "image/png"
    material.setBaseColorTexture(doc.createTexture("colour").setImage(new Uint8Array(image)).setMimeType(mime))
  }
  const primitive = doc
    .createPrimitive()
    .setAttribute("POSITION", doc.createAccessor().setType("VEC3").setArray(positions).setBuffer(buffer))
    .setAttribute("TEXCOORD_0", doc.createAccessor().setType("VEC2").setArray(uvs).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType("SCALAR").setArray(indices).setBuffer(buffer))
    .setMaterial(material)
  const node = doc.createNode("dish").setMesh(doc.createMesh("dish").addPrimitive(primitive))
  doc.createScene("scene").addChild(node)

  const io = new NodeIO()
  if (kind === "ktx2-only") {
    doc.createExtension(KHRTextureBasisu).setRequired(true)
    io.registerExtensions([KHRTextureBasisu])
  }
  if (options.draco === true) {
    doc.createExtension(KHRDracoMeshCompression).setRequired(true)
    io.registerExtensions([KHRDracoMeshCompression]).registerDependencies({
      "draco3d.encoder": await draco3d.createEncoderModule(),
    })
  }
  return io.writeBinary(doc)
}

/** Packs glTF JSON and one binary chunk into a GLB (for files a writer would refuse to produce). */
export const packGlb = (json: JSONDocument["json"], bin: Uint8Array): Uint8Array => {
  const pad = (bytes: Uint8Array, fill: number) => {
    const out = new Uint8Array(Math.ceil(bytes.byteLength / 4) * 4).fill(fill)
    out.set(bytes)
    return out
  }
  const jsonChunk = pad(new TextEncoder().encode(JSON.stringify(json)), 0x20)
  const binChunk = pad(bin, 0)
  const out = new Uint8Array(12 + 8 + jsonChunk.byteLength + 8 + binChunk.byteLength)
  const view = new DataView(out.buffer)
  view.setUint32(0, 0x46546c67, true)
  view.setUint32(4, 2, true)
  view.setUint32(8, out.byteLength, true)
  view.setUint32(12, jsonChunk.byteLength, true)
  view.setUint32(16, 0x4e4f534a, true)
  out.set(jsonChunk, 20)
  const binAt = 20 + jsonChunk.byteLength
  view.setUint32(binAt, binChunk.byteLength, true)
  view.setUint32(binAt + 4, 0x004e4942, true)
  out.set(binChunk, binAt + 8)
  return out
}

/** A PNG-textured GLB whose texture also names a KTX2 source under KHR_texture_basisu (the fallback kept). */
export const makeKtx2WithFallbackGlb = async (): Promise<Uint8Array> => {
  const { json, resources } = await new NodeIO().binaryToJSON(await makeProviderGlb({ texture: "png" }))
  const bin = resources["@glb.bin"] ?? new Uint8Array()
  const ktx = ktx2Image()
  const offset = Math.ceil(bin.byteLength / 4) * 4
  const merged = new Uint8Array(offset + ktx.byteLength)
  merged.set(bin)
  merged.set(ktx, offset)
  json.bufferViews?.push({ buffer: 0, byteOffset: offset, byteLength: ktx.byteLength })
  json.images?.push({ mimeType: "image/ktx2", bufferView: (json.bufferViews?.length ?? 1) - 1 })
  const ktxImage = (json.images?.length ?? 1) - 1
  for (const texture of json.textures ?? []) texture.extensions = { KHR_texture_basisu: { source: ktxImage } }
  json.extensionsUsed = [...(json.extensionsUsed ?? []), "KHR_texture_basisu"]
  if (json.buffers?.[0] !== undefined) json.buffers[0].byteLength = merged.byteLength
  return packGlb(json, merged)
}

/** A GLB whose image lives at an external URL (which no one should ever fetch). */
export const makeExternalUriGlb = async (): Promise<Uint8Array> => {
  const { json, resources } = await new NodeIO().binaryToJSON(await makeProviderGlb({ texture: "none" }))
  json.images = [{ uri: "http://169.254.169.254/latest/meta-data/texture.png" }]
  json.textures = [{ source: 0 }]
  const material = json.materials?.[0]
  if (material !== undefined) material.pbrMetallicRoughness = { baseColorTexture: { index: 0 } }
  return packGlb(json, resources["@glb.bin"] ?? new Uint8Array())
}
