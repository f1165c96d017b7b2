import type { HttpServerRequest } from "@effect/platform"
import { Option } from "effect"

/**
 * The client's address for rate limiting. Behind nginx or an ingress (TRUST_PROXY=true) it is the
 * left-most X-Forwarded-For entry; otherwise the socket's peer, since a client can write any header.
 */
export const clientAddress = (request: HttpServerRequest.HttpServerRequest, trustProxy: boolean): string => {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"]?.split(",")[0]?.trim()
    if (forwarded) return forwarded
  }
  return Option.getOrElse(request.remoteAddress, () => "unknown")
}
