/** A tiny cookie-keeping HTTP client for tests, so each test reads like what a browser or curl would do. */
export interface Reply<T = unknown> {
  readonly status: number
  readonly headers: Headers
  readonly body: T
  readonly text: string
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted on freely
export type Json = any

export class Client {
  private cookie: string | undefined

  constructor(readonly baseUrl: string) {}

  withCookie(cookie: string | undefined): Client {
    const copy = new Client(this.baseUrl)
    copy.cookie = cookie
    return copy
  }

  get sessionCookie(): string | undefined {
    return this.cookie
  }

  async request(
    method: string,
    path: string,
    options: { json?: unknown; body?: string | Buffer | FormData; headers?: Record<string, string> } = {},
  ): Promise<Reply<Json>> {
    const headers: Record<string, string> = { ...options.headers }
    let body: string | Buffer | FormData | undefined = options.body
    if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers["content-type"] ??= "application/json"
    }
    if (this.cookie !== undefined) headers.cookie = this.cookie
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
    const setCookie = response.headers.get("set-cookie")
    if (setCookie !== null) {
      const pair = setCookie.split(";")[0] ?? ""
      this.cookie = pair.endsWith("=") ? undefined : pair
    }
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, text }
  }

  /** A multipart photo upload, as the owner's browser sends it. */
  async upload(
    path: string,
    files: ReadonlyArray<{ field?: string; name: string; type: string; bytes: Uint8Array }>,
    fields: Record<string, string> = {},
  ): Promise<Reply<Json>> {
    const form = new FormData()
    for (const [key, value] of Object.entries(fields)) form.append(key, value)
    for (const file of files)
      form.append(file.field ?? "photo", new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name)
    return this.request("POST", path, { body: form })
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, headers === undefined ? {} : { headers })
  }
  post(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request("POST", path, { ...(json === undefined ? {} : { json }), ...(headers ? { headers } : {}) })
  }
  patch(path: string, json: unknown, headers?: Record<string, string>) {
    return this.request("PATCH", path, { json, ...(headers ? { headers } : {}) })
  }
  put(path: string, json: unknown, headers?: Record<string, string>) {
    return this.request("PUT", path, { json, ...(headers ? { headers } : {}) })
  }
  delete(path: string, headers?: Record<string, string>) {
    return this.request("DELETE", path, headers === undefined ? {} : { headers })
  }
}
