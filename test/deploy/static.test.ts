// Static checks of what cannot run here (no Docker engine): the three Dockerfiles, .dockerignore,
// docker-compose.yml (parsed by Debian's docker-compose) and .env.example.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, resolve } from "node:path"
import yaml from "js-yaml"
import { describe, expect, it } from "vitest"
import { root, run, tool } from "./support.js"

// --- Dockerfile parsing ---------------------------------------------------------------------------------

interface Instruction {
  readonly keyword: string
  readonly args: string
}
interface Stage {
  readonly from: string
  readonly name: string | undefined
  readonly instructions: ReadonlyArray<Instruction>
}

/** Instructions grouped by stage; comments dropped, continuation lines joined. */
const parseDockerfile = (text: string): ReadonlyArray<Stage> => {
  const logical: Array<string> = []
  let current = ""
  for (const raw of text.split("\n")) {
    const line = raw.trim()
    if (current === "" && (line === "" || line.startsWith("#"))) continue
    if (line.startsWith("#")) continue
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `
      continue
    }
    logical.push(current + line)
    current = ""
  }
  if (current !== "") logical.push(current)
  const stages: Array<{ from: string; name: string | undefined; instructions: Array<Instruction> }> = []
  for (const line of logical) {
    const [keyword = "", ...rest] = line.split(/\s+/)
    const args = rest.join(" ")
    if (keyword.toUpperCase() === "FROM") {
      const [image = "", as, name] = args.replace(/--platform=\S+\s+/, "").split(/\s+/)
      stages.push({ from: image, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] })
      continue
    }
    if (keyword.toUpperCase() === "ARG" && stages.length === 0) continue
    const stage = stages.at(-1)
    if (stage === undefined) throw new Error(`instruction before FROM: ${line}`)
    stage.instructions.push({ keyword: keyword.toUpperCase(), args })
  }
  return stages
}

const dockerfile = (name: string) => parseDockerfile(readFileSync(join(root, name), "utf8"))
const all = (stages: ReadonlyArray<Stage>, keyword: string) =>
  stages.flatMap((s) => s.instructions.filter((i) => i.keyword === keyword))
const final = (stages: ReadonlyArray<Stage>) => stages.at(-1) as Stage
const finalAll = (stages: ReadonlyArray<Stage>, keyword: string) =>
  final(stages).instructions.filter((i) => i.keyword === keyword)

/** COPY/ADD sources from the build context (not --from=stage). */
const contextSources = (stages: ReadonlyArray<Stage>) =>
  stages
    .flatMap((s) => s.instructions)
    .filter((i) => (i.keyword === "COPY" || i.keyword === "ADD") && !/--from=/.test(i.args))
    .flatMap((i) => {
      const words = i.args.split(/\s+/).filter((w) => !w.startsWith("--"))
      return words.slice(0, -1)
    })

const envOf = (stage: Stage) => {
  const env: Record<string, string> = {}
  for (const i of stage.instructions.filter((x) => x.keyword === "ENV")) {
    for (const m of i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      env[m[1] as string] = (m[2] as string).replace(/^"|"$/g, "")
    }
  }
  return env
}

const isRootUser = (user: string) => /^(root|0)(:|$)/.test(user.trim())

const commonImageChecks = (name: string) => {
  const stages = dockerfile(name)
  expect(stages.length, `${name} is multi-stage`).toBeGreaterThanOrEqual(2)
  const users = finalAll(stages, "USER")
  expect(users.length, `${name}: USER in the final stage`).toBeGreaterThan(0)
  expect(isRootUser(users.at(-1)?.args ?? "root"), `${name}: final USER is not root`).toBe(false)
  for (const source of contextSources(stages)) {
    expect(source, `${name} copies ${source}`).not.toMatch(/(^|\/)\.env/)
    expect(source, `${name} copies the whole context`).not.toMatch(/^\.\/?$/)
    expect(existsSync(join(root, source.replace(/\*.*$/, ""))), `${name}: COPY source ${source} exists`).toBe(true)
  }
  for (const i of all(stages, "ADD")) expect(i.args, `${name}: ADD of a URL`).not.toMatch(/https?:\/\//)
  for (const stage of stages) {
    for (const key of Object.keys(envOf(stage)))
      expect(key, `${name}: a secret baked into ENV`).not.toMatch(/SECRET|PASSWORD|API_KEY|ACCESS_KEY/)
  }
  return stages
}

describe("Dockerfiles", () => {
  it("Dockerfile.backend: node:22-alpine build then production deps, non-root, tini, healthcheck, migrations", () => {
    const stages = commonImageChecks("Dockerfile.backend")
    for (const stage of stages) expect(stage.from).toBe("node:22-alpine")
    const last = final(stages)
    const env = envOf(last)
    expect(env.NODE_ENV).toBe("production")
    expect(env.MIGRATIONS_DIR).toBe("/app/database/migrations")
    expect(env.SEED_FILE).toBe("/app/database/seed/demo.json")
    expect(finalAll(stages, "HEALTHCHECK")[0]?.args).toMatch(/\/api\/health\/live/)
    expect(finalAll(stages, "EXPOSE").map((i) => i.args)).toEqual(["4000"])
    expect(finalAll(stages, "ENTRYPOINT")[0]?.args).toContain("tini")
    expect(finalAll(stages, "CMD")[0]?.args).toContain("dist/main.js")
    const copies = finalAll(stages, "COPY").map((i) => i.args)
    expect(copies).toContainEqual("database/migrations ./database/migrations")
    expect(copies).toContainEqual("database/seed ./database/seed")
    expect(all(stages, "RUN").some((i) => /npm ci --omit=dev/.test(i.args))).toBe(true)
    expect(all(stages, "RUN").some((i) => /scripts\/build\.sh server/.test(i.args))).toBe(true)
  })

  it("Dockerfile.backend: the API's Node options are the chart's default and what npm start uses", () => {
    const nodeOptions = envOf(final(dockerfile("Dockerfile.backend"))).NODE_OPTIONS
    expect(nodeOptions).toMatch(/--max-old-space-size=\d+/)
    const values = yaml.load(readFileSync(join(root, "helm/ardine/values.yaml"), "utf8")) as {
      backend: { nodeOptions: string }
    }
    expect(values.backend.nodeOptions).toBe(nodeOptions)
    expect(readFileSync(join(root, "scripts/start.sh"), "utf8")).toContain(`NODE_OPTIONS="${nodeOptions}`)
  })

  it("Dockerfile.worker: the same rules, and no EXPOSE", () => {
    const stages = commonImageChecks("Dockerfile.worker")
    for (const stage of stages) expect(stage.from).toBe("node:22-alpine")
    const env = envOf(final(stages))
    expect(env.NODE_ENV).toBe("production")
    expect(env.MIGRATIONS_DIR).toBe("/app/database/migrations")
    expect(all(stages, "EXPOSE")).toEqual([])
    expect(finalAll(stages, "HEALTHCHECK")[0]?.args).toMatch(/\/health\/live/)
    expect(finalAll(stages, "ENTRYPOINT")[0]?.args).toContain("tini")
    expect(finalAll(stages, "CMD")[0]?.args).toContain("dist/worker.js")
    expect(all(stages, "RUN").some((i) => /npm ci --omit=dev/.test(i.args))).toBe(true)
  })

  it("Dockerfile.frontend: node:22-alpine builds the SPA, nginx:1.27-alpine serves it with the template", () => {
    const stages = commonImageChecks("Dockerfile.frontend")
    expect(stages[0]?.from).toBe("node:22-alpine")
    expect(final(stages).from).toBe("nginx:1.27-alpine")
    const copies = finalAll(stages, "COPY").map((i) => i.args)
    expect(copies).toContainEqual("docker/nginx.conf /etc/nginx/templates/default.conf.template")
    expect(copies.some((c) => c.includes("packages/web/dist"))).toBe(true)
    const env = envOf(final(stages))
    expect(env.BACKEND_UPSTREAM).toBe("backend:4000")
    expect(env.STORAGE_UPSTREAM).toBe("minio:9000")
    expect(finalAll(stages, "HEALTHCHECK").length).toBe(1)
    // Every ${VAR} of the template has a default in the image (nginx's envsubst leaves unknown ones alone).
    const template = readFileSync(join(root, "docker/nginx.conf"), "utf8")
    for (const m of template.matchAll(/\$\{([A-Z_]+)\}/g)) expect(env[m[1] as string], m[1]).toBeDefined()
  })

  it(".dockerignore keeps dependencies, secrets, git, the chart and test output out of the context", () => {
    const lines = readFileSync(join(root, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
    for (const pattern of ["**/node_modules", ".env", ".env.*", ".git/", "helm/", "test-artifacts/", "**/*.md"])
      expect(lines).toContain(pattern)
  })
})

