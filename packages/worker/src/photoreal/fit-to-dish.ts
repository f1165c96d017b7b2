import { type Document, getBounds, Logger, NodeIO, type Texture } from "@gltf-transform/core"
import { ALL_EXTENSIONS } from "@gltf-transform/extensions"
import {
  clearNodeTransform,
  compactPrimitive,
  dedup,
  dequantize,
  flatten,
  prune,
  simplify,
  textureCompress,
  uninstance,
  weld,
} from "@gltf-transform/functions"
import draco3d from "draco3dgltf"
import { MeshoptDecoder, MeshoptSimplifier } from "meshoptimizer"
import sharp from "sharp"
import { MAX_GLB_BYTES, MAX_TEXTURE_SIZE, type ModelStats } from "../builder/index.js"
import { computeNormals } from "../builder/mesh.js"
import { assertSelfContained, dropKtx2, readGlbResources, UnusableModel } from "./untrusted-glb.js"

// A provider's GLB made into a dish model the same budgets hold for as for a built one: real size (metres,
// Y up, resting on y = 0, centred on x/z), at most 50k triangles, one JPEG/PNG texture of at most 2048 px,
// at most 2 MB, and no extension Scene Viewer cannot read (Draco and meshopt are decoded, KTX2 falls back).

/** What the dish's described geometry says its footprint is, in metres (x: left-right, z: away-toward). */
export interface Footprint {
  readonly width: number
  readonly depth: number
}

export interface FittedModel {
  readonly glb: Uint8Array
  readonly stats: ModelStats
}

const MIN_TEXTURE_SIDE = 256
/**
 * Under the 50k budget on purpose: the USDZ stores geometry as text (about 50 bytes a triangle), and it
 * has the same 2 MB budget as the GLB.
 */
export const PHOTOREAL_MAX_TRIANGLES = 25_000
/** Simplification passes before giving up: each aims a little lower than the count still over budget. */
const SIMPLIFY_PASSES = 4

let decoders: Promise<Record<string, unknown>> | undefined
/** The Draco and meshopt decoders (WebAssembly), instantiated once per process. */
const loadDecoders = () => {
  decoders ??= Promise.all([draco3d.createDecoderModule(), MeshoptDecoder.ready, MeshoptSimplifier.ready]).then(
    ([draco]) => ({ "draco3d.decoder": draco, "meshopt.decoder": MeshoptDecoder }),
  )
  return decoders
}

const countTriangles = (doc: Document) =>
  doc
    .getRoot()
    .listMeshes()
    .flatMap((mesh) => mesh.listPrimitives())
    .reduce((sum, prim) => {
      const count = prim.getIndices()?.getCount() ?? prim.getAttribute("POSITION")?.getCount() ?? 0
      return sum + (prim.getMode() === 4 ? count / 3 : 0)
    }, 0)

const readUntrusted = async (bytes: Uint8Array): Promise<Document> => {
  // URIs are refused before the reader could try to resolve one.
  assertSelfContained(readGlbResources(bytes))
  const io = new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies(await loadDecoders())
  const jsonDoc = await io.binaryToJSON(bytes).catch((e: unknown) => {
    throw new UnusableModel("unreadable", String(e))
  })
  dropKtx2(jsonDoc)
  const doc = await io.readJSON(jsonDoc).catch((e: unknown) => {
    throw new UnusableModel("unreadable", String(e))
  })
  return doc.setLogger(new Logger(Logger.Verbosity.WARN))
}

/** Bakes every node's transform into its mesh, then moves and scales the whole to the footprint. */
const fitToFootprint = async (doc: Document, footprint: Footprint) => {
  await doc.transform(uninstance(), dequantize(), flatten())
  const scene = doc.getRoot().getDefaultScene() ?? doc.getRoot().listScenes()[0]
  if (scene === undefined) throw new UnusableModel("unreadable", "no scene")
  const meshNodes = doc
    .getRoot()
    .listNodes()
    .filter((node) => node.getMesh() !== null)
  if (meshNodes.length === 0) throw new UnusableModel("unreadable", "no mesh")
  for (const node of meshNodes) clearNodeTransform(node)

  const { min, max } = getBounds(scene)
  const extent = Math.max(max[0] - min[0], max[2] - min[2])
  if (!(extent > 0) || !Number.isFinite(extent)) throw new UnusableModel("unreadable", "empty bounds")
  // Uniform: the provider's proportions are kept, its unit (often none at all) is not.
  const s = Math.max(footprint.width, footprint.depth) / extent
  const cx = (min[0] + max[0]) / 2
  const cz = (min[2] + max[2]) / 2
  for (const node of meshNodes) {
    node.setScale([s, s, s]).setTranslation([-cx * s, -min[1] * s, -cz * s])
    clearNodeTransform(node)
  }
}

