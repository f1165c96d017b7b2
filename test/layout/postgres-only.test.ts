import net from "node:net"
import { describe, expect, it } from "vitest"

// Runs in the `db` project, whose setup file (test/support/postgres-only.ts) refuses every real service but Postgres.
describe("the Postgres-only test project", () => {
  it.each([
    ["Redis", 6379],
    ["clamd", 3399],
    ["S3", 7480],
  ])("refuses a connection to %s and names the way out", (service, port) => {
    expect(() => net.connect({ host: "127.0.0.1", port })).toThrow(`${service} (port ${port})`)
    expect(() => net.connect(port, "127.0.0.1")).toThrow("*.live.test.ts")
  })

  it("lets Postgres through", async () => {
    const socket = net.connect({ host: "127.0.0.1", port: 5432 })
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject))
    socket.destroy()
  })
})
