import type { Document, Material, Primitive } from "@gltf-transform/core"

// The dish as a USD text layer, read off the glTF document the GLB was written from: same meshes, same
// metres and axes (glTF is Y up, metres, counter-clockwise front faces, which is USD's rightHanded), the
// photo as a `UsdUVTexture` feeding a `UsdPreviewSurface` (what iOS Quick Look renders).

export interface UsdaLayer {
  readonly text: string
  readonly meshes: number
  readonly vertices: number
}

/** Positions and texture coordinates to 10 µm (of a dish a few cm across), normals to 1e-4. */
const fixed = (digits: number) => {
  const scale = 10 ** digits
  return (v: number) => String(Math.round(v * scale) / scale)
}
const position = fixed(5)
const unit = fixed(4)

const tuples = (values: ArrayLike<number>, size: number, format: (v: number) => string): string => {
  const out: string[] = new Array(values.length / size)
  for (let i = 0, t = 0; i < values.length; i += size, t++) {
    let tuple = format(values[i] ?? 0)
    for (let k = 1; k < size; k++) tuple += `,${format(values[i + k] ?? 0)}`
    out[t] = `(${tuple})`
  }
  return `[${out.join(",")}]`
}

/** USD prim names: letters, digits and underscores, not starting with a digit. */
const primName = (name: string, index: number) => `${name.replace(/[^A-Za-z0-9_]/g, "_") || "part"}_${index}`

const color3 = (rgb: ArrayLike<number>) => `(${unit(rgb[0] ?? 0)}, ${unit(rgb[1] ?? 0)}, ${unit(rgb[2] ?? 0)})`

const materialPrim = (material: Material | null, name: string, texturePath: string | null): string => {
  const path = `/Root/Materials/${name}`
  const factor = material?.getBaseColorFactor() ?? [1, 1, 1, 1]
  const textured = texturePath !== null && material?.getBaseColorTexture() != null
  // glTF multiplies the texture by the colour factor; UsdUVTexture's `scale` does the same.
  const diffuse = textured
    ? `color3f inputs:diffuseColor.connect = <${path}/Photo.outputs:rgb>`
    : `color3f inputs:diffuseColor = ${color3(factor)}`
  const opacity =
    material?.getAlphaMode() === "BLEND" ? `\n                float inputs:opacity = ${unit(factor[3])}` : ""
  const texture = textured
    ? `

            def Shader "Photo"
            {
                uniform token info:id = "UsdUVTexture"
                asset inputs:file = @${texturePath}@
                float2 inputs:st.connect = <${path}/St.outputs:result>
                float4 inputs:scale = (${unit(factor[0])}, ${unit(factor[1])}, ${unit(factor[2])}, 1)
                token inputs:sourceColorSpace = "sRGB"
                token inputs:wrapS = "clamp"
                token inputs:wrapT = "clamp"
                float3 outputs:rgb
            }

            def Shader "St"
            {
                uniform token info:id = "UsdPrimvarReader_float2"
                string inputs:varname = "st"
                float2 outputs:result
            }`
    : ""
  return `
        def Material "${name}"
        {
            token outputs:surface.connect = <${path}/Surface.outputs:surface>

            def Shader "Surface"
            {
                uniform token info:id = "UsdPreviewSurface"
                ${diffuse}
                float inputs:metallic = ${unit(material?.getMetallicFactor() ?? 0)}
                float inputs:roughness = ${unit(material?.getRoughnessFactor() ?? 1)}${opacity}
                int inputs:useSpecularWorkflow = 0
                token outputs:surface
            }${texture}
        }
`
}

/**
 * World-space positions and normals of a primitive. The builder's nodes are untransformed; a rotation, move
 * or uniform scale is still applied right (a non-uniform scale would need the inverse transpose for normals).
 */
