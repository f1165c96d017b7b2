import { spawn, spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { appSettingsConfig } from "@ardine/infra"
import { ConfigProvider, Effect, Either } from "effect"
import { describe, expect, inject, it } from "vitest"
import "@ardine/test-support/provided-context"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url))

/** .env.example as `npm start` (and docker compose's env_file) reads it: every uncommented NAME=value. */
const envExample = (): Record<string, string> =>
  Object.fromEntries(
    [
      ...readFileSync(new URL("../../../.env.example", import.meta.url), "utf8").matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm),
    ].map((m) => [m[1] as string, m[2] as string]),
  )

const start = (env: Record<string, string>) =>
  spawnSync(tsx, [main], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    encoding: "utf8",
    timeout: 30_000,
  })

describe("start-up configuration", () => {
  it("stops with one clear line per missing required variable", () => {
    const run = start({})
    expect(run.status).toBe(1)
    const lines = run.stderr.trim().split("\n")
    expect(lines).toEqual([
      expect.stringMatching(/^ardine: missing required configuration DATABASE_URL/),
      expect.stringMatching(/^ardine: missing required configuration SESSION_SECRET/),
    ])
  })

  it("names an invalid value without printing it", () => {
    const run = start({ DATABASE_URL: "postgres://u:hunter2@127.0.0.1:1/x", SESSION_SECRET: "too-short" })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^ardine: invalid configuration.*SESSION_SECRET must be at least 32 characters/m)
    expect(run.stderr).not.toContain("too-short")
    expect(run.stderr).not.toContain("hunter2")
  })

  it("refuses .env.example's change-me placeholders when the app is served over https, in one line", () => {
    const env = envExample()
    expect(env.SESSION_SECRET).toContain("change-me")
    const run = start({ ...env, APP_ORIGIN: "https://menu.example.com" })
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split("\n")).toEqual([
      "ardine: invalid configuration: SESSION_SECRET still contains .env.example's change-me placeholder while APP_ORIGIN is https: set real secrets",
    ])
    expect(run.stderr).not.toContain(env.SESSION_SECRET)
  })

  it("names every placeholder secret, including the stores' passwords inside their URLs", () => {
    const check = (settings: Record<string, string>) =>
      Effect.runSync(
        Effect.either(
          Effect.withConfigProvider(appSettingsConfig, ConfigProvider.fromMap(new Map(Object.entries(settings)))),
        ),
      )
    const real = randomBytes(32).toString("hex")
    const placeholders = {
      SESSION_SECRET: "change-me-to-64-hex-characters-from-openssl-rand-hex-32",
      DATABASE_URL: "postgres://ardine:change-me-postgres-password@db:5432/ardine",
      REDIS_URL: "redis://:change-me-redis@redis:6379",
      S3_SECRET_KEY: "change-me-minio-app-password",
    }
    const refused = check({ ...placeholders, APP_ORIGIN: "http://localhost,https://menu.example.com" })
    expect(Either.isLeft(refused) && String(refused.left)).toMatch(
      /SESSION_SECRET, DATABASE_URL, REDIS_URL, S3_SECRET_KEY still contain \.env\.example's change-me placeholder/,
    )
    // Local runs over plain http keep working with the file as it is.
    expect(Either.isRight(check({ ...placeholders, APP_ORIGIN: "http://localhost:4000" }))).toBe(true)
    // Real secrets over https pass.
    const https = check({
      SESSION_SECRET: real,
      DATABASE_URL: `postgres://ardine:${real}@db:5432/ardine`,
      S3_SECRET_KEY: real,
      APP_ORIGIN: "https://menu.example.com",
    })
    expect(Either.isRight(https)).toBe(true)
  })

  it(".env.example copied as-is serves with every dependency up (clamd included) where `npm start` runs them", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address()
        server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
      })
    })
    const storageDir = join(tmpdir(), `ardine-startup-${randomBytes(4).toString("hex")}`)
    // Only what `npm start` itself decides differs: its database (here the test run's), port and folders.
    const child = spawn(tsx, [main], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        ...envExample(),
        DATABASE_URL: inject("databaseUrl"),
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_ORIGIN: `http://localhost:${port}`,
        REDIS_KEY_PREFIX: `test:${randomBytes(6).toString("hex")}:`,
        STORAGE_DIR: storageDir,
      },
      stdio: ["ignore", "ignore", "pipe"],
    })
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    try {
      const deadline = Date.now() + 25_000
      let checks: Record<string, string> | undefined
      while (checks === undefined) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`the API did not become ready:\n${stderr}`)
        const reply = await fetch(`http://127.0.0.1:${port}/api/health/ready`).catch(() => undefined)
        if (reply?.status === 200) checks = ((await reply.json()) as { checks: Record<string, string> }).checks
        else await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(checks).toEqual({ database: "up", redis: "up", storage: "up", scanner: "up" })
    } finally {
      child.kill("SIGTERM")
      await rm(storageDir, { recursive: true, force: true })
    }
  }, 40_000)
})
