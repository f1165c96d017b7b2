// The worker as a real process (`node --import tsx packages/worker/src/main.ts`), killed and stopped with
// real signals. Services as in worker.test.ts. The test-only hook WORKER_TEST_PAUSE_AFTER=upload holds a
// job between "model uploaded" and "database says ready", the window a crash must not corrupt.
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { expect, layer } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { expectDishModel } from "./support/dishModelChecks.js"
import { startMeshyDouble } from "./support/meshyDouble.js"
import { makeProviderGlb } from "./support/providerGlbs.js"
import {
  cleanRedisOnExit,
  currentBlobs,
  Fixtures,
  fileSettings,
  freshPrefix,
  modelQueue,
  rawQueue,
  testGeometry,
  waitUntil,
} from "./support/workerTest.js"

const settings = fileSettings()
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))

const LogLine = Schema.parseJson(Schema.Struct({ message: Schema.String }))

interface WorkerProcess {
  readonly process: ChildProcess
  readonly messages: Array<string>
  readonly exit: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
}

/** Starts the worker entry point; SIGKILLs it when the scope closes if it is still running. */
const spawnWorker = (env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync((): WorkerProcess => {
      const child = spawn(process.execPath, ["--import", "tsx", "packages/worker/src/main.ts"], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "Info", LOG_FORMAT: "json", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      })
      const messages: Array<string> = []
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.once("exit", (code, signal) => resolve({ code, signal }))
      })
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on("line", (line) => {
          const parsed = Schema.decodeUnknownOption(LogLine)(line)
          messages.push(parsed._tag === "Some" ? parsed.value.message : line)
          if (process.env.TEST_LOG === "1") console.info(`[worker ${child.pid}] ${line}`)
        })
      }
      return { process: child, messages, exit }
    }),
    (worker) =>
      Effect.promise(async () => {
        if (worker.process.exitCode === null && worker.process.signalCode === null) {
          worker.process.kill("SIGKILL")
          await worker.exit
        }
      }),
  )

const logged = (worker: WorkerProcess, message: string) =>
  waitUntil(
    Effect.sync(() => worker.messages),
    (messages) => messages.includes(message),
    "20 seconds",
  )

const exitOf = (worker: WorkerProcess) =>
  Effect.promise(() => worker.exit).pipe(
    Effect.timeoutFail({ duration: "25 seconds", onTimeout: () => new Error("worker did not exit") }),
    Effect.orDie,
  )

/** A fresh Redis prefix (cleaned at the end) and short lock/stall timings, so a dead worker's job moves on fast. */
const processEnv = Effect.gen(function* () {
  const prefix = freshPrefix()
  yield* cleanRedisOnExit(prefix)
  return {
    ...settings,
    REDIS_KEY_PREFIX: prefix,
    WORKER_LOCK_DURATION_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "1000",
  }
})

const PAUSED = "test pause after upload (WORKER_TEST_PAUSE_AFTER)"
const STARTED = "model worker started"

