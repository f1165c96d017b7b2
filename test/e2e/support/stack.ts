// The real stack for browser tests: a fresh production build of the web app, the API in this
// process (real Postgres, Redis, clamd; filesystem storage) serving that build, and the model
// worker as a child process in its own process group, on the same database, Redis prefix and storage.
// The database is the stack's own: its worker's reconciler would otherwise queue other test files'
// pending dishes, and the demo restaurant (slug "demo") may already be seeded there by another file.
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createWriteStream } from "node:fs"
import { mkdir, mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { inject } from "vitest"
import { adminQuery, withDatabase } from "../../support/database-url.js"

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url))
const bin = (name: string) => join(repoRoot, "node_modules/.bin", name)

/** Runs a command in its own process group; resolves with its exit code, output appended to `log`. */
const run = (command: string, args: ReadonlyArray<string>, log: string, env: NodeJS.ProcessEnv = process.env) =>
  new Promise<number>((resolve, reject) => {
    const out = createWriteStream(log, { flags: "a" })
    const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    child.stdout.pipe(out)
    child.stderr.pipe(out)
    child.on("error", reject)
    child.on("exit", (code) => resolve(code ?? 1))
  })

/** `vite build packages/web` into a temporary directory (never touches packages/web/dist). */
export const buildWeb = async (logDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const outDir = await mkdtemp(join(tmpdir(), "ardine-web-dist-"))
  const code = await run(
    bin("vite"),
    ["build", "packages/web", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    join(logDir, "vite-build.log"),
    env,
  )
  if (code !== 0) throw new Error(`vite build failed (exit ${code}); see ${join(logDir, "vite-build.log")}`)
  return outDir
}

/** Ends a child's whole process group: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
const stopGroup = async (child: ChildProcess, graceMs = 5_000): Promise<void> => {
  const pid = child.pid
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name)
    } catch {
      // Already gone.
    }
  }
  signal("SIGTERM")
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs))
  if ((await Promise.race([exited, timer])) === "timeout") {
    signal("SIGKILL")
    await exited
  }
}

export interface Stack {
  readonly api: TestApi
  readonly baseUrl: string
  readonly webDist: string
  readonly close: () => Promise<void>
}

export interface Services {
  readonly api: TestApi
  readonly close: () => Promise<void>
}

/** The API and the worker process on a database of their own; `workerEnv` adds to the worker's settings. */
export const startServices = async (
  logDir: string,
  options: { readonly apiSettings?: Record<string, string>; readonly workerEnv?: NodeJS.ProcessEnv } = {},
): Promise<Services> => {
  await mkdir(logDir, { recursive: true })
  const shared = inject("databaseUrl")
  const database = `ardine_test_stack_${Date.now()}_${randomBytes(3).toString("hex")}`
  await adminQuery(shared, `CREATE DATABASE ${database}`)
  const api = await startTestApi({ ...options.apiSettings, DATABASE_URL: withDatabase(shared, database) })
  const settings = api.settings
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: settings.DATABASE_URL,
    DATABASE_MAX_CONNECTIONS: "4",
    REDIS_KEY_PREFIX: settings.REDIS_KEY_PREFIX,
    STORAGE_DIR: settings.STORAGE_DIR,
    CLAMAV_PORT: settings.CLAMAV_PORT ?? "3399",
    WORKER_HEALTH_PORT: "0",
    WORKER_HEALTH_HOST: "127.0.0.1",
  }
  // Settings from the developer's shell must not point the worker somewhere else.
  for (const name of [
    "S3_ENDPOINT",
    "S3_BUCKET_IMAGES",
    "S3_BUCKET_MODELS",
    "GEMINI_API_KEY",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "MODEL_PROVIDER",
  ]) {
    delete env[name]
  }
  const workerLog = createWriteStream(join(logDir, "worker.log"), { flags: "w" })
  const worker = spawn(bin("tsx"), ["packages/worker/src/main.ts"], {
    cwd: repoRoot,
    env: { ...env, ...options.workerEnv },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  worker.stdout?.pipe(workerLog)
  worker.stderr?.pipe(workerLog)

  return {
    api,
    close: async () => {
      await stopGroup(worker)
      workerLog.end()
      await api.close()
      if (settings.STORAGE_DIR) await rm(settings.STORAGE_DIR, { recursive: true, force: true })
      if (process.env.KEEP_TEST_DATABASE === undefined) {
        await adminQuery(shared, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      }
    },
  }
}

export const startStack = async (logDir: string): Promise<Stack> => {
  await mkdir(logDir, { recursive: true })
  const webDist = await buildWeb(logDir)
  const services = await startServices(logDir, { apiSettings: { WEB_DIST_DIR: webDist } })
  return {
    api: services.api,
    baseUrl: services.api.baseUrl,
    webDist,
    close: async () => {
      await services.close()
      await rm(webDist, { recursive: true, force: true })
    },
  }
}