const reduceTriangles = async (doc: Document) => {
  await doc.transform(weld(), dedup())
  for (let pass = 0; pass < SIMPLIFY_PASSES; pass++) {
    const triangles = countTriangles(doc)
    if (triangles <= PHOTOREAL_MAX_TRIANGLES) break
    const ratio = (0.95 * PHOTOREAL_MAX_TRIANGLES) / triangles
    await doc.transform(simplify({ simplifier: MeshoptSimplifier, ratio, error: 0.01 * (pass + 1) }))
  }
  // The simplifier rewrites indices only: drop the vertices nothing points at any more.
  for (const mesh of doc.getRoot().listMeshes()) for (const prim of mesh.listPrimitives()) compactPrimitive(prim)
  const left = countTriangles(doc)
  if (left > PHOTOREAL_MAX_TRIANGLES) throw new UnusableModel("over-budget", `${left} triangles after simplification`)
}

/** Smooth normals where the provider gave none (the USDZ needs them; glTF's flat default looks faceted). */
const addMissingNormals = (doc: Document) => {
  for (const prim of doc
    .getRoot()
    .listMeshes()
    .flatMap((mesh) => mesh.listPrimitives())) {
    const position = prim.getAttribute("POSITION")
    if (prim.getAttribute("NORMAL") !== null || position === null) continue
    const positions = Array.from(position.getArray() ?? [], Number)
    const indices = Array.from(prim.getIndices()?.getArray() ?? [], Number)
    if (indices.length === 0) for (let i = 0; i < position.getCount(); i++) indices.push(i)
    const normal = doc.createAccessor().setType("VEC3").setArray(computeNormals({ positions, indices }))
    prim.setAttribute("NORMAL", normal.setBuffer(position.getBuffer()))
  }
}

/**
 * The dish model has one texture, the colour: normal, roughness, occlusion and emissive maps go (the USDZ
 * and the byte budget have room for one photo-like image, and the colour carries what a diner sees).
 */
const keepColourOnly = (doc: Document): Texture | null => {
  const colours = new Set<Texture>()
  for (const material of doc.getRoot().listMaterials()) {
    material.setNormalTexture(null).setOcclusionTexture(null).setEmissiveTexture(null)
    material.setMetallicRoughnessTexture(null)
    const colour = material.getBaseColorTexture()
    if (colour !== null) colours.add(colour)
  }
  if (colours.size > 1) throw new UnusableModel("unsupported-texture", `${colours.size} colour textures`)
  const [colour] = colours
  return colour ?? null
}

const writePlain = async (doc: Document) => {
  // Decoded on read, so nothing needs them; written, they would make viewers refuse the file.
  for (const extension of doc.getRoot().listExtensionsUsed()) extension.dispose()
  return new NodeIO().writeBinary(doc)
}

/** Shrinks the colour texture (JPEG, or PNG when it has transparency) until the whole file fits the budget. */
const fitBudget = async (doc: Document, colour: Texture | null) => {
  const mime = colour?.getMimeType()
  const keepPng =
    mime === "image/png" && (await sharp(colour?.getImage() ?? Buffer.alloc(0)).stats()).isOpaque === false
  let side = MAX_TEXTURE_SIZE
  for (;;) {
    if (colour !== null) {
      await doc.transform(
        textureCompress({ encoder: sharp, targetFormat: keepPng ? "png" : "jpeg", resize: [side, side], quality: 85 }),
      )
    }
    const glb = await writePlain(doc)
    if (glb.byteLength <= MAX_GLB_BYTES) return { glb, side: colour?.getSize()?.[0] ?? 0 }
    if (colour === null || side / 2 < MIN_TEXTURE_SIDE) {
      throw new UnusableModel("over-budget", `${glb.byteLength} bytes`)
    }
    side /= 2
  }
}

/** Provider GLB bytes in, a dish model meeting every budget out; throws `UnusableModel` when it cannot be. */
export const fitProviderModel = async (bytes: Uint8Array, footprint: Footprint): Promise<FittedModel> => {
  const doc = await readUntrusted(bytes)
  await fitToFootprint(doc, footprint)
  await reduceTriangles(doc)
  addMissingNormals(doc)
  const colour = keepColourOnly(doc)
  await doc.transform(prune())
  const { glb, side } = await fitBudget(doc, colour)

  const scene = doc.getRoot().listScenes()[0]
  const bounds = scene === undefined ? { min: [0, 0, 0], max: [0, 0, 0] } : getBounds(scene)
  const [minX = 0, minY = 0, minZ = 0] = bounds.min
  const [maxX = 0, maxY = 0, maxZ = 0] = bounds.max
  return {
    glb,
    stats: {
      triangles: countTriangles(doc),
      vertices: doc
        .getRoot()
        .listMeshes()
        .flatMap((mesh) => mesh.listPrimitives())
        .reduce((n, prim) => n + (prim.getAttribute("POSITION")?.getCount() ?? 0), 0),
      bytes: glb.byteLength,
      bounds: { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] },
      textureSize: side,
    },
  }
}
