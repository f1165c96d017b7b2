// A throwaway database per benchmark run, so runs never see each other's rows; the API migrates it on start.
import pg from "pg"

const server = "postgres://postgres@127.0.0.1:5432"

export interface BenchDatabase {
  readonly url: string
  readonly drop: () => Promise<void>
}

/** Creates `ardine_bench_<name>_<run>`; `drop` removes it even while connections are still open. */
export const createBenchDatabase = async (name: string, run: string): Promise<BenchDatabase> => {
  const database = `ardine_bench_${name}_${run}`
  const admin = new pg.Client({ connectionString: `${server}/postgres` })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${database}`)
  return {
    url: `${server}/${database}`,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.end()
    },
  }
}
