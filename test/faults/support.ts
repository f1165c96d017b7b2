// Shared plumbing for the fault-injection suite (test/faults/*.test.ts).
//
// Every service a scenario BREAKS is private to that scenario: its own redis-server on a free port, its own
// clamd (own dir, own port, the project's test signatures), its own storage dir or S3 proxy. The machine's
// shared Redis (6379), clamd (3399) and Postgres server are never stopped: Postgres faults only terminate the
// backends of the per-run test database (`pg_terminate_backend`, filtered by datname). Child processes run in
// their own process group (detached) and are killed as a group in `finally`, so nothing outlives a scenario.
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createConnection, createServer, type Server, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { freePort } from "../deploy/support.js"

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url))
export const sharedDir = process.env.ARDINE_SHARED_DIR ?? join(repoRoot, "..", "shared")

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Polls `read` until `done` holds, or throws with the last value after `timeoutMs`. */
export const waitFor = async <A>(
  what: string,
  read: () => Promise<A> | A,
  done: (a: A) => boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  let last: A = await read()
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`)
    await sleep(everyMs)
    last = await read()
  }
  return last
}

// One free-port helper for every suite that starts its own servers.
export { freePort }

export const tempDir = (label: string) => {
  const dir = join(tmpdir(), `ardine-faults-${label}-${randomBytes(5).toString("hex")}`)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** Every regular file below `dir` (relative paths), e.g. the blobs of a filesystem store. */
export const filesUnder = (dir: string): Array<string> => {
  const out: Array<string> = []
  const walk = (at: string, rel: string) => {
    let entries: Array<string>
    try {
      entries = readdirSync(at)
    } catch {
      return
    }
    for (const name of entries) {
      const full = join(at, name)
      const relative = rel === "" ? name : `${rel}/${name}`
      if (statSync(full).isDirectory()) walk(full, relative)
      else out.push(relative)
    }
  }
  walk(dir, "")
  return out.sort()
}

// ------------------------------------------------------------------------------------------- processes

export interface Child {
  readonly name: string
  readonly process: ChildProcess
  readonly lines: Array<string>
  readonly exit: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
  readonly exited: () => boolean
  /** Signals the whole process group (the child runs detached, as its own group leader). */
  readonly signal: (signal: NodeJS.Signals) => void
  /** SIGKILL to the group, then waits for the exit. Idempotent. */
  readonly kill: () => Promise<void>
}

export const startChild = (
  name: string,
  command: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  cwd = repoRoot,
): Child => {
  const child = spawn(command, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  const lines: Array<string> = []
  let done = false
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true
      resolve({ code, signal })
    })
  })
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line)
      if (process.env.TEST_LOG === "1") console.info(`[${name} ${child.pid}] ${line}`)
    })
  }
  const signal = (sig: NodeJS.Signals) => {
    if (done || child.pid === undefined) return
    try {
      process.kill(-child.pid, sig)
    } catch {
      // already gone
    }
  }
  return {
    name,
    process: child,
    lines,
    exit,
    exited: () => done,
    signal,
    kill: async () => {
      if (done) return
      signal("SIGKILL")
      await exit
    },
  }
}

/** Waits until the child has logged a line containing `text` (at least `times` such lines). */
export const logged = (child: Child, text: string, timeoutMs = 20_000, times = 1) =>
  waitFor(
    `${child.name} to log "${text}"${times > 1 ? ` ${times} times` : ""}`,
    () => child.lines.filter((l) => l.includes(text)).length >= times,
    Boolean,
    timeoutMs,
    50,
  )

// ------------------------------------------------------------------------------------------- redis

const redisPing = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket: Socket = createConnection({ port, host: "127.0.0.1" })
    const finish = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => finish(false))
    socket.once("error", () => finish(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (data) => finish(data.toString().startsWith("+PONG")))
  })

/** A private, throw-away redis-server (no persistence, noeviction) that can be stopped and started again. */
export class PrivateRedis {
  private child: Child | undefined
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort())
    await redis.up()
    return redis
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`
  }

  async up() {
    this.child = startChild(
      "redis",
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--maxmemory-policy",
        "noeviction",
      ],
      { PATH: process.env.PATH ?? "" },
      tmpdir(),
    )
    await waitFor(`redis on ${this.port}`, () => redisPing(this.port), Boolean, 10_000, 50)
  }

  async down() {
    await this.child?.kill()
    this.child = undefined
  }
}

// ------------------------------------------------------------------------------------------- clamd

export const clamdPing = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" })
    const finish = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => finish(false))
    socket.once("error", () => finish(false))
    socket.once("connect", () => socket.write("zPING\0"))
    socket.once("data", (data) => finish(data.toString().startsWith("PONG")))
  })

