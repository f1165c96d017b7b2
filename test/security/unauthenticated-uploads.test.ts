// An anonymous client cannot make the API hold upload bodies in memory. The API runs as deployed (its own
// process, the image's NODE_OPTIONS), so its RSS is its own; 100 clients each start a 5 MB photo upload
// without a session and send the body slowly, in 64 KB pieces, holding back its closing boundary (a body the
// server would otherwise wait on). The API's RSS, sampled every 50 ms, must stay within a few MB of what it was
// before: the upload is answered 401 before its body is read, and what the client sends anyway is discarded.
// Before the fix each body was read into memory first (about 500 MB for the 100); the clients stop early as
// soon as the limit is crossed, so a regression fails fast instead of filling the machine's memory.
// Rerun: npx vitest run test/security/unauthenticated-uploads.test.ts
import { randomUUID } from "node:crypto"
import { readFileSync, rmSync } from "node:fs"
import { connect, type Socket } from "node:net"
import { testSettings } from "@ardine/api/test-support/testApi"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Child, freePort, sleep, startApiProcess, tempDir, waitFor } from "../faults/support.js"

const CLIENTS = 100
const BODY_BYTES = 5 * 1024 * 1024
const PIECE_BYTES = 64 * 1024
const PIECE_EVERY_MS = 100
/** How long the clients send (at 640 KB/s each, 5 MB takes them about 8 s). */
const SENDING_MS = 12_000
/**
 * "A few MB": what the API's RSS may grow by while the uploads are sent. Measured 5-9 MiB, most of it Node's
 * read-ahead of 64 KB per connection before any handler runs; before the fix it grew with every byte sent.
 */
const MAX_GROWTH_MIB = 16

let child: Child
let port: number
let storageDir: string

const rssMiB = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024
}

// The backend image's NODE_OPTIONS (its old-space limit), so the process is measured as it runs in production.
const imageNodeOptions = () =>
  /NODE_OPTIONS="([^"]*)"/.exec(readFileSync(new URL("../../Dockerfile.backend", import.meta.url), "utf8"))?.[1] ?? ""

beforeAll(async () => {
  port = await freePort()
  storageDir = tempDir("upload-memory")
  child = startApiProcess({
    ...testSettings({ STORAGE_DIR: storageDir, PORT: String(port), APP_ORIGIN: `http://127.0.0.1:${port}` }),
    LOG_LEVEL: "Warn",
    NODE_OPTIONS: imageNodeOptions(),
  })
  await waitFor(
    "the API to answer /api/health/live",
    () =>
      fetch(`http://127.0.0.1:${port}/api/health/live`)
        .then((r) => r.status)
        .catch(() => 0),
    (s) => s === 200 || child.exited(),
    45_000,
    200,
  )
  if (child.exited()) throw new Error(`the API exited at start:\n${child.lines.slice(-20).join("\n")}`)
}, 60_000)

afterAll(async () => {
  await child?.kill()
  if (storageDir !== undefined) rmSync(storageDir, { recursive: true, force: true })
})

interface SlowUpload {
  readonly socket: Socket
  /** The answer's status line, once it comes. */
  status: number | undefined
  sent: number
}

/** Sends the request head of a 5 MB anonymous photo upload, then the body piece by piece (never its end). */
const startSlowUpload = (path: string, stop: () => boolean): SlowUpload => {
  const socket = connect(port, "127.0.0.1")
  socket.on("error", () => undefined)
  const upload: SlowUpload = { socket, status: undefined, sent: 0 }
  socket.on("data", (chunk: Buffer) => {
    upload.status ??= Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString("latin1"))?.[1] ?? 0)
  })
  const boundary = "slow-upload-boundary"
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="dish.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  )
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`)
  socket.write(
    [
      `POST ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${preamble.length + BODY_BYTES + closing.length}`,
      "",
      "",
    ].join("\r\n"),
  )
  socket.write(preamble)
  const piece = Buffer.alloc(PIECE_BYTES, 0xab)
  const timer = setInterval(() => {
    if (stop() || socket.destroyed || upload.sent >= BODY_BYTES) return clearInterval(timer)
    // Slow, and polite to TCP: a piece only when the last one has left.
    if (socket.writableLength > 0) return
    const size = Math.min(PIECE_BYTES, BODY_BYTES - upload.sent)
    socket.write(piece.subarray(0, size))
    upload.sent += size
  }, PIECE_EVERY_MS)
  socket.on("close", () => clearInterval(timer))
  return upload
}

describe("100 slow anonymous 5 MB uploads", () => {
  it(`do not grow the API's memory by more than ${MAX_GROWTH_MIB} MiB`, { timeout: 60_000 }, async () => {
    const pid = child.process.pid ?? 0
    const path = `/api/restaurants/${randomUUID()}/dishes`
    // Settle, then take the lowest of a few samples as where the idle process stands.
    await sleep(1_000)
    const idle: Array<number> = []
    for (let i = 0; i < 5; i++) {
      idle.push(rssMiB(pid))
      await sleep(100)
    }
    const baseline = Math.min(...idle)
    let peak = baseline
    let over = false
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid))
      over ||= peak - baseline > MAX_GROWTH_MIB
    }, 50)
    const started = Date.now()
    const uploads = Array.from({ length: CLIENTS }, () => startSlowUpload(path, () => over))
    try {
      // Until every client has sent its 5 MB (all but the end), the sending time is up, or the limit is crossed.
      await waitFor(
        "every client to send its body",
        () => ({ over, sent: uploads.reduce((n, u) => n + u.sent, 0), elapsed: Date.now() - started }),
        (s) => s.over || s.sent >= CLIENTS * BODY_BYTES || s.elapsed > SENDING_MS,
        SENDING_MS + 5_000,
        100,
      )
    } finally {
      clearInterval(sampler)
      for (const upload of uploads) upload.socket.destroy()
    }
    const answered = uploads.filter((u) => u.status === 401).length
    const sentMiB = Math.round(uploads.reduce((n, u) => n + u.sent, 0) / 1024 / 1024)
    const growth = Math.round((peak - baseline) * 10) / 10
    console.info(
      `API RSS ${Math.round(baseline)} MiB idle, peak +${growth} MiB; ${sentMiB} MiB sent, ${answered} answered 401`,
    )
    expect({ growthMiB: growth, over }).toEqual({ growthMiB: growth, over: false })
    expect(growth).toBeLessThanOrEqual(MAX_GROWTH_MIB)
    expect(answered).toBe(CLIENTS)
    expect(child.exited()).toBe(false)
  })
})
