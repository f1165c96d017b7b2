import { validateBytes } from "gltf-validator"

export interface ValidationMessage {
  readonly code: string
  readonly message: string
  /** 0 error, 1 warning, 2 information, 3 hint. */
  readonly severity: number
  readonly pointer?: string
}

export interface ValidationResult {
  readonly numErrors: number
  readonly numWarnings: number
  readonly messages: readonly ValidationMessage[]
  readonly triangles: number
  readonly vertices: number
  readonly extensionsUsed: readonly string[]
}

/** Runs the Khronos glTF-Validator on a GLB; a model may only be published with zero errors. */
export const validateGlb = async (glb: Uint8Array): Promise<ValidationResult> => {
  const report = await validateBytes(glb, { maxIssues: 100, format: "glb", writeTimestamp: false })
  return {
    numErrors: report.issues.numErrors,
    numWarnings: report.issues.numWarnings,
    messages: report.issues.messages.map(({ code, message, severity, pointer }) =>
      pointer === undefined ? { code, message, severity } : { code, message, severity, pointer },
    ),
    triangles: report.info?.totalTriangleCount ?? 0,
    vertices: report.info?.totalVertexCount ?? 0,
    extensionsUsed: report.info?.extensionsUsed ?? [],
  }
}
