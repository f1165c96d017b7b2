import { createHmac, randomBytes } from "node:crypto"
import { Authentication, ServiceUnavailable, Unauthorized, type User, type UserId } from "@ardine/domain"
import { AppConfig, positiveInt, SessionsRepo, sessionSweepSchedule } from "@ardine/infra"
import { Context, Duration, Effect, Layer, Option, Redacted } from "effect"

/** How often expired sessions are swept (SESSION_SWEEP_INTERVAL_MS, default hourly). */
const sessionSweepInterval = positiveInt("SESSION_SWEEP_INTERVAL_MS", 3_600_000)

export class Sessions extends Context.Tag("@ardine/api/Sessions")<
  Sessions,
  {
    /** Creates a session and returns the raw token for the cookie (only its keyed hash is stored). */
    readonly start: (userId: UserId) => Effect.Effect<{ token: string; maxAgeSeconds: number }, ServiceUnavailable>
    readonly end: (token: string) => Effect.Effect<void, ServiceUnavailable>
    readonly userOf: (token: string) => Effect.Effect<Option.Option<User>, ServiceUnavailable>
  }
>() {}

export const SessionsLive = Layer.scoped(
  Sessions,
  Effect.gen(function* () {
    const config = yield* AppConfig
    const repo = yield* SessionsRepo
    // Expired sessions are deleted at start-up and then periodically (and each one when it is next presented),
    // so the table holds live sessions only. Every replica sweeps; a DELETE with nothing to do is cheap.
    const sweepEvery = yield* sessionSweepInterval
    const sweep = repo
      .deleteExpired()
      .pipe(
        Effect.catchAll((error) =>
          Effect.logWarning("expired sessions not deleted; trying again later").pipe(
            Effect.annotateLogs({ error: error._tag }),
          ),
        ),
      )
    yield* Effect.forkScoped(Effect.repeat(sweep, sessionSweepSchedule(Duration.millis(sweepEvery))))
    const keyedHash = (token: string) =>
      createHmac("sha256", Redacted.value(config.sessionSecret)).update(token).digest("hex")
    const unavailable = () =>
      Effect.fail(new ServiceUnavailable({ service: "database", message: "Sign-in is unavailable, try again" }))
    const maxAgeSeconds = config.sessionTtlHours * 3600
    return {
      start: Effect.fn("Sessions.start")(function* (userId: UserId) {
        const token = randomBytes(32).toString("base64url")
        const expiresAt = new Date(Date.now() + maxAgeSeconds * 1000)
        yield* repo.create(keyedHash(token), userId, expiresAt).pipe(Effect.catchTag("SqlError", unavailable))
        return { token, maxAgeSeconds }
      }),
      end: Effect.fn("Sessions.end")((token: string) =>
        repo.delete(keyedHash(token)).pipe(Effect.catchTag("SqlError", unavailable)),
      ),
      userOf: Effect.fn("Sessions.userOf")((token: string) =>
        token.length === 0 || token.length > 200
          ? Effect.succeedNone
          : repo.findUser(keyedHash(token)).pipe(
              // Not live: if it was an expired session, it is deleted now rather than at the next sweep.
              Effect.tap((user) => (Option.isNone(user) ? repo.deleteIfExpired(keyedHash(token)) : Effect.void)),
              Effect.catchTags({ SqlError: unavailable, ParseError: (e) => Effect.die(e) }),
            ),
      ),
    }
  }),
)

export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.map(Sessions, (sessions) => ({
    session: (token: Redacted.Redacted) =>
      sessions.userOf(Redacted.value(token)).pipe(
        Effect.flatMap(
          Option.match({
            onNone: () => Effect.fail(new Unauthorized({ message: "Please log in" })),
            onSome: Effect.succeed,
          }),
        ),
      ),
  })),
)
