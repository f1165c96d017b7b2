import { createHmac, randomBytes } from "node:crypto"
import { Authentication, ServiceUnavailable, Unauthorized, type User, type UserId } from "@ardine/domain"
import { AppConfig, SessionsRepo } from "@ardine/infra"
import { Context, Effect, Layer, Option, Redacted } from "effect"

export class Sessions extends Context.Tag("@ardine/api/Sessions")<
  Sessions,
  {
    /** Creates a session and returns the raw token for the cookie (only its keyed hash is stored). */
    readonly start: (userId: UserId) => Effect.Effect<{ token: string; maxAgeSeconds: number }, ServiceUnavailable>
    readonly end: (token: string) => Effect.Effect<void, ServiceUnavailable>
    readonly userOf: (token: string) => Effect.Effect<Option.Option<User>, ServiceUnavailable>
  }
>() {
  static readonly layer = Layer.effect(
    Sessions,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const repo = yield* SessionsRepo
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
            : repo
                .findUser(keyedHash(token))
                .pipe(Effect.catchTags({ SqlError: unavailable, ParseError: (e) => Effect.die(e) })),
        ),
      }
    }),
  )
}

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
