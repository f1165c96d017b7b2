import type { AppSettings } from "@ardine/infra"
import type { HttpServerRequest } from "@effect/platform"
import { Option } from "effect"
import ipaddr from "ipaddr.js"

type Address = ipaddr.IPv4 | ipaddr.IPv6
type ProxySettings = Pick<AppSettings, "trustProxy" | "trustedProxies">

/** An address as written in a header or by the socket; IPv4-mapped IPv6 (::ffff:1.2.3.4) is read as IPv4. */
const parse = (text: string): Address | undefined => {
  if (!ipaddr.isValid(text)) return undefined
  const address = ipaddr.parse(text)
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address
}

/**
 * The key a client is counted under: its IPv4 address, or its IPv6 /64 (one subscriber's network, which
 * hands out any number of addresses, so counting per address would give each client unlimited budgets).
 */
const keyOf = (text: string, address: Address | undefined): string => {
  if (address === undefined) return text.slice(0, 64)
  if (address.kind() === "ipv4") return address.toString()
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16))
  return `${prefix.join(":")}::/64`
}

// AppConfig has checked each entry is an address or a CIDR; a bare address is a range of one.
const rangesOf = (settings: ProxySettings) =>
  settings.trustedProxies.map((entry): [Address, number] => {
    if (entry.includes("/")) return ipaddr.parseCIDR(entry)
    const address = ipaddr.parse(entry)
    return [address, address.kind() === "ipv4" ? 32 : 128]
  })
const compiled = new WeakMap<ProxySettings, ReadonlyArray<[Address, number]>>()
const trustedRanges = (settings: ProxySettings) => {
  let ranges = compiled.get(settings)
  if (ranges === undefined) {
    ranges = rangesOf(settings)
    compiled.set(settings, ranges)
  }
  return ranges
}

const isTrusted = (address: Address, ranges: ReadonlyArray<[Address, number]>) =>
  ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))

/**
 * The client's rate-limit key. Without TRUST_PROXY it is the socket's peer, since a client can write any
 * header. Behind proxies (TRUST_PROXY=true) the hops are X-Forwarded-For's entries then the peer; read from the
 * right, each hop in TRUSTED_PROXIES vouches for the one before it, and the first hop no trusted proxy vouches
 * for is the client (the left-most, if every hop is trusted). Entries a client wrote itself sit to the left
 * of its real address, so they are never reached.
 */
export const clientAddressOf = (
  forwardedFor: string | undefined,
  remoteAddress: string | undefined,
  settings: ProxySettings,
): string => {
  const peer = remoteAddress ?? "unknown"
  const forwarded = settings.trustProxy
    ? (forwardedFor ?? "")
        .split(",")
        .map((hop) => hop.trim())
        .filter((hop) => hop.length > 0)
    : []
  const hops = [...forwarded, peer]
  const ranges = trustedRanges(settings)
  let client = hops.length - 1
  while (client > 0) {
    const address = parse(hops[client] ?? "")
    if (address === undefined || !isTrusted(address, ranges)) break
    client--
  }
  const text = hops[client] ?? peer
  return keyOf(text, parse(text))
}

export const clientAddress = (request: HttpServerRequest.HttpServerRequest, settings: ProxySettings): string =>
  clientAddressOf(request.headers["x-forwarded-for"], Option.getOrUndefined(request.remoteAddress), settings)
