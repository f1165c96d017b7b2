// What turns an uploaded photo into a ready dish, besides the API and its database: S3 buckets of this run,
// the Gemini REST double answering at once, and the worker's limits. Shared by the upload benchmarks.
import { randomBytes } from "node:crypto"
import { Effect, Exit, Scope } from "effect"
import { behaviours, geminiDouble } from "../../packages/infra/test/support/geminiDouble.js"

export interface ModelPipeline {
  /** S3, Gemini and worker settings; the API and the worker both take them. */
  readonly settings: Record<string, string>
  /** Stops the Gemini double. */
  readonly close: () => Promise<void>
}

export const startModelPipeline = async (): Promise<ModelPipeline> => {
  const run = randomBytes(4).toString("hex")
  const scope = await Effect.runPromise(Scope.make())
  const gemini = await Effect.runPromise(Scope.extend(geminiDouble(behaviours.valid()), scope))
  return {
    settings: {
      S3_ENDPOINT: process.env.S3_ENDPOINT ?? "http://127.0.0.1:7480",
      S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? "TESTACCESS",
      S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? "TESTSECRET",
      S3_FORCE_PATH_STYLE: "true",
      S3_BUCKET_IMAGES: `bench-${run}-img`,
      S3_BUCKET_MODELS: `bench-${run}-mdl`,
      GEMINI_API_KEY: "bench",
      GEMINI_BASE_URL: gemini.baseUrl,
      // The 10 jobs/min limiter guards AI and CPU cost in production; here the pipeline itself is measured.
      WORKER_JOBS_PER_MINUTE: "100000",
      WORKER_HEALTH_PORT: "0",
    },
    close: () => Effect.runPromise(Scope.close(scope, Exit.void)),
  }
}
