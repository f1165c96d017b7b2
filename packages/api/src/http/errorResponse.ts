import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Schema } from "effect"

/** Renders a domain TaggedError as the same JSON body the HttpApi would produce for it. */
export const errorResponse = <A, I>(
  schema: Schema.Schema<A, I>,
  error: A,
  status: number,
  headers: Record<string, string> = {},
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(Schema.encodeSync(schema)(error), { status, headers })
