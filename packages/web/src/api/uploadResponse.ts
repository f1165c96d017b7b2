import { Dish } from "@ardine/domain"
import { Either, Schema } from "effect"
import { type NetworkError, type Outcome, type UnexpectedResponse, unexpectedResponse } from "./outcome.js"

/** Every `_tag` the dish upload can answer with, besides the transport's own. */
export const UploadErrorTag = Schema.Literal(
  "UnsupportedImage",
  "ImageTooLarge",
  "MalwareDetected",
  "ScannerUnavailable",
  "DishAnalysisFailed",
  "RateLimited",
  "Unauthorized",
  "NotFound",
  "PayloadTooLarge",
  "LengthRequired",
  "UnsupportedMediaType",
  "HttpApiDecodeError",
  "CrossSiteRequestRefused",
  "ServiceUnavailable",
  "RouteNotFound",
  "InternalError",
)

const UploadErrorBody = Schema.Struct({ _tag: UploadErrorTag, message: Schema.optional(Schema.String) })

export type UploadError =
  | { readonly _tag: typeof UploadErrorTag.Type; readonly message: string }
  | NetworkError
  | UnexpectedResponse
  | { readonly _tag: "Aborted"; readonly message: string }

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Reads the upload's answer with the domain's `Dish` schema (201), or its error body by `_tag`. */
export const readUploadResponse = (status: number, body: string): Outcome<Dish, UploadError> => {
  const json = parseJson(body)
  if (status === 201 || status === 200) {
    return Either.match(Schema.decodeUnknownEither(Dish)(json), {
      onLeft: (error) => ({ ok: false, error: unexpectedResponse(error.message) }),
      onRight: (dish) => ({ ok: true, value: dish }),
    })
  }
  return Either.match(Schema.decodeUnknownEither(UploadErrorBody)(json), {
    onLeft: () => ({ ok: false, error: unexpectedResponse(`HTTP ${status}`) }),
    onRight: (error) => ({ ok: false, error: { _tag: error._tag, message: error.message ?? "" } }),
  })
}
