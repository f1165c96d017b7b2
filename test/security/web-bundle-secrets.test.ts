// The browser bundle carries no server secret. The production build runs with every server secret set to a
// canary value in its environment (as on a build machine that has them), and no file it writes may contain
// a canary, a secret's name or anything shaped like a key.
// Rerun: npx vitest run test/security/web-bundle-secrets.test.ts
import { randomBytes } from "node:crypto"
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { buildWeb } from "../e2e/support/stack.js"

const canary = (name: string) => `canary-${name.toLowerCase()}-${randomBytes(8).toString("hex")}`
const secrets = {
  DATABASE_URL: `postgres://ardine:${canary("db-password")}@db.internal:5432/ardine`,
  SESSION_SECRET: canary("session"),
  GEMINI_API_KEY: canary("gemini"),
  S3_ACCESS_KEY: canary("s3-access"),
  S3_SECRET_KEY: canary("s3-secret"),
  REDIS_URL: `redis://:${canary("redis-password")}@redis.internal:6379`,
}

let logDir: string
let dist: string
const files: Array<string> = []

beforeAll(async () => {
  logDir = await mkdtemp(join(tmpdir(), "ardine-bundle-secrets-"))
  dist = await buildWeb(logDir, { ...process.env, ...secrets })
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else files.push(path)
    }
  }
  await walk(dist)
}, 240_000)

afterAll(async () => {
  if (dist !== undefined) await rm(dist, { recursive: true, force: true })
  if (logDir !== undefined) await rm(logDir, { recursive: true, force: true })
})

describe("the web bundle", () => {
  it("carries none of the secrets the build saw, and nothing shaped like one", async () => {
    expect(files.some((f) => f.endsWith(".js"))).toBe(true)
    const forbidden: ReadonlyArray<RegExp | string> = [
      // The values themselves (the canary inside each URL is the secret part).
      ...Object.values(secrets).map((value) => value.match(/canary-[a-z0-9-]+/)?.[0] ?? value),
      ...Object.keys(secrets).map((name) => new RegExp(name)),
      /AIza[0-9A-Za-z_-]{35}/,
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
      /postgres(ql)?:\/\/[^"'\s]*@/,
      /AKIA[0-9A-Z]{16}/,
    ]
    const hits: Array<string> = []
    for (const file of files) {
      if ((await stat(file)).size > 20_000_000) continue
      const text = await readFile(file, "latin1")
      for (const pattern of forbidden) {
        if (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)) hits.push(`${file}: ${pattern}`)
      }
    }
    expect(hits).toEqual([])
  })
})
