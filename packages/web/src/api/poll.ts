import type { Outcome } from "./outcome.js"

export const POLL_INTERVAL_MS = 3_000

export interface Poller {
  /** Asks again now (after a button press), without waiting for the next tick. */
  readonly refresh: () => void
  readonly close: () => void
}

/**
 * Calls `load` now and every few seconds after the previous answer (never two at once), pauses
 * while the tab is hidden and catches up as soon as it is shown again. Stops when `done` says so.
 */
export const poll = <A, E>(
  load: () => Promise<Outcome<A, E>>,
  onResult: (outcome: Outcome<A, E>) => void,
  done: (value: A) => boolean = () => false,
): Poller => {
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  let inFlight = false
  let again = false

  const schedule = () => {
    clearTimeout(timer)
    if (!closed) timer = setTimeout(() => void tick(), POLL_INTERVAL_MS)
  }

  const tick = async (): Promise<void> => {
    if (closed) return
    if (inFlight) {
      again = true
      return
    }
    if (document.hidden) return schedule()
    inFlight = true
    const outcome = await load()
    inFlight = false
    if (closed) return
    onResult(outcome)
    if (outcome.ok && done(outcome.value)) return
    if (again) {
      again = false
      return tick()
    }
    schedule()
  }

  const onVisible = () => {
    if (!document.hidden) void tick()
  }
  document.addEventListener("visibilitychange", onVisible)
  void tick()

  return {
    refresh: () => {
      clearTimeout(timer)
      void tick()
    },
    close: () => {
      closed = true
      clearTimeout(timer)
      document.removeEventListener("visibilitychange", onVisible)
    },
  }
}
