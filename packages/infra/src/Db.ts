import { readdir, readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import * as NodeContext from "@effect/platform-node/NodeContext"
import type { SqlClient } from "@effect/sql"
import { Migrator } from "@effect/sql"
import { PgClient, PgMigrator } from "@effect/sql-pg"
import { Config, Effect, Layer, String as Str } from "effect"
import pg from "pg"
import { DatabaseConfig } from "./AppConfig.js"
import { migrationRetry } from "./RetryPolicies.js"

// Timestamps leave the database as ISO strings and bigints as numbers, so rows arrive
// in exactly the encoded shape of the domain schemas and are decoded by them, not re-described.
const TIMESTAMPTZ = 1184
const TIMESTAMP = 1114
const INT8 = 20
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ)
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (value: string) => parseTimestamp(value).toISOString()
    if (oid === INT8) {
      return (value: string) => {
        const n = Number(value)
        if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${value} exceeds the safe integer range`)
        return n
      }
    }
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid)
  }) as pg.CustomTypesConfig["getTypeParser"],
}

export const PgLive = Layer.unwrapEffect(
  Effect.map(DatabaseConfig, (config) =>
    PgClient.layer({
      url: config.databaseUrl,
      maxConnections: config.databaseMaxConnections,
      connectTimeout: "5 seconds",
      idleTimeout: "30 seconds",
      applicationName: "ardine",
      transformQueryNames: Str.camelToSnake,
      transformResultNames: Str.snakeToCamel,
      types,
    }),
  ),
)

const defaultMigrationsDir = fileURLToPath(new URL("../../../database/migrations", import.meta.url))

/**
 * Migrations are plain `NNNN_name.sql` files under database/migrations, so operators can read them;
 * each runs as one statement batch inside the migrator's transaction and lock.
 */
export const sqlDirectoryLoader = (directory: string): Migrator.Loader =>
  Effect.tryPromise({
    try: async () => {
      const files = (await readdir(directory)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort()
      return Promise.all(
        files.map(async (file): Promise<Migrator.ResolvedMigration> => {
          const [, id = "0", name = file] = /^(\d+)_([\w-]+)\.sql$/.exec(file) ?? []
          const text = await readFile(`${directory}/${file}`, "utf8")
          const run = Effect.flatMap(PgClient.PgClient, (sql) => sql.unsafe(text))
          return [Number(id), name, Effect.succeed(run)] as const
        }),
      )
    },
    catch: (cause) =>
      new Migrator.MigrationError({ reason: "import-error", message: `cannot read ${directory}: ${cause}` }),
  })

export const migrationsDirConfig = Config.string("MIGRATIONS_DIR").pipe(Config.withDefault(defaultMigrationsDir))

/**
 * Applies pending migrations under the migrator's database lock. The migrator creates its own
 * bookkeeping table before it takes that lock, so two processes starting on a brand-new database
 * (the API and the worker, or replicas) can collide there once: a short retry settles it, and the
 * loser then finds the migrations applied.
 */
export const MigrationsLive = Layer.unwrapEffect(
  Effect.map(migrationsDirConfig, (directory) => PgMigrator.layer({ loader: sqlDirectoryLoader(directory) })),
).pipe(Layer.retry(migrationRetry), Layer.provide(NodeContext.layer))

export const DbLive = MigrationsLive.pipe(Layer.provideMerge(PgLive))

export type Sql = SqlClient.SqlClient
