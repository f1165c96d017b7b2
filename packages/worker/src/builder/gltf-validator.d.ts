// gltf-validator ships no types; this covers the part the builder uses.
declare module "gltf-validator" {
  export interface ValidationOptions {
    uri?: string
    format?: "glb" | "gltf"
    maxIssues?: number
    ignoredIssues?: string[]
    onlyIssues?: string[]
    writeTimestamp?: boolean
    externalResourceFunction?: (uri: string) => Promise<Uint8Array>
  }

  export interface ValidationIssue {
    code: string
    message: string
    /** 0 error, 1 warning, 2 information, 3 hint. */
    severity: number
    pointer?: string
    offset?: number
  }

  export interface ValidationReport {
    issues: {
      numErrors: number
      numWarnings: number
      numInfos: number
      numHints: number
      messages: ValidationIssue[]
      truncated: boolean
    }
    info?: {
      totalTriangleCount?: number
      totalVertexCount?: number
      extensionsUsed?: string[]
    }
  }

  export function validateBytes(data: Uint8Array, options?: ValidationOptions): Promise<ValidationReport>
  export function version(): string
}
