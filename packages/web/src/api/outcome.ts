/**
 * What every API call resolves to: the value, or a typed error carrying a stable `_tag`.
 * Components switch on `ok` and show `describeError(error._tag)`; nothing throws across the boundary.
 */
export type Outcome<A, E> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E }

export const success = <A>(value: A): Outcome<A, never> => ({ ok: true, value })
export const failure = <E>(error: E): Outcome<never, E> => ({ ok: false, error })

/** The request never got an answer (offline, DNS, connection reset). */
export interface NetworkError {
  readonly _tag: "NetworkError"
  readonly message: string
}

/** An answer that does not match the API contract (a proxy's HTML error page, a changed schema). */
export interface UnexpectedResponse {
  readonly _tag: "UnexpectedResponse"
  readonly message: string
}

export const networkError = (message: string): NetworkError => ({ _tag: "NetworkError", message })
export const unexpectedResponse = (message: string): UnexpectedResponse => ({ _tag: "UnexpectedResponse", message })
