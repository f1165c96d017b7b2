import { Duration, Schedule } from "effect"

/**
 * Every retry and repeat policy of the system, by what it is for, so the timings can be read (and tuned)
 * in one place rather than as literals spread across the services.
 */

// --- Retries: a failed call is tried again -------------------------------------------------------------

/**
 * Migrations on a brand-new database: two processes can collide once on the migrator's own bookkeeping
 * table, so a few short jittered tries settle it (200 ms, 400 ms, ... five retries).
 */
export const migrationRetry = Schedule.exponential("200 millis").pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(5)),
)

/** How often bucket set-up is tried again while the store refuses: 1 s, 2 s, 4 s … then every 30 s. */
export const bucketSetupRetry = Schedule.exponential("1 second").pipe(Schedule.union(Schedule.spaced("30 seconds")))

/** One object-store request: 100 ms, 200 ms, ... jittered, `maxAttempts` calls in all. */
export const storageRequestRetry = (maxAttempts: number) =>
  Schedule.exponential("100 millis").pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(maxAttempts - 1)))

/** Gemini's transport: delays base, 2x base, 4x base... each jittered (x0.8-1.2), capped at 10 s; `maxAttempts` calls. */
export const geminiTransportRetry = (base: Duration.DurationInput, maxAttempts: number) =>
  Schedule.exponential(base, 2).pipe(
    Schedule.jittered,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, Duration.seconds(10))),
    Schedule.intersect(Schedule.recurs(maxAttempts - 1)),
  )

/** Connecting to clamd: 100 ms, 200 ms, 400 ms (three retries). */
export const clamdConnectRetry = Schedule.exponential(Duration.millis(100)).pipe(Schedule.intersect(Schedule.recurs(3)))

/** A producer's call to the job queue: two quick retries (50 ms, 100 ms) before the caller is told it is down. */
export const queueCallRetry = Schedule.exponential("50 millis").pipe(Schedule.compose(Schedule.recurs(2)))

/** A table code drawn that another table already has (practically never): draw again, up to three times. */
export const tableCodeCollisionRetry = Schedule.recurs(3)

/**
 * A photo-variant backfill pass that found dishes it could not do (scanner or storage down): soon at first,
 * then at most every 10 minutes, for about a day.
 */
export const variantBackfillRetry = Schedule.exponential("10 seconds").pipe(
  Schedule.union(Schedule.spaced("10 minutes")),
  Schedule.intersect(Schedule.recurs(150)),
)

/** A worker's database write inside a build step: 100 ms, 200 ms, 400 ms, then the job waits for the database. */
export const workerDbWriteRetry = Schedule.exponential("100 millis").pipe(Schedule.intersect(Schedule.recurs(3)))

/** A worker's clean-up of what a failed build left behind: 200 ms, 400 ms. */
export const workerCleanupRetry = Schedule.exponential("200 millis").pipe(Schedule.intersect(Schedule.recurs(2)))

/**
 * ioredis reconnects by itself and takes its pace as a callback, not a Schedule: 200 ms more per attempt,
 * at most 2 s, for ever. Requests meanwhile fail fast (or wait, for blocking consumers).
 */
export const redisReconnectDelayMs = (attempt: number): number => Math.min(attempt * 200, 2_000)

// --- Repeats: periodic background work -----------------------------------------------------------------

/** Pruning this process's own expired rate-limit windows. */
export const rateLimitPruneSchedule = Schedule.spaced("1 minute")

/** Pushing the public menu rate limiter's local counts to the shared store. */
export const publicRateLimitSyncSchedule = Schedule.spaced("100 millis")

/** Sweeping expired sessions (SESSION_SWEEP_INTERVAL_MS). */
export const sessionSweepSchedule = (every: Duration.DurationInput) => Schedule.spaced(every)

/** Re-checking the session behind an owner's live-event stream (SSE_SESSION_CHECK_MS). */
export const sseSessionRecheckSchedule = (every: Duration.DurationInput) => Schedule.spaced(every)

/** The worker's reconciler pass (RECONCILE_INTERVAL_MS). */
export const reconcileSchedule = (every: Duration.DurationInput) => Schedule.spaced(every)

/**
 * A call to an image-to-3D provider that was rate-limited (429), failed on the provider's side (5xx) or did
 * not answer: base, 2x, 4x, 8x base, jittered (five calls in all; PHOTOREAL_RETRY_BASE_MS, 2 s by default);
 * after that the dish gets the built model.
 */
export const photorealProviderRetry = (base: Duration.DurationInput) =>
  Schedule.exponential(base).pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(4)))

/** Asking a running remote task for its progress (PHOTOREAL_POLL_INTERVAL_MS). */
export const photorealPollSchedule = (every: Duration.DurationInput) => Schedule.spaced(every)
