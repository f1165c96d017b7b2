// Shared by the load benchmarks: a throwaway database and the real API as its own process (so its RSS
// is the API's alone), plus small helpers to make an owner, a restaurant and a menu.
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { createBenchDatabase } from "./database.js"

export const root = fileURLToPath(new URL("../..", import.meta.url))

export const rssMiB = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))
  return Math.round(Number(line?.replace(/\D+/g, "") ?? 0) / 1024)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface BenchApi {
  readonly baseUrl: string
  readonly databaseUrl: string
  readonly settings: Record<string, string>
  readonly process: ChildProcess
  readonly db: pg.Pool
  readonly stop: () => Promise<void>
}

/**
 * The API as production runs it: the esbuild bundle of `npm run build` (built here into node_modules/.cache,
 * where it still resolves the installed packages). BENCH_API=tsx runs the TypeScript source through tsx instead.
 */
export const serverEntry = (name: "main" | "worker") => {
  if (process.env.BENCH_API === "tsx")
    return ["--import", "tsx", `packages/${name === "main" ? "api" : "worker"}/src/main.ts`]
  const out = "node_modules/.cache/ardine-bench"
  execFileSync("sh", ["scripts/build.sh", "server"], {
    cwd: root,
    env: { ...process.env, OUT_DIR: out },
    stdio: "ignore",
  })
  return [`${out}/${name}.js`]
}

/** Polls `url` until it answers 2xx; fails if `child` exits first or after 60 s. */
export const waitUntilServing = async (url: string, child: ChildProcess) => {
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`)
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${url}: the server did not start in 60 s`)
    await sleep(200)
  }
}

/** The NODE_OPTIONS the backend image runs the API with (Dockerfile.backend's ENV). */
export const imageNodeOptions = () =>
  /NODE_OPTIONS="([^"]*)"/.exec(readFileSync(`${root}/Dockerfile.backend`, "utf8"))?.[1] ?? ""

/** Creates `ardine_bench_<name>_<run>` and starts the API on a loopback port. */
export const startApiProcess = async (name: string, extra: Record<string, string> = {}): Promise<BenchApi> => {
  const run = randomBytes(4).toString("hex")
  const database = await createBenchDatabase(name, run)
  const port = String(20_000 + Math.floor(Math.random() * 20_000))
  const settings: Record<string, string> = {
    DATABASE_URL: database.url,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    REDIS_KEY_PREFIX: `bench:${run}:`,
    CLAMAV_PORT: "3399",
    STORAGE_DIR: `/tmp/ardine-bench-${run}`,
    PORT: port,
    HOST: "127.0.0.1",
    SHUTDOWN_GRACE_MS: "1000",
    // Production logs one line per request at INFO; BENCH_LOG_LEVEL=Info measures that too.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "WARN",
    // Lifted so the server, not the limiter, is measured (every request comes from 127.0.0.1).
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000000",
    RATE_LIMIT_API_PER_MINUTE: "100000000",
    RATE_LIMIT_AUTH_PER_MINUTE: "100000",
    RATE_LIMIT_UPLOADS_PER_HOUR: "100000",
    ...extra,
  }
  // BENCH_NODE_FLAGS (e.g. "--max-semi-space-size=4") are passed to the API's node, to try GC settings;
  // they come after, so they win over, the image's NODE_OPTIONS, which the API gets as in production.
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "")
  const child = spawn(process.execPath, [...flags, ...serverEntry("main")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: imageNodeOptions(), ...settings },
    stdio: ["ignore", "ignore", "inherit"],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitUntilServing(`${baseUrl}/api/health/live`, child)
  const db = new pg.Pool({ connectionString: database.url, max: 4 })
  return {
    baseUrl,
    databaseUrl: database.url,
    settings,
    process: child,
    db,
    stop: async () => {
      await db.end()
      if (child.exitCode === null) {
        child.kill("SIGTERM")
        await Promise.race([new Promise((resolve) => child.once("exit", resolve)), sleep(10_000)])
        if (child.exitCode === null) child.kill("SIGKILL")
      }
      await database.drop()
    },
  }
}

/**
 * Signs up an owner and creates a restaurant; returns its id, slug, the owner's cookie and each table's QR
 * token (read through the owner's endpoint, as the printed sheet has them: an order needs its table's).
 */
export const ownerWithRestaurant = async (api: Pick<BenchApi, "baseUrl">, tableCount = 20) => {
  const email = `bench-${randomBytes(4).toString("hex")}@example.test`
  const signup = await fetch(`${api.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "benchmark-password", name: "Bench" }),
  })
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${await signup.text()}`)
  const cookie = (signup.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
  const slug = `bench-${randomBytes(4).toString("hex")}`
  const created = await fetch(`${api.baseUrl}/api/restaurants`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ slug, name: "Bench Bistro", currency: "EUR", taxRateBps: 1000, tableCount }),
  })
  if (created.status !== 201) throw new Error(`restaurant: ${created.status} ${await created.text()}`)
  const { id } = (await created.json()) as { id: string }
  const tables = await fetch(`${api.baseUrl}/api/restaurants/${id}/tables`, { headers: { cookie } })
  if (tables.status !== 200) throw new Error(`tables: ${tables.status} ${await tables.text()}`)
  const list = (await tables.json()) as { tables: ReadonlyArray<{ table: number; token: string }> }
  const tableTokens: ReadonlyMap<number, string> = new Map(list.tables.map((t) => [t.table, t.token]))
  return { id, slug, cookie, tableTokens }
}

/** Inserts `count` available, published dishes with realistic text (the menu the diner downloads). */
export const insertDishes = async (api: BenchApi, restaurantId: string, count: number) => {
  const ids: Array<string> = []
  for (let i = 0; i < count; i++) {
    const { rows } = await api.db.query<{ id: string }>(
      `INSERT INTO dishes (restaurant_id, name, description, category, price_minor, available, published,
         allergens_confirmed)
       VALUES ($1, $2, $3, $4, $5, true, true, true) RETURNING id`,
      [
        restaurantId,
        `Dish number ${i + 1}`,
        "Slow-cooked with seasonal vegetables, fresh herbs and a little lemon; served with bread.",
        ["Starters", "Mains", "Desserts"][i % 3],
        900 + i * 75,
      ],
    )
    ids.push(rows[0]?.id ?? "")
  }
  return ids
}

/** Prints the benchmark's result as JSON on stdout (the only thing it prints there). */
export const report = (result: unknown) => console.log(JSON.stringify(result, null, 2))
