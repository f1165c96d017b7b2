import type { HttpServerRequest } from "@effect/platform"
import { Option } from "effect"

/**
 * The client's address for rate limiting. Behind nginx or an ingress (TRUST_PROXY=true) it is the
 * left-most X-Forwarded-For entry; otherwise the socket's peer, since a client can write any header.
 */
export const clientAddressOf = (
  forwardedFor: string | undefined,
  remoteAddress: string | undefined,
  trustProxy: boolean,
): string => {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(",")[0]?.trim()
    if (forwarded) return forwarded
  }
  return remoteAddress ?? "unknown"
}

export const clientAddress = (request: HttpServerRequest.HttpServerRequest, trustProxy: boolean): string =>
  clientAddressOf(request.headers["x-forwarded-for"], Option.getOrUndefined(request.remoteAddress), trustProxy)
