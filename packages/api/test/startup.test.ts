import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url))

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
})
