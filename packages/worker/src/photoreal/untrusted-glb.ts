import type { JSONDocument } from "@gltf-transform/core"
import { Either, Schema } from "effect"

// The first look at a provider's GLB, before any of it is decoded: the container, the resources it points
// at, and the texture formats it needs. Anything here that fails is the provider's output, not ours.

/** Why a provider's file cannot become a dish model (the owner reads the mapped note, not this). */
export class UnusableModel extends Error {
  constructor(
    readonly why: "not-a-glb" | "external-resource" | "unsupported-texture" | "over-budget" | "unreadable",
    detail: string,
  ) {
    super(`${why}: ${detail}`)
  }
}

const GLB_MAGIC = 0x46546c67 // "glTF", little-endian
const JSON_CHUNK = 0x4e4f534a // "JSON"

const WithUris = Schema.Array(Schema.Struct({ uri: Schema.optional(Schema.String) }))
/** The parts of the glTF JSON that can point outside the file (the rest is read by the glTF reader). */
const ResourceList = Schema.parseJson(
  Schema.Struct({ buffers: Schema.optional(WithUris), images: Schema.optional(WithUris) }),
)
type ResourceList = typeof ResourceList.Type

/** Checks the GLB header and decodes its JSON chunk's resources: nothing else in the file has been read yet. */
export const readGlbResources = (bytes: Uint8Array): ResourceList => {
  if (bytes.byteLength < 20) throw new UnusableModel("not-a-glb", `${bytes.byteLength} bytes`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== GLB_MAGIC) throw new UnusableModel("not-a-glb", "no glTF header")
  if (view.getUint32(4, true) !== 2) throw new UnusableModel("not-a-glb", `glTF version ${view.getUint32(4, true)}`)
  if (view.getUint32(8, true) !== bytes.byteLength) throw new UnusableModel("not-a-glb", "length does not match")
  const jsonLength = view.getUint32(12, true)
  if (view.getUint32(16, true) !== JSON_CHUNK || 20 + jsonLength > bytes.byteLength) {
    throw new UnusableModel("not-a-glb", "no JSON chunk")
  }
  const decoded = Schema.decodeUnknownEither(ResourceList)(
    new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)),
  )
  if (Either.isLeft(decoded)) throw new UnusableModel("not-a-glb", decoded.left.message)
  return decoded.right
}

/** Everything must travel inside the GLB: a URI would make the server (or the diner's phone) fetch it. */
export const assertSelfContained = (json: ResourceList) => {
  for (const [kind, list] of [
    ["buffer", json.buffers ?? []],
    ["image", json.images ?? []],
  ] as const) {
    for (const item of list) {
      if (item.uri !== undefined) throw new UnusableModel("external-resource", `${kind} uri ${item.uri.slice(0, 80)}`)
    }
  }
}

const BASISU = "KHR_texture_basisu"

/**
 * KTX2 (Basis) textures need a transcoder this server does not have, and Scene Viewer cannot read them: a
 * texture that also names a PNG/JPEG `source` falls back to it; one that is KTX2 only makes the file unusable.
 */
export const dropKtx2 = (jsonDoc: JSONDocument) => {
  const { json } = jsonDoc
  for (const texture of json.textures ?? []) {
    const extensions = texture.extensions as Record<string, unknown> | undefined
    if (extensions === undefined || !(BASISU in extensions)) continue
    if (texture.source === undefined) throw new UnusableModel("unsupported-texture", "KTX2 texture without fallback")
    delete extensions[BASISU]
  }
  if (json.extensionsUsed) json.extensionsUsed = json.extensionsUsed.filter((name) => name !== BASISU)
  if (json.extensionsRequired) json.extensionsRequired = json.extensionsRequired.filter((name) => name !== BASISU)
  // The KTX2 images are now referenced by no texture: pruning after reading drops them.
}
