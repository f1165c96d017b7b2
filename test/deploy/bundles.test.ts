// The server bundles the images run (scripts/build.sh server): each starts from plain Node with only
// node_modules beside it, answers its health endpoint, and exits 0 on SIGTERM; migrate applies and exits.
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import "../support/provided-context.js"
import { freePort, root, run } from "./support.js"

// Inside the repository, so the bundles resolve node_modules and package.json ("type": "module") as in /app.
const out = join(root, "test-artifacts", `deploy-bundles-${randomBytes(3).toString("hex")}`)
let storage: string
const children: Array<ChildProcess> = []

const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: "production",
  DATABASE_URL: inject("databaseUrl"),
  DATABASE_MAX_CONNECTIONS: "3",
  SESSION_SECRET: randomBytes(32).toString("hex"),
  REDIS_KEY_PREFIX: `test:${randomBytes(6).toString("hex")}:`,
  MIGRATIONS_DIR: join(root, "database/migrations"),
  STORAGE_DIR: storage,
  CLAMAV_PORT: process.env.CLAMD_PORT ?? "3399",
  LOG_LEVEL: "Warn",
  ...extra,
})

interface Started {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

const start = (file: string, environment: NodeJS.ProcessEnv): Started => {
  const child = spawn(process.execPath, ["--enable-source-maps", join(out, file)], {
    cwd: root,
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  })
  children.push(child)
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  return { child, output: () => output, exited }
}

const within = <A>(promise: Promise<A>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)),
  ])

const waitForOk = async (url: string, started: Started, ms: number) => {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      const response = await fetch(url)
      if (response.status === 200) return (await response.json()) as unknown
    } catch {
      // not listening yet
    }
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`)
    if (Date.now() > deadline) throw new Error(`${url} never answered 200:\n${started.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

beforeAll(async () => {
  storage = await mkdtemp(join(tmpdir(), "ardine-bundle-storage-"))
  const build = await run("sh", ["scripts/build.sh", "server"], { env: { ...process.env, OUT_DIR: out } })
  expect(build.code, build.stderr).toBe(0)
})

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  await rm(out, { recursive: true, force: true })
  if (storage !== undefined) await rm(storage, { recursive: true, force: true })
})

describe("server bundles (dist/)", () => {
  it("migrate.js applies the migrations and exits 0", async () => {
    const migrate = start("migrate.js", env({}))
    const code = await within(migrate.exited, 15_000, "migrate.js").catch((error: Error) => {
      migrate.child.kill("SIGKILL")
      throw new Error(`${error.message}\n${migrate.output()}`)
    })
    expect(code, migrate.output()).toBe(0)
  })

  it("main.js serves /api/health/ready and exits 0 on SIGTERM", async () => {
    const port = await freePort()
    const api = start("main.js", env({ PORT: String(port), HOST: "127.0.0.1", SHUTDOWN_GRACE_MS: "500" }))
    const ready = (await waitForOk(`http://127.0.0.1:${port}/api/health/ready`, api, 20_000)) as {
      checks: { database: string }
    }
    expect(ready.checks.database).toBe("up")
    api.child.kill("SIGTERM")
    expect(await within(api.exited, 10_000, "main.js after SIGTERM"), api.output()).toBe(0)
  })

  it("worker.js serves /health/ready on WORKER_HEALTH_PORT and exits 0 on SIGTERM", async () => {
    const port = await freePort()
    const worker = start("worker.js", env({ WORKER_HEALTH_PORT: String(port), WORKER_HEALTH_HOST: "127.0.0.1" }))
    const ready = (await waitForOk(`http://127.0.0.1:${port}/health/ready`, worker, 20_000)) as { status: string }
    expect(ready.status).toBe("ok")
    worker.child.kill("SIGTERM")
    expect(await within(worker.exited, 15_000, "worker.js after SIGTERM"), worker.output()).toBe(0)
  })
})
