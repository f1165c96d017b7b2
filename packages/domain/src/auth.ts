import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import { Context, Schema } from "effect"
import { ServiceUnavailable, Unauthorized } from "./errors.js"
import type { User } from "./user.js"

export const SESSION_COOKIE = "ardine_session"

/** The signed-in owner, provided to handlers by the Authentication middleware. */
export class CurrentUser extends Context.Tag("@ardine/CurrentUser")<CurrentUser, User>() {}

export const sessionCookie = HttpApiSecurity.apiKey({ in: "cookie", key: SESSION_COOKIE })

export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("@ardine/Authentication", {
  // A session store that cannot be reached is a 503, not a reason to log someone out.
  failure: Schema.Union(Unauthorized, ServiceUnavailable),
  provides: CurrentUser,
  security: { session: sessionCookie },
}) {}
