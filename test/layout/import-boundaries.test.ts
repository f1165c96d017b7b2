import { execFile } from "node:child_process"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

// The package boundaries are Biome rules (biome.json, `overrides`): this lints files that cross them, with the
// repository's own configuration, in a scratch copy so the tree is never touched.
const repo = fileURLToPath(new URL("../../", import.meta.url))
const biome = join(repo, "node_modules/.bin/biome")
const run = promisify(execFile)

// [file, import] pairs: each `allowed` import must lint clean, each `refused` one must be refused.
const allowed: ReadonlyArray<readonly [string, string]> = [
  ["packages/domain/src/a/ok.ts", "./sibling.js"],
  ["packages/web/src/screens/ok.ts", "@ardine/domain"],
  ["packages/web/src/screens/owner/ok.ts", "../../api/auth.js"], // web's own API client folder
  ["packages/infra/src/ok.ts", "@ardine/domain"],
  ["packages/api/src/ok.ts", "@ardine/infra"],
  ["packages/worker/src/ok.ts", "@ardine/infra"],
]
const refused: ReadonlyArray<readonly [string, string]> = [
  ["packages/domain/src/infra.ts", "@ardine/infra"],
  ["packages/domain/src/a/relative.ts", "../../../infra/src/AppConfig.js"],
  ["packages/web/src/api.ts", "@ardine/api"],
  ["packages/web/src/screens/infra.ts", "../../../infra/src/AppConfig.js"],
  ["packages/api/src/worker.ts", "@ardine/worker"],
  ["packages/api/src/seed/relative.ts", "../../../worker/src/keys.js"],
  ["packages/worker/src/api.ts", "@ardine/api"],
  ["packages/worker/src/relative.ts", "../../api/src/seed/demoPhoto.js"],
  ["packages/infra/src/api.ts", "@ardine/api"],
  ["packages/infra/src/worker.ts", "@ardine/worker/src/keys.js"],
  ["packages/infra/src/web.ts", "@ardine/web"],
]

const scratch = await mkdtemp(join(tmpdir(), "ardine-boundaries-"))
afterAll(() => rm(scratch, { recursive: true, force: true }))

interface Report {
  readonly diagnostics: ReadonlyArray<{ readonly category: string; readonly location: { readonly path: string } }>
}

const lint = async (): Promise<Map<string, Array<string>>> => {
  const config = JSON.parse(await readFile(join(repo, "biome.json"), "utf8")) as Record<string, unknown>
  // The scratch folder is no git checkout and has no node_modules to find the schema in.
  const { $schema: _schema, ...rest } = config
  await writeFile(join(scratch, "biome.json"), JSON.stringify({ ...rest, vcs: { enabled: false } }))
  for (const [file, specifier] of [...allowed, ...refused]) {
    await mkdir(dirname(join(scratch, file)), { recursive: true })
    await writeFile(join(scratch, file), `import { x } from "${specifier}"\n\nexport const y = x\n`)
  }
  // Biome exits non-zero when it finds errors; the report on stdout is what counts.
  const { stdout } = await run(biome, ["lint", "--reporter=json", "."], { cwd: scratch }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  )
  const report = JSON.parse(stdout) as Report
  const byFile = new Map<string, Array<string>>()
  for (const { category, location } of report.diagnostics) {
    byFile.set(location.path, [...(byFile.get(location.path) ?? []), category])
  }
  return byFile
}

describe("package import boundaries (biome.json)", () => {
  it("refuse every crossing and nothing else", async () => {
    const found = await lint()
    for (const [file] of allowed) expect(found.get(file), file).toBeUndefined()
    for (const [file] of refused) expect(found.get(file), file).toEqual(["lint/style/noRestrictedImports"])
  })
})
