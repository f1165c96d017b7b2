import { execFile } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createServer } from "node:net"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

const execFileAsync = promisify(execFile)

const installHint = "run `bash scripts/services/deploy-tools.sh` (npm test does) to install the deployment tools"

/** A tool the deploy checks need, or a clear failure naming how to get it. */
export const tool = (name: "helm" | "nginx" | "docker-compose" | "envsubst"): string => {
  const candidates: Record<typeof name, ReadonlyArray<string>> = {
    helm: [
      process.env.HELM_BIN ?? "",
      join(root, "node_modules/.cache/ardine-deploy-tools/helm"),
      "/usr/local/bin/helm",
      "/usr/bin/helm",
    ],
    nginx: ["/usr/sbin/nginx"],
    "docker-compose": ["/usr/bin/docker-compose", "/usr/local/bin/docker-compose"],
    envsubst: ["/usr/bin/envsubst"],
  }
  const found = candidates[name].find((path) => path !== "" && existsSync(path))
  if (found === undefined) throw new Error(`${name} not found: ${installHint}`)
  return found
}

export interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command to completion (never through a shell); a non-zero exit is returned, not thrown. */
export const run = async (
  file: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly input?: string } = {},
): Promise<RunResult> => {
  try {
    const { stdout, stderr } = await execFileAsync(file, [...args], {
      cwd: options.cwd ?? root,
      env: options.env ?? process.env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message?: string }
    return {
      code: typeof e.code === "number" ? e.code : 1,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? e.message ?? "",
    }
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** The anonymous policy both buckets get (docker-compose's minio-init and the chart's bucket Job apply this file). */
export const storagePublicReadPolicy = (): string =>
  readFileSync(join(root, "helm/ardine/files/storage-public-read.json"), "utf8")
