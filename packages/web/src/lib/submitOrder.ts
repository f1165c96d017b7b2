import type { PlaceOrderRequest } from "@ardine/domain"
import type { Outcome } from "../api/outcome.js"

/** A submission in flight or failed: the request it was for and the Idempotency-Key it used. */
export interface PendingSubmission {
  readonly fingerprint: string
  readonly key: string
}

/**
 * The same cart (options included, in any order), table, name, phone and payment give the same fingerprint
 * (the server hashes the same).
 */
export const fingerprintOf = (request: PlaceOrderRequest): string =>
  JSON.stringify([
    request.table,
    request.items.map((line) => [line.dishId, line.quantity, [...(line.optionIds ?? [])].sort()]),
    request.customerName.trim(),
    request.customerPhone.trim(),
    request.paymentMethod,
  ])

/** A retry of the same request keeps its key; anything changed is a new submission with a new key. */
export const keyFor = (
  pending: PendingSubmission | undefined,
  fingerprint: string,
  newKey: () => string,
): PendingSubmission => (pending?.fingerprint === fingerprint ? pending : { fingerprint, key: newKey() })

/** 128 random bits as hex, a valid Idempotency-Key ([A-Za-z0-9_.:-]{8,128}). */
export const randomKey = (fillRandom: (bytes: Uint8Array) => Uint8Array): string =>
  `web-${Array.from(fillRandom(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("")}`

export interface SubmitDeps<A, E> {
  /** The pending submission, kept across reloads so a retry after a lost answer reuses its key. */
  readonly load: () => PendingSubmission | undefined
  readonly save: (pending: PendingSubmission | undefined) => void
  readonly newKey: () => string
  readonly send: (request: PlaceOrderRequest, idempotencyKey: string) => Promise<Outcome<A, E>>
}

/**
 * Places an order so that a double tap or a retry places it once: the key is chosen and saved
 * before the request leaves, so a second tap, a retry after a timeout, or a reload all send the
 * same key and the server answers with the first order. A success forgets the key.
 */
export const makeSubmitOrder =
  <A, E>(deps: SubmitDeps<A, E>) =>
  async (request: PlaceOrderRequest): Promise<Outcome<A, E>> => {
    const pending = keyFor(deps.load(), fingerprintOf(request), deps.newKey)
    deps.save(pending)
    const outcome = await deps.send(request, pending.key)
    if (outcome.ok) deps.save(undefined)
    return outcome
  }
