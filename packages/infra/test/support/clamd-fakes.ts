// Loopback stand-ins for clamd, for the cases a real clamd cannot produce on demand.
import * as Net from "node:net"
import { Effect } from "effect"

export interface FakeClamd {
  readonly port: number
  /** Number of TCP connections accepted. */
  readonly connections: () => number
  /** The command of the last connection ("zINSTREAM", ...), without its NUL. */
  readonly command: () => string
  /** Lengths of the zINSTREAM frames received, terminator excluded. */
  readonly frames: () => ReadonlyArray<number>
  /** Payload bytes received (kept only when `keepPayload`). */
  readonly payload: () => Buffer
  readonly terminated: () => boolean
  /** Starts reading the connections of a server created with `paused: true`. */
  readonly resume: Effect.Effect<void>
}

const listen = (server: Net.Server) =>
  Effect.async<number, Error>((resume) => {
    server.once("error", (error) => resume(Effect.fail(error)))
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      if (address !== null && typeof address === "object") resume(Effect.succeed(address.port))
      else resume(Effect.fail(new Error("no address")))
    })
  })

const closeServer = (server: Net.Server, sockets: Set<Net.Socket>) =>
  Effect.async<void>((resume) => {
    for (const socket of sockets) socket.destroy()
    server.close(() => resume(Effect.void))
  })

/**
 * A server that speaks just enough zINSTREAM to record the framing, then sends `reply` (clamd's NUL included)
 * after the terminator. `reply: null` never answers. `paused` leaves the bytes in the kernel until `resume`.
 */
export const fakeClamd = (
  options: {
    readonly reply?: string | null
    readonly paused?: boolean
    readonly keepPayload?: boolean
    /** Destroys the connection once this many frames arrived. */
    readonly resetAfterFrames?: number
  } = {},
) =>
  Effect.gen(function* () {
    const reply = options.reply === undefined ? "stream: OK\0" : options.reply
    const sockets = new Set<Net.Socket>()
    const frames: Array<number> = []
    const payload: Array<Buffer> = []
    let connections = 0
    let command = ""
    let terminated = false
    let paused = options.paused ?? false

    const handle = (socket: Net.Socket) => {
      connections += 1
      sockets.add(socket)
      socket.on("error", () => {})
      socket.on("close", () => sockets.delete(socket))
      let pending: Buffer = Buffer.alloc(0)
      let state: "command" | "header" | "body" | "done" = "command"
      let remaining = 0
      socket.on("data", (data: Buffer) => {
        pending = pending.length === 0 ? data : Buffer.concat([pending, data])
        while (pending.length > 0 && state !== "done") {
          if (state === "command") {
            const nul = pending.indexOf(0)
            if (nul < 0) return
            command = pending.subarray(0, nul).toString("latin1")
            pending = pending.subarray(nul + 1)
            if (command !== "zINSTREAM") {
              if (reply !== null) socket.end(command === "zPING" ? "PONG\0" : reply)
              state = "done"
              return
            }
            state = "header"
          } else if (state === "header") {
            if (pending.length < 4) return
            const length = pending.readUInt32BE(0)
            pending = pending.subarray(4)
            if (length === 0) {
              terminated = true
              state = "done"
              if (reply !== null) socket.end(reply)
              return
            }
            frames.push(length)
            remaining = length
            state = "body"
          } else {
            const take = Math.min(remaining, pending.length)
            if (options.keepPayload) payload.push(Buffer.from(pending.subarray(0, take)))
            pending = pending.subarray(take)
            remaining -= take
            if (remaining === 0) {
              state = "header"
              if (options.resetAfterFrames !== undefined && frames.length >= options.resetAfterFrames) {
                socket.resetAndDestroy()
                state = "done"
                return
              }
            }
          }
        }
      })
      if (paused) socket.pause()
      else socket.resume()
    }

    const server = Net.createServer({ pauseOnConnect: options.paused ?? false }, handle)
    const port = yield* Effect.acquireRelease(listen(server), () => closeServer(server, sockets))
    const fake: FakeClamd = {
      port,
      connections: () => connections,
      command: () => command,
      frames: () => frames,
      payload: () => Buffer.concat(payload),
      terminated: () => terminated,
      resume: Effect.sync(() => {
        paused = false
        for (const socket of sockets) socket.resume()
      }),
    }
    return fake
  })

/** A port nothing listens on: bound once to get a free number, then closed. */
export const unusedPort = Effect.scoped(
  Effect.gen(function* () {
    const server = Net.createServer()
    return yield* Effect.acquireRelease(listen(server), () => closeServer(server, new Set()))
  }),
)