// --- docker compose ----------------------------------------------------------------------------------

// ENV_EXAMPLE_FILE lets a change to .env.example be tried before it is made.
const envExample = process.env.ENV_EXAMPLE_FILE ?? ".env.example"
const composeEnv = { ...process.env, ARDINE_ENV_FILE: envExample }

// biome-ignore lint/suspicious/noExplicitAny: the parsed compose file is asserted field by field
type Loose = any

describe("docker-compose.yml", () => {
  it("parses with Debian's docker-compose and .env.example (`docker-compose config -q`)", async () => {
    const out = await run(
      tool("docker-compose"),
      ["-f", "docker-compose.yml", "--env-file", envExample, "config", "-q"],
      { env: composeEnv },
    )
    expect(out.code, out.stderr).toBe(0)
  })

  it("has the eight services (plus the one-shot migrate and minio-init), health checks and ordered start-up", async () => {
    const out = await run(tool("docker-compose"), ["-f", "docker-compose.yml", "--env-file", envExample, "config"], {
      env: composeEnv,
    })
    expect(out.code, out.stderr).toBe(0)
    const compose = yaml.load(out.stdout) as Loose
    const services = compose.services as Record<string, Loose>
    expect(Object.keys(services).sort()).toEqual(
      [
        "backend",
        "clamav",
        "db",
        "frontend",
        "migrate",
        "minio",
        "minio-init",
        "otel-collector",
        "redis",
        "worker",
      ].sort(),
    )
    const oneShot = new Set(["migrate", "minio-init"])
    for (const [name, service] of Object.entries(services)) {
      expect(service.networks, `${name} on the ardine network`).toHaveProperty("ardine")
      expect(service.container_name, `${name} has a fixed container name`).toBeUndefined()
      if (!oneShot.has(name)) expect(service.healthcheck?.test, `${name} has a health check`).toBeDefined()
      for (const [dependency, condition] of Object.entries((service.depends_on ?? {}) as Record<string, Loose>)) {
        const expected = oneShot.has(dependency)
          ? "service_completed_successfully"
          : dependency === "otel-collector"
            ? "service_started"
            : "service_healthy"
        expect(condition.condition, `${name} -> ${dependency}`).toBe(expected)
      }
    }
    expect(services.backend.depends_on.migrate.condition).toBe("service_completed_successfully")
    expect(services.migrate.command).toEqual(["node", "--enable-source-maps", "dist/migrate.js"])
    expect(services.migrate.image).toBe(services.backend.image)
    expect(services.worker.ports).toBeUndefined()
    expect(services.frontend.ports[0]).toMatchObject({ target: 8080 })
    expect(services.db.image).toBe("postgres:16-alpine")
    expect(services.redis.image).toBe("redis:7-alpine")
    expect(services.redis.command.join(" ")).toContain("--appendonly yes")
    expect(services.redis.command.join(" ")).toContain("--maxmemory-policy noeviction")
    expect(services.clamav.image).toBe("clamav/clamav:1.4")
    expect(String(services.clamav.healthcheck.start_period)).toMatch(/^(10m|600s?)/)
    expect(services["otel-collector"].image).toMatch(/^otel\/opentelemetry-collector-contrib:/)
    // The chart's bucket Job runs the same script with the same policy file (helm.test.ts checks that side).
    expect(services["minio-init"].entrypoint).toEqual(["/bin/sh", "/ardine-init/minio-init.sh"])
    expect(
      services["minio-init"].volumes.map((v: Loose) => (typeof v === "string" ? v : `${v.source}:${v.target}`)),
    ).toContainEqual(expect.stringMatching(/helm\/ardine\/files:\/ardine-init(:ro)?$/))
    expect(services["minio-init"].environment).toMatchObject({
      S3_BUCKET_IMAGES: "dish-images",
      S3_BUCKET_MODELS: "dish-models",
      S3_ACCESS_KEY: backendEnvOf(services).S3_ACCESS_KEY,
    })
    for (const name of ["pgdata", "redisdata", "miniodata", "clamavdata"]) expect(compose.volumes).toHaveProperty(name)
    expect(compose.networks.ardine.driver).toBe("bridge")

    const backend = services.backend.environment
    expect(backend).toMatchObject({
      S3_ENDPOINT: "http://minio:9000",
      S3_FORCE_PATH_STYLE: "true",
      STORAGE_PUBLIC_URL: "/storage",
      TRUST_PROXY: "true",
      CLAMAV_HOST: "clamav",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318",
      OTEL_SERVICE_NAME: "ardine-api",
    })
    expect(backend.DATABASE_URL).toMatch(/^postgres:\/\/ardine:.+@db:5432\/ardine$/)
    // Redis runs with a password (from the environment, not its command line) that the app's URL carries.
    expect(new URL(backend.REDIS_URL).password).toBe(services.redis.environment.REDIS_PASSWORD)
    expect(new URL(backend.REDIS_URL).host).toBe("redis:6379")
    expect(services.redis.environment.REDIS_PASSWORD.length).toBeGreaterThan(0)
    expect(services.redis.environment.REDISCLI_AUTH).toBe(services.redis.environment.REDIS_PASSWORD)
    // (docker-compose config prints the escaped $$ as written.)
    expect(services.redis.command.join(" ")).toMatch(/--requirepass "\$\$?REDIS_PASSWORD"/)
    // The app's own object-store user, never MinIO's root: the root credentials are blanked in every app container.
    for (const name of ["backend", "worker", "migrate"]) {
      const env = services[name].environment
      expect(env.S3_ACCESS_KEY, name).toBe("ardine-app")
      expect(env.S3_ACCESS_KEY, name).not.toBe(services.minio.environment.MINIO_ROOT_USER)
      expect(env.S3_SECRET_KEY, name).not.toBe(services.minio.environment.MINIO_ROOT_PASSWORD)
      expect([env.MINIO_ROOT_USER ?? "", env.MINIO_ROOT_PASSWORD ?? ""], name).toEqual(["", ""])
    }
    expect(services.worker.environment.OTEL_SERVICE_NAME).toBe("ardine-worker")
  })

  it("hard-codes no secret: they come from .env", () => {
    const text = readFileSync(join(root, "docker-compose.yml"), "utf8")
    for (const name of [
      "POSTGRES_PASSWORD",
      "REDIS_PASSWORD",
      "MINIO_ROOT_PASSWORD",
      "MINIO_ROOT_USER",
      "S3_SECRET_KEY",
      "S3_ACCESS_KEY",
    ]) {
      for (const m of text.matchAll(new RegExp(`^\\s*${name}:\\s*(\\S+)`, "gm")))
        expect(m[1], `${name} is interpolated (or blanked), not written down`).toMatch(/^(\$\{[A-Z_]+:\?|""$)/)
    }
    expect(text).not.toMatch(/SESSION_SECRET:/)
    expect(text).not.toMatch(/GEMINI_API_KEY:/)
  })
})

const backendEnvOf = (services: Record<string, Loose>) => services.backend.environment as Record<string, string>

describe("docker-compose.yml with .env.example copied as-is and an https PUBLIC_ORIGIN", () => {
  const tsx = join(root, "node_modules/.bin/tsx")
  const entryPoints: Record<string, string> = {
    backend: "packages/api/src/main.ts",
    migrate: "packages/api/src/migrate.ts",
    worker: "packages/worker/src/main.ts",
  }
  // Each process names the placeholder secrets it reads itself (the worker has no session secret).
  const refusedSecrets: Record<string, string> = {
    backend: "SESSION_SECRET, DATABASE_URL, REDIS_URL, S3_SECRET_KEY",
    migrate: "SESSION_SECRET, DATABASE_URL, REDIS_URL, S3_SECRET_KEY",
    worker: "DATABASE_URL, REDIS_URL, S3_SECRET_KEY",
  }

  it("does not start: the API, the worker and migrate refuse the placeholders, and so does minio-init", async () => {
    const out = await run(tool("docker-compose"), ["-f", "docker-compose.yml", "--env-file", envExample, "config"], {
      env: { ...composeEnv, PUBLIC_ORIGIN: "https://menu.example.com" },
    })
    expect(out.code, out.stderr).toBe(0)
    const services = (yaml.load(out.stdout) as Loose).services as Record<string, Loose>
    const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" }
    const runs = await Promise.all(
      Object.entries(entryPoints).map(async ([name, entry]) => {
        const env: Record<string, string> = { ...base }
        for (const [key, value] of Object.entries(services[name].environment as Record<string, unknown>))
          env[key] = value === null || value === undefined ? "" : String(value)
        return { name, result: await run(tsx, [join(root, entry)], { env }) }
      }),
    )
    for (const { name, result } of runs) {
      expect(result.code, `${name}: ${result.stderr}`).toBe(1)
      const lines = result.stderr.trim().split("\n")
      expect(lines, name).toHaveLength(1)
      expect(lines[0], name).toContain(
        `invalid configuration: ${refusedSecrets[name]} still contain .env.example's change-me placeholder while APP_ORIGIN is https`,
      )
    }
    // minio-init stops before it talks to MinIO (no mc here: reaching it would loop on `mc alias set`).
    const init = services["minio-init"].environment as Record<string, string>
    const refused = await run("/bin/sh", [join(root, "helm/ardine/files/minio-init.sh")], { env: { ...base, ...init } })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/MINIO_ROOT_PASSWORD is still the \.env\.example placeholder/)
  }, 60_000)
})

