// A loopback stand-in for the Gemini REST API: `POST /v1beta/models/<model>:generateContent`, which is where the real
// `@google/genai` client posts when given `httpOptions: { baseUrl }`. Each request is recorded and answered with the
// next scripted behaviour; the last behaviour repeats once the script runs out.
import * as Http from "node:http"
import type { DishAnalysisEncoded } from "@ardine/domain"
import { Effect, type Scope } from "effect"

export type GeminiBehaviour =
  /** HTTP 200 with `text` as the answer's only part, in the real GenerateContentResponse shape. */
  | { readonly _tag: "Answer"; readonly text: string }
  /** An HTTP error in Google's error shape (`{ error: { code, message, status } }`). */
  | { readonly _tag: "Status"; readonly status: number }
  /** Reads the request and never answers. */
  | { readonly _tag: "Hang" }

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  /** The parsed JSON body (`undefined` if it was not JSON). */
  readonly body: unknown
}

export interface GeminiDouble {
  /** For `GEMINI_BASE_URL` / `httpOptions.baseUrl`. */
  readonly baseUrl: string
  /** Replaces the script; the last behaviour repeats. */
  readonly script: (...behaviours: ReadonlyArray<GeminiBehaviour>) => void
  readonly requests: () => ReadonlyArray<RecordedRequest>
}

/** A plausible answer: a pasta dish on a round white plate. */
export const sampleAnswer: DishAnalysisEncoded = {
  name: "Spaghetti al pomodoro",
  description: "Spaghetti in a slow-cooked tomato sauce with fresh basil and grated parmesan.",
  category: "Mains",
  portionSize: "about 350 g",
  suggestedPriceMinor: 1450,
  allergens: ["gluten", "milk"],
  dietaryTags: ["vegetarian"],
  geometry: {
    vessel: { kind: "plate", diameterCm: 27, heightCm: 2.5, rimCm: 3.5, color: "#f4f1ea", roughness: 0.3 },
    components: [
      {
        shape: "nest",
        widthCm: 14,
        heightCm: 4,
        position: { x: 0, z: 0 },
        count: 1,
        color: "#c8502a",
        roughness: 0.6,
        gloss: 0.4,
      },
      {
        shape: "garnish",
        widthCm: 6,
        heightCm: 0.5,
        position: { x: 0.1, z: -0.1 },
        count: 3,
        color: "#3f8f3a",
        roughness: 0.7,
      },
    ],
  },
  needsReview: ["suggestedPriceMinor"],
}

/** A suggestion an AI might make for the pasta: extra cheese or none. */
export const sampleOptionGroup = {
  name: "Cheese",
  selection: "single",
  required: false,
  options: [
    { name: "Extra parmesan", priceDeltaMinor: 150 },
    { name: "No cheese", priceDeltaMinor: -50 },
  ],
}

const answerWith = (patch: (answer: DishAnalysisEncoded) => unknown): GeminiBehaviour => ({
  _tag: "Answer",
  text: JSON.stringify(patch(sampleAnswer)),
})

/** The scripted behaviours the tests use. */
export const behaviours = {
  valid: (answer: unknown = sampleAnswer): GeminiBehaviour => ({ _tag: "Answer", text: JSON.stringify(answer) }),
  malformedJson: { _tag: "Answer", text: '{"name": "Spaghetti", "description": "unterminated' } as GeminiBehaviour,
  negativePrice: answerWith((a) => ({ ...a, suggestedPriceMinor: -5 })),
  withOptionGroups: answerWith((a) => ({ ...a, suggestedOptionGroups: [sampleOptionGroup] })),
  tooManyOptionGroups: answerWith((a) => ({ ...a, suggestedOptionGroups: Array(5).fill(sampleOptionGroup) })),
  hugeDescription: answerWith((a) => ({ ...a, description: "tomato ".repeat(150_000) })),
  unknownVessel: answerWith((a) => ({
    ...a,
    geometry: { ...a.geometry, vessel: { ...a.geometry.vessel, kind: "cauldron" } },
  })),
  status: (status: number): GeminiBehaviour => ({ _tag: "Status", status }),
  hang: { _tag: "Hang" } as GeminiBehaviour,
} as const

const statusNames: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
}

const PATH = /^\/v1beta\/models\/([^/:]+):generateContent$/

const respond = (response: Http.ServerResponse, status: number, body: unknown) => {
  const json = JSON.stringify(body)
  response.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": Buffer.byteLength(json),
  })
  response.end(json)
}

const handle = (request: Http.IncomingMessage, response: Http.ServerResponse, behaviour: GeminiBehaviour) => {
  const model = PATH.exec(request.url ?? "")?.[1]
  if (request.method !== "POST" || model === undefined) {
    respond(response, 404, {
      error: { code: 404, message: `no route ${request.method} ${request.url}`, status: "NOT_FOUND" },
    })
    return
  }
  switch (behaviour._tag) {
    case "Hang":
      return
    case "Status":
      respond(response, behaviour.status, {
        error: {
          code: behaviour.status,
          message: "scripted failure",
          status: statusNames[behaviour.status] ?? "UNKNOWN",
        },
      })
      return
    case "Answer":
      respond(response, 200, {
        candidates: [{ content: { role: "model", parts: [{ text: behaviour.text }] }, finishReason: "STOP", index: 0 }],
        usageMetadata: {
          promptTokenCount: 1290,
          candidatesTokenCount: Math.ceil(behaviour.text.length / 4),
          totalTokenCount: 1290 + Math.ceil(behaviour.text.length / 4),
        },
        modelVersion: model,
        responseId: `double-${Date.now()}`,
      })
      return
  }
}

/** Starts the double on 127.0.0.1 (ephemeral port); closed, hanging connections included, when the scope closes. */
export const geminiDouble = (
  ...initial: ReadonlyArray<GeminiBehaviour>
): Effect.Effect<GeminiDouble, Error, Scope.Scope> =>
  Effect.gen(function* () {
    let script: ReadonlyArray<GeminiBehaviour> = initial.length > 0 ? initial : [behaviours.valid()]
    let served = 0
    const requests: Array<RecordedRequest> = []

    const server = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Http.createServer((request, response) => {
          const chunks: Array<Buffer> = []
          request.on("data", (chunk: Buffer) => chunks.push(chunk))
          request.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8")
            let body: unknown
            try {
              body = JSON.parse(raw)
            } catch {
              body = undefined
            }
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(request.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
            }
            requests.push({ method: request.method ?? "", path: request.url ?? "", headers, body })
            const behaviour = script[Math.min(served, script.length - 1)] ?? behaviours.valid()
            served += 1
            handle(request, response, behaviour)
          })
        }),
      ),
      (server) =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        }),
    )

    const port = yield* Effect.async<number, Error>((resume) => {
      server.once("error", (error) => resume(Effect.fail(error)))
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        if (address !== null && typeof address === "object") resume(Effect.succeed(address.port))
        else resume(Effect.fail(new Error("the Gemini double has no address")))
      })
    })

    return {
      baseUrl: `http://127.0.0.1:${port}`,
      script: (...next) => {
        script = next.length > 0 ? next : [behaviours.valid()]
        served = 0
      },
      requests: () => [...requests],
    }
  })
