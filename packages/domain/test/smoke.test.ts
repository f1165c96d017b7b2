import { expect, inject, it } from "vitest"

it("gets a database url", () => {
  expect(inject("databaseUrl")).toMatch(/ardine_test_/)
})
