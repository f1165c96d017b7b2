import { Document, NodeIO } from "@gltf-transform/core"
import { computeNormals, type Mesh, vertexCount } from "./mesh.js"

// Assembles the final meshes (metres, Y up) into a glTF 2.0 binary: one node and one PBR material per part,
// plain accessors only (no Draco, meshopt or KTX2, which AR viewers such as Scene Viewer cannot read).

export interface Part {
  readonly name: string
  readonly mesh: Mesh
  /** Linear RGBA. */
  readonly baseColor: readonly [number, number, number, number]
  readonly roughness: number
  /** Whether the photo is projected onto it from above. */
  readonly textured: boolean
  /** Centre (x, z) of the food's footprint, which the projection leans towards on its sides. */
  readonly centre: readonly [number, number]
}

export interface TextureImage {
  readonly jpeg: Uint8Array
  /** Half-size in metres of the square of the table the photo's centre crop covers. */
  readonly halfSize: number
}

// WebGL enums, as glTF stores them.
const CLAMP_TO_EDGE = 33071
const LINEAR = 9729
const LINEAR_MIPMAP_LINEAR = 9987

const useUint32 = (mesh: Mesh) => vertexCount(mesh) > 65535

/** Bytes the geometry will take in the binary chunk, so the texture can have the rest of the budget. */
export const geometryBytes = (parts: readonly Part[]): number =>
  parts.reduce((sum, { mesh, textured }) => {
    const perVertex = 12 + 12 + (textured ? 8 : 0)
    const indices = mesh.indices.length * (useUint32(mesh) ? 4 : 2)
    return sum + vertexCount(mesh) * perVertex + indices + 16
  }, 0)

/**
 * Planar projection from above: (x, z) on the table maps into the photo's centre crop. Sampling is pulled
 * towards the food's centre, a little on top (so edges take the food's colour, not the plate's) and more on
 * the sides (which the photo does not show, and where a straight projection would smear into streaks).
 */
const planarUvs = (mesh: Mesh, normals: Float32Array, halfSize: number, [cx, cz]: readonly [number, number]) => {
  const uv = new Float32Array(vertexCount(mesh) * 2)
  const p = mesh.positions
  for (let v = 0; v < uv.length / 2; v++) {
    const pull = 0.9 * (0.4 + 0.6 * Math.max(0, normals[v * 3 + 1] ?? 0))
    const x = cx + ((p[v * 3] ?? 0) - cx) * pull
    const z = cz + ((p[v * 3 + 2] ?? 0) - cz) * pull
    uv[v * 2] = 0.5 + x / (2 * halfSize)
    // Image rows run top to bottom, i.e. away from the diner (-z) towards them (+z).
    uv[v * 2 + 1] = 0.5 + z / (2 * halfSize)
  }
  return uv
}

export const writeGlb = async (parts: readonly Part[], image: TextureImage): Promise<Uint8Array> => {
  const doc = new Document()
  const buffer = doc.createBuffer("geometry")
  const scene = doc.createScene("dish")
  doc.getRoot().setDefaultScene(scene)
  const photo = parts.some((p) => p.textured)
    ? doc.createTexture("photo").setImage(image.jpeg).setMimeType("image/jpeg")
    : null

  for (const part of parts) {
    const { mesh } = part
    const accessor = (type: "VEC2" | "VEC3" | "SCALAR", array: Float32Array | Uint16Array | Uint32Array) =>
      doc.createAccessor().setType(type).setArray(array).setBuffer(buffer)
    const material = doc
      .createMaterial(part.name)
      .setBaseColorFactor([...part.baseColor])
      .setMetallicFactor(0)
      .setRoughnessFactor(part.roughness)
    if (part.baseColor[3] < 1) material.setAlphaMode("BLEND")
    const normals = computeNormals(mesh)
    const primitive = doc
      .createPrimitive()
      .setAttribute("POSITION", accessor("VEC3", new Float32Array(mesh.positions)))
      .setAttribute("NORMAL", accessor("VEC3", normals))
      .setIndices(accessor("SCALAR", useUint32(mesh) ? new Uint32Array(mesh.indices) : new Uint16Array(mesh.indices)))
      .setMaterial(material)
    if (part.textured && photo) {
      primitive.setAttribute("TEXCOORD_0", accessor("VEC2", planarUvs(mesh, normals, image.halfSize, part.centre)))
      material.setBaseColorTexture(photo)
      material
        .getBaseColorTextureInfo()
        ?.setWrapS(CLAMP_TO_EDGE)
        .setWrapT(CLAMP_TO_EDGE)
        .setMagFilter(LINEAR)
        .setMinFilter(LINEAR_MIPMAP_LINEAR)
    }
    scene.addChild(doc.createNode(part.name).setMesh(doc.createMesh(part.name).addPrimitive(primitive)))
  }
  return new NodeIO().writeBinary(doc)
}