layer(Fixtures.layer(settings), { excludeTestServices: true })("model worker process", (it) => {
  it.scoped(
    "killed after uploading but before the database update: after a restart the dish is ready with one model blob",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const env = yield* processEnv
        const queue = yield* modelQueue(env)

        const first = yield* spawnWorker({ ...env, WORKER_TEST_PAUSE_AFTER: "upload", WORKER_TEST_PAUSE_MS: "60000" })
        yield* logged(first, STARTED)
        yield* Effect.orDie(queue.enqueue(dish.payload))
        yield* logged(first, PAUSED)
        const uploaded = yield* fx.modelKeys(dish)
        expect(uploaded).toHaveLength(3)
        expect((yield* fx.dish(dish.dishId)).modelStatus).toBe("generating")

        first.process.kill("SIGKILL")
        expect((yield* exitOf(first)).signal).toBe("SIGKILL")

        // BullMQ finds the dead worker's job (lock expired) and the new worker runs it again.
        const second = yield* spawnWorker(env)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready", "30 seconds")
        expect(row).toMatchObject({ modelProgress: 100, modelVersion: 1, failureReason: null })
        // Same bytes, same key: the re-run overwrote the first upload instead of adding an orphan.
        expect(yield* fx.modelKeys(dish)).toEqual(currentBlobs(row))
        expect(yield* fx.modelKeys(dish)).toEqual(uploaded)

        second.process.kill("SIGTERM")
        expect((yield* exitOf(second)).code).toBe(0)
      }),
    60_000,
  )

  it.scoped(
    "SIGTERM during a job: the job finishes, then the process exits 0",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const env = yield* processEnv
        const queue = yield* modelQueue(env)

        const worker = yield* spawnWorker({ ...env, WORKER_TEST_PAUSE_AFTER: "upload", WORKER_TEST_PAUSE_MS: "1500" })
        yield* logged(worker, STARTED)
        yield* Effect.orDie(queue.enqueue(dish.payload))
        yield* logged(worker, PAUSED)
        worker.process.kill("SIGTERM")
        expect(yield* exitOf(worker)).toEqual({ code: 0, signal: null })
        expect(yield* fx.dish(dish.dishId)).toMatchObject({ modelStatus: "ready", modelProgress: 100 })
        expect(worker.messages).toContain("model worker stopped")
      }),
    60_000,
  )

  it.scoped(
    "SIGTERM past WORKER_SHUTDOWN_TIMEOUT_MS: the job is handed back unspent, exit 0, and the next worker finishes it",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        const env = yield* processEnv
        const queue = yield* modelQueue(env)
        const raw = yield* rawQueue(env)

        const first = yield* spawnWorker({
          ...env,
          WORKER_TEST_PAUSE_AFTER: "upload",
          WORKER_TEST_PAUSE_MS: "60000",
          WORKER_SHUTDOWN_TIMEOUT_MS: "500",
        })
        yield* logged(first, STARTED)
        yield* Effect.orDie(queue.enqueue(dish.payload))
        yield* logged(first, PAUSED)
        first.process.kill("SIGTERM")
        expect(yield* exitOf(first)).toEqual({ code: 0, signal: null })
        expect(first.messages).toContain("active model jobs did not finish in time; handing them back to the queue")

        const job = yield* Effect.promise(() => raw.getJob(`model-${dish.dishId}`))
        expect(yield* Effect.promise(() => job?.getState() ?? Promise.resolve("missing"))).toBe("waiting")
        expect(job?.attemptsMade).toBe(0)

        yield* spawnWorker(env)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready", "30 seconds")
        expect(yield* fx.modelKeys(dish)).toEqual(currentBlobs(row))
      }),
    60_000,
  )

  it.scoped(
    "a photoreal task survives SIGKILL: the restarted worker follows the same remote task instead of paying again",
    () =>
      Effect.gen(function* () {
        const fx = yield* Fixtures
        const double = yield* Effect.acquireRelease(
          Effect.promise(() => startMeshyDouble()),
          (d) => Effect.promise(() => d.close()),
        )
        double.setScenario({ result: yield* Effect.promise(() => makeProviderGlb({ size: 12 })), runMs: 6_000 })
        const dish = yield* fx.seedDish(yield* fx.seedRestaurant)
        yield* fx.setModelKind(dish.dishId, "photoreal")
        const env = {
          ...(yield* processEnv),
          MODEL_PROVIDER: "meshy",
          MESHY_API_KEY: double.apiKey,
          MESHY_BASE_URL: double.baseUrl,
          PHOTOREAL_POLL_INTERVAL_MS: "200",
        }
        const queue = yield* modelQueue(env)

        const first = yield* spawnWorker(env)
        yield* logged(first, STARTED)
        yield* Effect.orDie(queue.enqueue(dish.payload))
        // The provider's progress shows as the dish's (between 20 and 60).
        yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelProgress > 20, "30 seconds")
        expect(double.created()).toBe(1)
        first.process.kill("SIGKILL")
        expect((yield* exitOf(first)).signal).toBe("SIGKILL")

        const second = yield* spawnWorker(env)
        const row = yield* waitUntil(fx.dish(dish.dishId), (r) => r.modelStatus === "ready", "45 seconds")
        expect(row).toMatchObject({ modelSource: "photoreal", modelNote: null, failureReason: null })
        expect(double.created()).toBe(1)
        const { bytes } = yield* fx.download(row.modelKey ?? "")
        yield* Effect.promise(() => expectDishModel(bytes, testGeometry))

        second.process.kill("SIGTERM")
        expect((yield* exitOf(second)).code).toBe(0)
      }),
    90_000,
  )
})