// --- .env.example ------------------------------------------------------------------------------------

/** Every environment variable the server code reads through Effect Config (test-only knobs excepted). */
const variablesReadBySource = (): ReadonlyArray<string> => {
  const files: Array<string> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (path.endsWith(".ts")) files.push(path)
    }
  }
  for (const pkg of ["domain", "infra", "api", "worker"]) walk(join(root, "packages", pkg, "src"))
  const patterns = [
    // Config.string("PORT"), Config.literal(...)("LOG_FORMAT")
    /(?:Config\.[a-zA-Z]+|\))\(\s*"([A-Z][A-Z0-9_]{2,})"/g,
    // positiveInt("NAME", 1), optionalString("NAME"), ... (project helpers wrapping Config)
    /(?<![.\w])[a-z][a-zA-Z]*\(\s*"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g,
    // Config.array(Config.string(), "NAME")
    /Config\.array\([^)]*\),\s*"([A-Z][A-Z0-9_]{2,})"/g,
  ]
  const names = new Set<string>()
  for (const file of files) {
    const text = readFileSync(file, "utf8")
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) names.add(m[1] as string)
  }
  return [...names].filter((n) => !n.includes("_TEST_")).sort()
}

describe(".env.example", () => {
  it("names every variable the API and the worker read, and those docker-compose.yml requires", () => {
    const text = readFileSync(resolve(root, envExample), "utf8")
    const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]))
    const compose = readFileSync(join(root, "docker-compose.yml"), "utf8")
    const requiredByCompose = [...compose.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1] as string)
    const missing = [...new Set([...variablesReadBySource(), ...requiredByCompose])].filter((n) => !documented.has(n))
    expect(missing, "add these to .env.example (commented out when they have a default)").toEqual([])
  })
})
