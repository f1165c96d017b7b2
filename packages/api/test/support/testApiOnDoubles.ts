import { serveTestApi, type TestApi, testSettings } from "./testApi.js"
import { type Doubles, makeDoubles, makeTestServices } from "./testServices.js"

export interface TestApiOnDoubles extends TestApi {
  /** The doubles this instance runs on: what they saw, and which step fails. */
  readonly doubles: Doubles
}

/**
 * The real HTTP API (every handler and middleware of HttpAppLive) on TestServices: Postgres is the only
 * service it talks to, so Ardine's own logic (undo on failure, events, enqueue, limits) is tested without
 * Redis, clamd, S3 or an AI.
 */
export const startTestApiOnDoubles = async (overrides: Record<string, string> = {}): Promise<TestApiOnDoubles> => {
  const settings = testSettings({ CLAMAV_PORT: "1", REDIS_URL: "redis://127.0.0.1:1", ...overrides })
  const doubles = makeDoubles()
  return { ...(await serveTestApi(settings, makeTestServices(doubles))), doubles }
}
