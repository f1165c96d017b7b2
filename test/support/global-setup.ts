import { randomBytes } from "node:crypto"
import type { TestProject } from "vitest/node"
import { adminQuery, withDatabase } from "./database-url.js"

// Each test run gets its own freshly created database, so concurrent runs never interfere.
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
  const name = `ardine_test_${Date.now()}_${randomBytes(3).toString("hex")}`
  await adminQuery(base, `CREATE DATABASE ${name}`)
  project.provide("databaseUrl", withDatabase(base, name))
  return async () => {
    if (process.env.KEEP_TEST_DATABASE) return
    await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}
