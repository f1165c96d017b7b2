import { Either, Schema } from "effect"

// Server-sent events, outside the typed clients: the HttpApi contract only says these endpoints
// answer text/event-stream. Every event's data is
// still decoded with the domain schema it was encoded with, so nothing unchecked reaches a screen.

export const restaurantEventsUrl = (restaurantId: string) =>
  `/api/restaurants/${encodeURIComponent(restaurantId)}/events`
export const orderEventsUrl = (token: string) => `/api/orders/${encodeURIComponent(token)}/events`

export interface Follower {
  readonly close: () => void
}

/** Reconnect delays after the server refused the stream (EventSource gives up on a non-200). */
const RETRY_MS = [2_000, 5_000, 10_000, 30_000] as const

export const eventSourceAvailable = (): boolean => typeof EventSource === "function"

/**
 * Follows one SSE endpoint. `onReady` runs on every (re)connection, when the server says `ready`:
 * the screen re-fetches its state then, which is the catch-up for whatever happened while it was
 * disconnected. Each named event in `types` is decoded with `schema` and handed to `onEvent`;
 * undecodable data is dropped (and the next `ready` re-fetches anyway). Network drops are retried
 * by the browser itself; a refused stream (401, 404, 5xx) is retried here with a growing delay,
 * and `onReady` runs then too so the screen shows the real error from its re-fetch.
 */
export const followEvents = <A, I>(
  url: string,
  types: ReadonlyArray<string>,
  schema: Schema.Schema<A, I>,
  handlers: { readonly onReady: () => void; readonly onEvent: (event: A) => void },
): Follower => {
  const decode = Schema.decodeUnknownEither(Schema.parseJson(schema))
  let source: EventSource | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  let closed = false

  const onMessage = (message: MessageEvent<unknown>) => {
    if (typeof message.data !== "string") return
    const decoded = decode(message.data)
    if (Either.isRight(decoded)) handlers.onEvent(decoded.right)
  }
  const onReady = () => {
    failures = 0
    handlers.onReady()
  }

  const open = () => {
    if (closed) return
    const next = new EventSource(url, { withCredentials: true })
    next.addEventListener("ready", onReady)
    for (const type of types) next.addEventListener(type, onMessage)
    next.addEventListener("error", () => {
      // CONNECTING: the browser retries by itself (the server's `retry:`). CLOSED: it gave up.
      if (next.readyState !== EventSource.CLOSED || closed) return
      next.close()
      const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 30_000
      failures += 1
      handlers.onReady()
      clearTimeout(timer)
      timer = setTimeout(open, delay)
    })
    source = next
  }
  open()

  return {
    close: () => {
      closed = true
      clearTimeout(timer)
      source?.close()
    },
  }
}

/**
 * Wraps a re-fetch so at most one runs at a time; asking again while one is in flight runs one
 * more afterwards (never a stale answer last). Stops delivering once `stop` was called.
 */
export const singleFlight = <A>(load: () => Promise<A>, deliver: (value: A) => void) => {
  let inFlight = false
  let again = false
  let stopped = false
  const run = async (): Promise<void> => {
    if (stopped) return
    if (inFlight) {
      again = true
      return
    }
    inFlight = true
    const value = await load()
    inFlight = false
    if (stopped) return
    deliver(value)
    if (again) {
      again = false
      return run()
    }
  }
  return {
    refresh: () => void run(),
    stop: () => {
      stopped = true
    },
  }
}
