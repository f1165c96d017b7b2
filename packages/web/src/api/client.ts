import { ArdineApi } from "@ardine/domain"
import { FetchHttpClient, HttpApiClient } from "@effect/platform"
import { Effect } from "effect"
import {
  type NetworkError,
  networkError,
  type Outcome,
  type UnexpectedResponse,
  unexpectedResponse,
} from "./outcome.js"

// The typed client derived from the shared HttpApi contract: paths, payloads, answers and error
// bodies are encoded and decoded by the same schemas the server uses. Same origin, so the session
// cookie travels with every request and nothing else is needed for auth.
const makeClient = HttpApiClient.make(ArdineApi, { baseUrl: window.location.origin }).pipe(
  Effect.provide(FetchHttpClient.layer),
)

type Client = Effect.Effect.Success<typeof makeClient>

let clientPromise: Promise<Client> | undefined
const client = (): Promise<Client> => {
  clientPromise ??= Effect.runPromise(makeClient)
  return clientPromise
}

/** Transport and decoding failures from the HTTP layer become two plain tags; API errors pass through. */
export type ApiError<E> =
  | Exclude<E, { readonly _tag: "RequestError" | "ResponseError" | "ParseError" }>
  | NetworkError
  | UnexpectedResponse

const hasTag = (error: unknown): error is { readonly _tag: string } =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"

const normalize = <E>(error: E): ApiError<E> => {
  if (hasTag(error)) {
    if (error._tag === "RequestError") return networkError(String(error))
    if (error._tag === "ResponseError" || error._tag === "ParseError") return unexpectedResponse(String(error))
  }
  return error as ApiError<E>
}

type Listener = (error: { readonly _tag: string }) => void
const listeners = new Set<Listener>()

/** Lets the session notice a 401 from any call (the cookie expired) without every screen handling it. */
export const onApiError = (listener: Listener): (() => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Runs one typed call; resolves to an Outcome and never rejects. */
export const call = async <A, E>(
  request: (client: Client) => Effect.Effect<A, E>,
): Promise<Outcome<A, ApiError<E>>> => {
  try {
    const api = await client()
    const result = await Effect.runPromise(Effect.either(request(api)))
    if (result._tag === "Right") return { ok: true, value: result.right }
    const error = normalize(result.left)
    for (const listener of listeners) if (hasTag(error)) listener(error)
    return { ok: false, error }
  } catch (defect) {
    return { ok: false, error: unexpectedResponse(String(defect)) }
  }
}
