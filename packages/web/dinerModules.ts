import { basename, dirname, extname, join } from "node:path"
import type { Rollup } from "vite"

// Which modules a diner's screens need, for the build's manualChunks (vite.config.ts). A plain walk
// of the import graph is not enough: every file imports `{ Schema } from "effect"` or
// `{ Menu } from "@ardine/domain"`, and those index modules re-export everything (Effect's streams,
// the whole HttpApi contract). So an import from an index module is followed only to the modules
// that define the names imported; other imports are followed as they are.

type Node = { readonly type: string; readonly [key: string]: unknown }
type Program = { readonly body: ReadonlyArray<Node> }

const indexModules = ["/node_modules/effect/dist/esm/index.js", "/packages/domain/src/index.ts"]
const isIndexModule = (id: string) => indexModules.some((suffix) => id.endsWith(suffix))

const sourceOf = (node: Node): string | undefined => {
  const source = node.source as { value?: unknown } | null | undefined
  return typeof source?.value === "string" ? source.value : undefined
}

const nameOf = (node: unknown): string | undefined => {
  const named = node as { name?: unknown; value?: unknown } | null | undefined
  if (typeof named?.name === "string") return named.name
  return typeof named?.value === "string" ? named.value : undefined
}

/** The module of `importedIds` a relative `source` ("./Schema.js", "./dish.js" for dish.ts) names. */
const resolveRelative = (info: Rollup.ModuleInfo, source: string): string | undefined => {
  const wanted = join(dirname(info.id), source)
  const stem = wanted.slice(0, wanted.length - extname(wanted).length)
  return info.importedIds.find((id) => id === wanted || id.slice(0, id.length - extname(id).length) === stem)
}

/** For an index module: which module defines each name it re-exports. */
const reexportedFrom = (getModuleInfo: Rollup.GetModuleInfo, index: Rollup.ModuleInfo) => {
  const byName = new Map<string, string>()
  for (const node of (index.ast as Program | null)?.body ?? []) {
    const source = sourceOf(node)
    if (source === undefined || (node.type !== "ExportAllDeclaration" && node.type !== "ExportNamedDeclaration")) {
      continue
    }
    const target = resolveRelative(index, source)
    if (target === undefined) continue
    const namespace = nameOf(node.exported)
    if (node.type === "ExportAllDeclaration" && namespace === undefined) {
      for (const name of getModuleInfo(target)?.exports ?? []) byName.set(name, target)
    } else if (namespace !== undefined) {
      byName.set(namespace, target)
    } else {
      for (const specifier of (node.specifiers as ReadonlyArray<{ exported: unknown }>) ?? []) {
        const name = nameOf(specifier.exported)
        if (name !== undefined) byName.set(name, target)
      }
    }
  }
  return byName
}

/** The names a module imports (or re-exports) from `source`, or undefined when it takes them all. */
const namesImported = (info: Rollup.ModuleInfo, source: string): ReadonlySet<string> | undefined => {
  const names = new Set<string>()
  for (const node of (info.ast as Program | null)?.body ?? []) {
    if (sourceOf(node) !== source) continue
    if (node.type === "ExportAllDeclaration") return undefined
    for (const specifier of (node.specifiers as ReadonlyArray<Node> | undefined) ?? []) {
      if (specifier.type === "ImportNamespaceSpecifier") return undefined
      const name = nameOf(specifier.type === "ExportSpecifier" ? specifier.local : specifier.imported)
      if (name !== undefined) names.add(name)
    }
  }
  return names
}

/** The specifier a module used for an index module: "effect", "@ardine/domain" (or a relative path). */
const specifierFor = (info: Rollup.ModuleInfo, index: string): string | undefined => {
  for (const node of (info.ast as Program | null)?.body ?? []) {
    const source = sourceOf(node)
    if (source === undefined) continue
    if (source === "effect" && index.includes("/node_modules/effect/")) return source
    if (source === "@ardine/domain" && index.endsWith("/packages/domain/src/index.ts")) return source
    if (source.startsWith(".") && resolveRelative(info, source) === index) return source
  }
  return undefined
}

/** Every module the given screens import statically, following index modules by name only. */
export const modulesImportedBy = (getModuleInfo: Rollup.GetModuleInfo, roots: ReadonlyArray<string>) => {
  const seen = new Set<string>()
  const indexes = new Map<string, Map<string, string>>()
  const visit = (id: string) => {
    if (seen.has(id)) return
    seen.add(id)
    const info = getModuleInfo(id)
    if (info === null) return
    for (const imported of info.importedIds) {
      if (!isIndexModule(imported)) {
        visit(imported)
        continue
      }
      const index = getModuleInfo(imported)
      const specifier = specifierFor(info, imported)
      const names = specifier === undefined ? undefined : namesImported(info, specifier)
      if (index === null || names === undefined) {
        visit(imported)
        continue
      }
      let byName = indexes.get(imported)
      if (byName === undefined) {
        byName = reexportedFrom(getModuleInfo, index)
        indexes.set(imported, byName)
      }
      for (const name of names) {
        const target = byName.get(name)
        if (target !== undefined) visit(target)
        else throw new Error(`${basename(id)} imports ${name}, which ${imported} does not re-export`)
      }
    }
  }
  for (const root of roots) visit(root)
  return seen
}