/**
 * A private clamd configured like scripts/services/clamd.sh (same signatures, own dir and port), but in the
 * foreground as our child, so stopping it is a kill of our own process and never touches the shared one.
 */
export class PrivateClamd {
  private child: Child | undefined
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateClamd> {
    const dir = tempDir("clamd")
    const db = join(dir, "db")
    mkdirSync(db)
    for (const file of ["test-signatures.hdb", "test-signatures.ndb"]) {
      writeFileSync(join(db, file), readFileSync(join(sharedDir, "clamav", file)))
    }
    const clamd = new PrivateClamd(await freePort(), dir)
    writeFileSync(
      join(dir, "clamd.conf"),
      [
        `TCPSocket ${clamd.port}`,
        "TCPAddr 127.0.0.1",
        "Foreground yes",
        `DatabaseDirectory ${db}`,
        `LogFile ${join(dir, "clamd.log")}`,
        `TemporaryDirectory ${dir}`,
        "User root",
        "StreamMaxLength 64M",
        "MaxFileSize 64M",
        "MaxScanSize 256M",
        "ReadTimeout 30",
        "CommandReadTimeout 30",
        "MaxThreads 4",
        "SelfCheck 0",
        "",
      ].join("\n"),
    )
    await clamd.up()
    return clamd
  }

  async up() {
    this.child = startChild("clamd", "/usr/sbin/clamd", [`--config-file=${join(this.dir, "clamd.conf")}`], {
      PATH: process.env.PATH ?? "",
    })
    await waitFor(`clamd on ${this.port}`, () => clamdPing(this.port), Boolean, 30_000, 100)
  }

  async down() {
    await this.child?.kill()
    this.child = undefined
  }

  async dispose() {
    await this.down()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

// ------------------------------------------------------------------------------------------- tcp proxy

/** A TCP proxy we can cut: `down()` resets every open connection and refuses new ones until `up()`. */
export class TcpProxy {
  private readonly sockets = new Set<Socket>()
  private server: Server | undefined
  private constructor(
    readonly port: number,
    readonly target: { readonly host: string; readonly port: number },
  ) {}

  static async start(target: { host: string; port: number }) {
    const proxy = new TcpProxy(await freePort(), target)
    await proxy.up()
    return proxy
  }

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  up() {
    return new Promise<void>((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = createConnection(this.target)
        this.sockets.add(client)
        this.sockets.add(upstream)
        const close = () => {
          client.destroy()
          upstream.destroy()
          this.sockets.delete(client)
          this.sockets.delete(upstream)
        }
        client.on("error", close).on("close", close)
        upstream.on("error", close).on("close", close)
        client.pipe(upstream)
        upstream.pipe(client)
      })
      server.once("error", reject)
      server.listen(this.port, "127.0.0.1", () => resolve())
      this.server = server
    })
  }

  down() {
    for (const socket of this.sockets) socket.resetAndDestroy()
    this.sockets.clear()
    const server = this.server
    this.server = undefined
    return new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
  }
}

// ------------------------------------------------------------------------------------------- app processes

/** The worker entry point as deployed (`node --import tsx packages/worker/src/main.ts`), logging JSON. */
export const startWorker = (env: Record<string, string>) =>
  startChild("worker", process.execPath, ["--import", "tsx", "packages/worker/src/main.ts"], {
    PATH: process.env.PATH ?? "",
    LOG_LEVEL: "Info",
    LOG_FORMAT: "json",
    WORKER_HEALTH_PORT: "0",
    WORKER_LOCK_DURATION_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "1000",
    // The database is shared with every other test file, whose uploads leave pending dishes no worker of theirs
    // builds: a reconciler would queue up to 100 of them ahead of the scenario's own job, behind the queue's
    // 10-a-minute limiter. Only the scenario that tests the reconciler (redis) turns it back on.
    RECONCILE_STALE_AFTER_MS: "86400000",
    ...env,
  })

/** The API entry point as deployed (`node --import tsx packages/api/src/main.ts`). */
export const startApiProcess = (env: Record<string, string>) =>
  startChild("api", process.execPath, ["--import", "tsx", "packages/api/src/main.ts"], {
    PATH: process.env.PATH ?? "",
    LOG_LEVEL: "Info",
    LOG_FORMAT: "json",
    HOST: "127.0.0.1",
    ...env,
  })

export const MODEL_WORKER_STARTED = "model worker started"
/** The worker's log line when a job meets a service that is down and waits for it without spending an attempt. */
export const JOB_WAITS_FOR_SERVICE = "a service the model job needs is down; the job waits and runs again"
export const PAUSED_AFTER_GENERATING = "test pause after generating (WORKER_TEST_PAUSE_AFTER)"
export const PAUSED_AFTER_UPLOAD = "test pause after upload (WORKER_TEST_PAUSE_AFTER)"
