// three.js ships no types; this covers the part of its USD reader the USDZ tests use.
declare module "three/addons/loaders/USDLoader.js" {
  export interface UsdMaterial {
    readonly map: { readonly image?: unknown } | null
    readonly opacity: number
    readonly transparent: boolean
  }
  export interface UsdObject {
    readonly name: string
    readonly isMesh?: boolean
    readonly geometry: {
      readonly attributes: Record<string, { readonly array: ArrayLike<number>; readonly count: number } | undefined>
      readonly index: { readonly count: number } | null
    }
    readonly material: UsdMaterial
    readonly matrixWorld: { readonly elements: ArrayLike<number> }
    traverse(visit: (object: UsdObject) => void): void
    updateMatrixWorld(force?: boolean): void
  }
  export class USDLoader {
    parse(buffer: ArrayBuffer): UsdObject
  }
}

declare module "three/addons/loaders/usd/USDAParser.js" {
  export class USDAParser {
    parseData(text: string): {
      readonly specsByPath: Record<string, { readonly fields: Record<string, unknown> } | undefined>
    }
  }
}

declare module "three/addons/libs/fflate.module.js" {
  export interface UnzipFileInfo {
    readonly name: string
    readonly size: number
    readonly originalSize: number
    readonly compression: number
  }
  export function unzipSync(
    data: Uint8Array,
    options?: { readonly filter?: (file: UnzipFileInfo) => boolean },
  ): Record<string, Uint8Array>
}