const worldArrays = (primitive: Primitive, matrix: ArrayLike<number>) => {
  const positions = Float32Array.from(primitive.getAttribute("POSITION")?.getArray() ?? [])
  const normals = Float32Array.from(primitive.getAttribute("NORMAL")?.getArray() ?? [])
  const m = (i: number) => matrix[i] ?? 0
  for (let i = 0; i < positions.length; i += 3) {
    const [x, y, z] = [positions[i] ?? 0, positions[i + 1] ?? 0, positions[i + 2] ?? 0]
    positions[i] = m(0) * x + m(4) * y + m(8) * z + m(12)
    positions[i + 1] = m(1) * x + m(5) * y + m(9) * z + m(13)
    positions[i + 2] = m(2) * x + m(6) * y + m(10) * z + m(14)
    const [nx, ny, nz] = [normals[i] ?? 0, normals[i + 1] ?? 0, normals[i + 2] ?? 0]
    const [tx, ty, tz] = [
      m(0) * nx + m(4) * ny + m(8) * nz,
      m(1) * nx + m(5) * ny + m(9) * nz,
      m(2) * nx + m(6) * ny + m(10) * nz,
    ]
    const length = Math.hypot(tx, ty, tz) || 1
    normals[i] = tx / length
    normals[i + 1] = ty / length
    normals[i + 2] = tz / length
  }
  return { positions, normals }
}

const extentOf = (positions: Float32Array): string => {
  const min = [Infinity, Infinity, Infinity]
  const max = [-Infinity, -Infinity, -Infinity]
  for (let i = 0; i < positions.length; i++) {
    const axis = i % 3
    const v = positions[i] ?? 0
    if (v < (min[axis] ?? 0)) min[axis] = v
    if (v > (max[axis] ?? 0)) max[axis] = v
  }
  return tuples([...min, ...max], 3, position)
}

const meshPrim = (primitive: Primitive, matrix: ArrayLike<number>, name: string, material: string): string => {
  const { positions, normals } = worldArrays(primitive, matrix)
  const indices = primitive.getIndices()?.getArray() ?? Uint32Array.from({ length: positions.length / 3 }, (_, i) => i)
  const uv = primitive.getAttribute("TEXCOORD_0")?.getArray()
  let st = ""
  if (uv) {
    // glTF's texture origin is the image's top-left corner, USD's the bottom-left.
    const flipped = Float32Array.from(uv)
    for (let i = 1; i < flipped.length; i += 2) flipped[i] = 1 - (flipped[i] ?? 0)
    st = `
        texCoord2f[] primvars:st = ${tuples(flipped, 2, position)} (
            interpolation = "vertex"
        )`
  }
  return `
    def Mesh "${name}" (
        prepend apiSchemas = ["MaterialBindingAPI"]
    )
    {
        float3[] extent = ${extentOf(positions)}
        int[] faceVertexCounts = [${new Array(indices.length / 3).fill("3").join(",")}]
        int[] faceVertexIndices = [${Array.from(indices).join(",")}]
        rel material:binding = </Root/Materials/${material}>
        normal3f[] normals = ${tuples(normals, 3, unit)} (
            interpolation = "vertex"
        )
        point3f[] points = ${tuples(positions, 3, position)}${st}
        uniform token subdivisionScheme = "none"
    }
`
}

/**
 * The layer for `doc`'s default scene: one Mesh prim per triangle primitive, one Material per glTF material.
 * `texturePath` is where the base colour image sits inside the archive (null: the model has none).
 */
export const writeUsda = (doc: Document, texturePath: string | null): UsdaLayer => {
  const root = doc.getRoot()
  const scene = root.getDefaultScene() ?? root.listScenes()[0]
  const materials = new Map<Material | null, string>()
  const meshes: string[] = []
  let vertices = 0
  scene?.traverse((node) => {
    const matrix = node.getWorldMatrix()
    for (const primitive of node.getMesh()?.listPrimitives() ?? []) {
      if (primitive.getMode() !== 4) throw new Error("only triangle meshes can be written as USD")
      const material = primitive.getMaterial()
      const materialName = materials.get(material) ?? primName(material?.getName() ?? "material", materials.size)
      materials.set(material, materialName)
      meshes.push(meshPrim(primitive, matrix, primName(node.getName(), meshes.length), materialName))
      vertices += primitive.getAttribute("POSITION")?.getCount() ?? 0
    }
  })
  const materialPrims = [...materials].map(([material, name]) => materialPrim(material, name, texturePath)).join("")
  const text = `#usda 1.0
(
    customLayerData = {
        string creator = "Ardine"
    }
    defaultPrim = "Root"
    metersPerUnit = 1
    upAxis = "Y"
)

def Xform "Root" (
    kind = "component"
)
{
    def Scope "Materials"
    {${materialPrims}    }
${meshes.join("")}}
`
  return { text, meshes: meshes.length, vertices }
}
