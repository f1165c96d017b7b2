// Checks the diner menu's JavaScript budget after `npx vite build packages/web`: everything a phone
// downloads to show /r/:slug (entry, router, API client, the diner shell and menu screens) must stay
// under 120 kB gzipped. The 3D viewer is loaded later, only on dish pages, and is reported apart.
// Usage: node packages/web/scripts/bundle-size.mjs
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

const BUDGET_KB = 120
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist")
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"))

/** The chunk files a set of manifest entries loads before running (static imports, transitively). */
const closure = (keys) => {
  const files = new Set()
  const visit = (key) => {
    const chunk = manifest[key]
    if (chunk === undefined) throw new Error(`${key} is not in the build manifest`)
    if (files.has(chunk.file)) return
    files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const key of keys) visit(key)
  return files
}

const gzipKb = (files) =>
  [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0) / 1024

const menuFiles = closure(["index.html", "src/screens/diner/DinerShell.tsx", "src/screens/diner/DinerMenu.tsx"])
const viewerKey = Object.keys(manifest).find((key) => key.includes("@google/model-viewer"))
const viewerFiles = viewerKey === undefined ? new Set() : closure([viewerKey])
for (const file of menuFiles) viewerFiles.delete(file)

const menuKb = gzipKb(menuFiles)
console.log(
  `diner menu initial JS: ${menuKb.toFixed(1)} kB gzipped in ${menuFiles.size} files (budget ${BUDGET_KB} kB)`,
)
console.log(`model-viewer (loaded on dish pages only): ${gzipKb(viewerFiles).toFixed(1)} kB gzipped`)
if (menuKb > BUDGET_KB) {
  console.error("over budget")
  process.exit(1)
}
