import net from "node:net"

// Setup file of the `db` test project (vitest.config.ts): its tests may use Postgres and nothing else of the
// real services. A connection to Redis, clamd or S3 fails at once and says what to do, so a test cannot
// start to depend on them unnoticed while `npm run test:fast` stays the Postgres-only run.
const portOf = (url: string) => new URL(url).port
const refused = new Map<string, string>([
  [portOf(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"), "Redis"],
  [process.env.CLAMD_PORT ?? "3399", "clamd"],
  [portOf(process.env.S3_ENDPOINT ?? "http://127.0.0.1:7480"), "S3"],
])

const portArgument = (first: unknown): string | undefined => {
  // net.connect() hands the socket its arguments already normalized, as [options, listener].
  if (Array.isArray(first)) return portArgument(first[0])
  if (typeof first === "number" || typeof first === "string") return String(first)
  if (typeof first === "object" && first !== null && "port" in first) return String(first.port)
  return undefined
}

const connect = net.Socket.prototype.connect
const refuseAllButPostgres = function (this: net.Socket, ...args: Array<unknown>) {
  const port = portArgument(args[0])
  const service = port === undefined ? undefined : refused.get(port)
  if (service !== undefined) {
    throw new Error(
      `${service} (port ${port}) is not available to this test file: it runs in the Postgres-only "db" project. ` +
        "Use the test doubles, or name the file *.live.test.ts to run it with the real services.",
    )
  }
  return Reflect.apply(connect, this, args) as net.Socket
} as typeof net.Socket.prototype.connect

// The project's files share a worker (vitest.config.ts) and each runs this file: the guard goes in once.
const installed = Symbol.for("ardine.test.postgresOnly")
if (!Reflect.has(net.Socket.prototype, installed)) {
  Reflect.defineProperty(net.Socket.prototype, installed, { value: true })
  net.Socket.prototype.connect = refuseAllButPostgres
}
