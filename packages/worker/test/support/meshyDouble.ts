import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

// A loopback stand-in for Meshy's image-to-3D API v2, with the published shapes: POST /openapi/v2/image-to-3d
// answers 202 with the task object, GET /openapi/v2/tasks/{id} returns it (PENDING -> IN_PROGRESS ->
// SUCCEEDED | FAILED, progress 0-100, output.model_urls.glb, task_error), errors are { type, code, message }.
// What each new task does is the scenario set by the test; the result file is served by the double itself.

export interface MeshyScenario {
  /** The file the task's GLB URL serves (any bytes: a provider may send anything). */
  readonly result?: Uint8Array
  /** How long the task runs after its first poll; progress grows with it. */
  readonly runMs?: number
  /** Ends FAILED with this task_error message instead of SUCCEEDED. */
  readonly taskError?: string
  /** Statuses answered to the next create requests, one each, before creates succeed (402, 429, 500 ...). */
  readonly createFailures?: ReadonlyArray<number>
  /** Serve the result without a content-length (the cap must then hold while streaming). */
  readonly hideLength?: boolean
}

interface DoubleTask {
  readonly id: string
  readonly createdAt: number
  readonly scenario: MeshyScenario
  readonly imageUrl: string
  startedAt: number | null
}

/** The task object's fields that do not change while it runs. */
const pendingObject = (task: DoubleTask) => ({
  id: task.id,
  type: "image-to-3d",
  status: "PENDING",
  created_at: task.createdAt,
  preceding_tasks: 0,
  consumed_credits: 0,
  task_error: null,
  input: { image_url: `${task.imageUrl.slice(0, 32)}…` },
  output: null,
})

const errorBody = (status: number) => {
  const byStatus: Record<number, { type: string; code: string; message: string }> = {
    400: { type: "invalid_request", code: "InvalidParameter", message: "image_url is not a supported image" },
    401: { type: "authentication", code: "InvalidApiKey", message: "Invalid API key" },
    402: { type: "billing", code: "InsufficientCredits", message: "Insufficient credits to perform this task" },
    404: { type: "not_found", code: "TaskNotFound", message: "Task not found" },
    429: { type: "rate_limit", code: "TooManyRequests", message: "Too many requests, slow down" },
  }
  return byStatus[status] ?? { type: "server", code: "InternalError", message: "Internal server error" }
}

export interface MeshyDouble {
  readonly baseUrl: string
  readonly apiKey: string
  /** What new tasks do from now on. */
  setScenario(scenario: MeshyScenario): void
  /** Create requests that made a task (the ones Meshy would bill). */
  readonly created: () => number
  readonly createAttempts: () => number
  /** The image_url of the last created task. */
  readonly lastImageUrl: () => string | null
  readonly close: () => Promise<void>
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

export const startMeshyDouble = async (): Promise<MeshyDouble> => {
  const apiKey = `msy_test_${randomUUID()}`
  const tasks = new Map<string, DoubleTask>()
  let scenario: MeshyScenario = {}
  let pendingFailures: number[] = []
  let attempts = 0
  let lastImageUrl: string | null = null
  let baseUrl = ""

  const taskObject = (task: DoubleTask, justCreated = false) => {
    const now = Date.now()
    if (justCreated) {
      return { ...pendingObject(task), progress: 0, started_at: null, finished_at: null, expires_at: null }
    }
    task.startedAt ??= now
    const runMs = task.scenario.runMs ?? 0
    const done = now - task.startedAt >= runMs
    const progress = done ? 100 : Math.floor((99 * (now - task.startedAt)) / Math.max(runMs, 1))
    const failed = done && task.scenario.taskError !== undefined
    const status = done ? (failed ? "FAILED" : "SUCCEEDED") : progress === 0 ? "PENDING" : "IN_PROGRESS"
    return {
      ...pendingObject(task),
      status,
      progress: failed ? 0 : progress,
      created_at: task.createdAt,
      started_at: task.startedAt,
      finished_at: done ? now : null,
      expires_at: done && !failed ? now + 3 * 86_400_000 : null,
      consumed_credits: failed ? 0 : 30,
      task_error: failed ? { type: "task", code: "GenerationFailed", message: task.scenario.taskError } : null,
      output:
        done && !failed
          ? {
              model_urls: { glb: `${baseUrl}/assets/${task.id}/model.glb?Expires=${now + 86_400_000}` },
              thumbnail_url: `${baseUrl}/assets/${task.id}/preview.png`,
            }
          : null,
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", baseUrl)
    const asset = /^\/assets\/([^/]+)\/model\.glb$/.exec(url.pathname)
    if (req.method === "GET" && asset !== null) {
      const result = tasks.get(asset[1] ?? "")?.scenario.result
      if (result === undefined) return json(res, 404, errorBody(404))
      const headers: Record<string, string> = { "content-type": "model/gltf-binary" }
      if (tasks.get(asset[1] ?? "")?.scenario.hideLength !== true) headers["content-length"] = String(result.length)
      res.writeHead(200, headers)
      // In pieces, as a CDN would send a big file.
      for (let at = 0; at < result.length && !res.destroyed; at += 1 << 20) {
        if (!res.write(result.subarray(at, at + (1 << 20)))) await new Promise((r) => res.once("drain", r))
      }
      return res.end()
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(res, 401, errorBody(401))
    if (req.method === "POST" && url.pathname === "/openapi/v2/image-to-3d") {
      attempts++
      const failure = pendingFailures.shift()
      if (failure !== undefined) return json(res, failure, errorBody(failure))
      const body = JSON.parse(await readBody(req)) as { image_url?: unknown }
      if (typeof body.image_url !== "string" || !/^data:image\/(jpeg|png);base64,/.test(body.image_url)) {
        return json(res, 400, errorBody(400))
      }
      const task: DoubleTask = {
        id: randomUUID(),
        createdAt: Date.now(),
        scenario,
        imageUrl: body.image_url,
        startedAt: null,
      }
      tasks.set(task.id, task)
      lastImageUrl = body.image_url
      return json(res, 202, taskObject(task, true))
    }
    const taskPath = /^\/openapi\/v2\/tasks\/([^/]+)$/.exec(url.pathname)
    if (req.method === "GET" && taskPath !== null) {
      const task = tasks.get(taskPath[1] ?? "")
      return task === undefined ? json(res, 404, errorBody(404)) : json(res, 200, taskObject(task))
    }
    return json(res, 404, errorBody(404))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => json(res, 500, { ...errorBody(500), message: String(e) }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    baseUrl,
    apiKey,
    setScenario: (next) => {
      scenario = next
      pendingFailures = [...(next.createFailures ?? [])]
    },
    created: () => tasks.size,
    createAttempts: () => attempts,
    lastImageUrl: () => lastImageUrl,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
