// The model worker as its own process, as in production, for the upload benchmarks.
import { type ChildProcess, spawn } from "node:child_process"
import { root, sleep } from "./apiProcess.js"

export interface WorkerProcess {
  readonly process: ChildProcess
  /** Resolves at the worker's "model worker started" line, so its start-up is not measured; rejects if it exits. */
  readonly started: Promise<void>
  /** SIGTERM, then SIGKILL if it is still running after 10 s. */
  readonly stop: () => Promise<void>
}

/** `entry` is node's arguments: `serverEntry("worker")` (the bundle) or the TypeScript source through tsx. */
export const spawnWorker = (entry: ReadonlyArray<string>, settings: Record<string, string>): WorkerProcess => {
  const child = spawn(process.execPath, entry, {
    cwd: root,
    // INFO or finer, or the "started" line never shows; BENCH_LOG_LEVEL=DEBUG (with BENCH_TRACE) shows more.
    env: { PATH: process.env.PATH ?? "", ...settings, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "INFO" },
    stdio: ["ignore", "pipe", "inherit"],
  })
  const running = () => child.exitCode === null && child.signalCode === null
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      // BENCH_TRACE=1 passes the worker's logs to stderr; stdout is kept for the benchmark's report.
      if (process.env.BENCH_TRACE) process.stderr.write(chunk)
      if (chunk.toString().includes("model worker started")) resolve()
    })
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)))
  })
  return {
    process: child,
    started,
    stop: async () => {
      if (!running()) return
      child.kill("SIGTERM")
      await Promise.race([new Promise((resolve) => child.once("exit", resolve)), sleep(10_000)])
      if (running()) child.kill("SIGKILL")
    },
  }
}
