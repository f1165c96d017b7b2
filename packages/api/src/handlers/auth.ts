import { ArdineApi, CurrentUser, InvalidCredentials, SESSION_COOKIE, sessionCookie } from "@ardine/domain"
import { AppConfig, UsersRepo } from "@ardine/infra"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Effect, Option } from "effect"
import { Passwords } from "../auth/Passwords.js"
import { Sessions } from "../auth/Sessions.js"

const invalidCredentials = new InvalidCredentials({ message: "Email or password is incorrect" })

export const AuthLive = HttpApiBuilder.group(ArdineApi, "auth", (handlers) =>
  Effect.gen(function* () {
    const users = yield* UsersRepo
    const sessions = yield* Sessions
    const config = yield* AppConfig
    const passwords = yield* Passwords

    const setSessionCookie = (userId: Parameters<typeof sessions.start>[0]) =>
      Effect.flatMap(sessions.start(userId), ({ token, maxAgeSeconds }) =>
        HttpApiBuilder.securitySetCookie(sessionCookie, token, {
          httpOnly: true,
          secure: config.cookieSecure,
          sameSite: "lax",
          path: "/",
          maxAge: `${maxAgeSeconds} seconds`,
        }),
      )

    return handlers
      .handle("signUp", ({ payload }) =>
        Effect.gen(function* () {
          const passwordHash = yield* passwords.hash(payload.password)
          const user = yield* users.insert({ email: payload.email, name: payload.name, passwordHash })
          yield* setSessionCookie(user.id)
          return user
        }),
      )
      .handle("logIn", ({ payload }) =>
        Effect.gen(function* () {
          const found = yield* users.findByEmail(payload.email)
          if (Option.isNone(found)) {
            yield* passwords.verifyNoAccount(payload.password)
            return yield* Effect.fail(invalidCredentials)
          }
          if (!(yield* passwords.verify(payload.password, found.value.passwordHash))) {
            return yield* Effect.fail(invalidCredentials)
          }
          if (passwords.needsRehash(found.value.passwordHash)) {
            // Best effort: the owner is logged in either way, and the next log-in tries again.
            yield* passwords.hash(payload.password).pipe(
              Effect.flatMap((passwordHash) => users.updatePasswordHash(found.value.user.id, passwordHash)),
              // Only the tag: the failed statement carried the new hash.
              Effect.catchAll((error) =>
                Effect.logWarning("password hash not upgraded").pipe(Effect.annotateLogs({ error: error._tag })),
              ),
            )
          }
          yield* setSessionCookie(found.value.user.id)
          return found.value.user
        }),
      )
      .handle("logOut", () =>
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const token = request.cookies[SESSION_COOKIE]
          if (token !== undefined) yield* sessions.end(token)
          yield* HttpApiBuilder.securitySetCookie(sessionCookie, "", {
            httpOnly: true,
            secure: config.cookieSecure,
            sameSite: "lax",
            path: "/",
            maxAge: 0,
          })
        }),
      )
      .handle("me", () => CurrentUser)
  }),
)
