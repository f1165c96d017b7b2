import { fileURLToPath } from "node:url"
import { configDefaults, defineConfig } from "vitest/config"

// What a test needs decides where it runs (README, "Tests"):
// - domain, web: nothing at all; no database is created for them.
// - db: every other file under packages/*/test (and test/layout, the rules of this layout), with Postgres only. Redis, clamd
//   and S3 are refused to these files (test/support/postgres-only.ts), so a test that reaches for one fails
//   until it is named *.live.test.ts.
// - live: packages/*/test/**/*.live.test.ts and the rest of test/, with all the real services.
// `npm run test:fast` runs domain, web and db on two workers, sampling the statistical suites (testDepth.ts);
// `npm test` runs all four in full.
const database = "test/support/global-setup.ts"
const notLive = [...configDefaults.exclude, "**/*.live.test.ts"]
const root = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Test support shared across packages, by name: `@ardine/<package>/test-support/<file>` and
    // `@ardine/test-support/<file>` (the repository's own test/support). Mirrored in tsconfig.base.json.
    alias: [
      {
        find: /^@ardine\/(domain|infra|api|worker|web)\/test-support\/(.*)$/,
        replacement: `${root("packages")}/$1/test/support/$2`,
      },
      { find: /^@ardine\/test-support\/(.*)$/, replacement: `${root("test/support")}/$1` },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one database per project and run; files run in parallel, each with its own data.
    pool: "forks",
    // domain, web and db files share one module graph per worker on the threads pool, instead of loading Effect,
    // the HTTP stack and the domain again for each file (most of domain's and web's time, a third of db's). Each
    // file still starts and closes its own services; isolation is a per-pool setting, so the live files, which
    // start processes and real clients, keep a fresh process each on the forks pool.
    poolOptions: { threads: { isolate: false } },
    projects: [
      {
        extends: true,
        test: { name: "domain", include: ["packages/domain/test/**/*.test.ts"], exclude: notLive, pool: "threads" },
      },
      {
        extends: true,
        test: { name: "web", include: ["packages/web/test/**/*.test.ts"], exclude: notLive, pool: "threads" },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["packages/{infra,api,worker}/test/**/*.test.ts", "test/layout/**/*.test.ts"],
          exclude: notLive,
          globalSetup: [database],
          setupFiles: ["test/support/postgres-only.ts"],
          pool: "threads",
        },
      },
      {
        extends: true,
        test: {
          name: "live",
          include: ["packages/*/test/**/*.live.test.ts", "test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/layout/**"],
          globalSetup: [database],
        },
      },
    ],
  },
})
