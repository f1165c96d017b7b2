// Real nginx (Debian's) with docker/nginx-main.conf and the docker/nginx.conf template rendered by envsubst,
// in front of the real API (in-process, real Postgres and Redis), a static SPA build and a real S3 server
// (Ceph RGW, as MinIO: path-style buckets with the chart's anonymous policy), on loopback.
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib"
import { ownerWithMenu } from "@ardine/api/test-support/fixtures"
import { startTestApi, type TestApi } from "@ardine/api/test-support/testApi"
import { freshBucketNames, rawS3Client, s3 } from "@ardine/infra/test-support/s3"
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { webAppPolicy } from "../../packages/api/src/http/webApp.js"
import { freePort, root, run, storagePublicReadPolicy, tool } from "./support.js"

interface Reply {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: Buffer
}

let api: TestApi
let nginx: ChildProcess | undefined
let nginxLog = ""
let dir: string
let base: string
let port: number
let storage: S3Client
const buckets = freshBucketNames("nginx")
// Another bucket on the same store, public too: /storage/ must still not reach it.
const otherBucket = `${buckets.images.replace(/-images$/, "")}-other`
const storedKey = `restaurants/r1/dishes/d1/photo-${randomBytes(4).toString("hex")}.webp`
const storedBytes = randomBytes(2048)

/** One plain HTTP request (no automatic decompression, unlike fetch). */
const http = (
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    // Node frames a DELETE body with no Content-Length; nginx would then read the body as the next request
    // on the kept-alive connection (a 400 for whatever follows), so the length is always sent.
    const length = options.body === undefined ? {} : { "content-length": String(Buffer.byteLength(options.body)) }
    const req = request(
      { host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: { ...length, ...options.headers } },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on("error", reject)
      },
    )
    req.on("error", reject)
    req.end(options.body)
  })

const header = (reply: Reply, name: string) => {
  const value = reply.headers[name]
  return Array.isArray(value) ? value.join(", ") : (value ?? "")
}

const localResolver = async () => {
  const conf = await readFile("/etc/resolv.conf", "utf8").catch(() => "")
  const server = /^nameserver\s+([0-9.]+)\s*$/m.exec(conf)?.[1]
  return server ?? "127.0.0.1"
}

const waitForPort = async (deadline: number) => {
  for (;;) {
    try {
      const reply = await http("/healthz")
      if (reply.status === 200) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const errors = await readFile(join(dir, "error.log"), "utf8").catch(() => "")
      throw new Error(`nginx did not start:\n${nginxLog}\n${errors}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const indexHtml = `<!doctype html><html><head><title>Ardine</title><script type="module" src="/assets/index-3f9a1c2b.js"></script></head><body><div id="root" data-spa="ardine-test-index"></div></body></html>\n`
// Big enough to be compressed (gzip_min_length) and shaped like a bundle.
const bundle = `${"export const dishes = [];\n".repeat(200)}console.log("ardine")\n`
// Its gzip copy as `vite build` writes it (highest level, with the file's name in the header, unlike nginx's own).
const bundleGz = gzipSync(bundle, { level: 9 })

beforeAll(async () => {
  storage = rawS3Client()
  for (const bucket of [buckets.images, buckets.models, otherBucket]) {
    await storage.send(new CreateBucketCommand({ Bucket: bucket }))
    await storage.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: storagePublicReadPolicy() }))
    await storage.send(
      new PutObjectCommand({ Bucket: bucket, Key: storedKey, Body: storedBytes, ContentType: "image/webp" }),
    )
  }

  const nginxBin = tool("nginx")
  const envsubst = tool("envsubst")
  port = await freePort()
  base = `http://127.0.0.1:${port}`
  api = await startTestApi({ TRUST_PROXY: "true", APP_ORIGIN: base, SSE_HEARTBEAT_MS: "15000" })

  dir = await mkdtemp(join(tmpdir(), "ardine-nginx-"))
  const html = join(dir, "html")
  await mkdir(join(html, "assets"), { recursive: true })
  await mkdir(join(dir, "conf.d"), { recursive: true })
  await mkdir(join(dir, "tmp"), { recursive: true })
  await writeFile(join(html, "index.html"), indexHtml)
  await writeFile(join(html, "assets", "index-3f9a1c2b.js"), bundle)
  await writeFile(join(html, "assets", "index-3f9a1c2b.js.gz"), bundleGz)
  // nginx's workers run as nobody when the master is root: let them read the build and write temp files.
  for (const path of [dir, html, join(html, "assets"), join(dir, "conf.d"), join(dir, "tmp")]) await chmod(path, 0o777)

  // The image's main config, with its fixed paths moved into this test's own directory.
  const main = (await readFile(join(root, "docker/nginx-main.conf"), "utf8"))
    .replaceAll("/tmp/", `${dir}/tmp/`)
    .replaceAll("/etc/nginx/conf.d/", `${dir}/conf.d/`)
    .replace("error_log /dev/stderr warn;", `error_log ${dir}/error.log warn;`)
    .replace("access_log /dev/stdout main;", `access_log ${dir}/access.log main;`)
  await writeFile(join(dir, "nginx.conf"), main)

  const apiHostPort = new URL(api.baseUrl).host
  const variables = {
    NGINX_PORT: `127.0.0.1:${port}`,
    SPA_ROOT: html,
    BACKEND_UPSTREAM: apiHostPort,
    STORAGE_UPSTREAM: new URL(s3.endpoint).host,
    STORAGE_UPSTREAM_SCHEME: "http",
    STORAGE_UPSTREAM_PATH: "/",
    STORAGE_BUCKET_IMAGES: buckets.images,
    STORAGE_BUCKET_MODELS: buckets.models,
    TRUSTED_PROXY_CIDR: "127.0.0.1/32",
    // As the image's entrypoint does: the first nameserver of /etc/resolv.conf (upstreams here are IPs anyway).
    NGINX_LOCAL_RESOLVERS: await localResolver(),
  }
  const shellFormat = Object.keys(variables)
    .map((name) => `\${${name}}`)
    .join(" ")
  const template = await readFile(join(root, "docker/nginx.conf"), "utf8")
  const rendered = await new Promise<string>((resolve, reject) => {
    const child = spawn(envsubst, [shellFormat], { env: { PATH: process.env.PATH, ...variables } })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.on("error", reject)
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`envsubst exited ${code}`))))
    child.stdin.end(template)
  })
  expect(rendered).not.toMatch(/\$\{[A-Z_]+\}/)
  await writeFile(join(dir, "conf.d", "default.conf"), rendered)

  const check = await run(nginxBin, ["-t", "-q", "-p", dir, "-c", join(dir, "nginx.conf")])
  expect(check.code, check.stderr).toBe(0)

  nginx = spawn(nginxBin, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  })
  nginx.stdout?.on("data", (chunk: Buffer) => {
    nginxLog += chunk.toString()
  })
  nginx.stderr?.on("data", (chunk: Buffer) => {
    nginxLog += chunk.toString()
  })
  await waitForPort(Date.now() + 10_000)
})

afterAll(async () => {
  if (nginx?.pid !== undefined && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once("exit", resolve))
    nginx.kill("SIGTERM")
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))])
    if (nginx.exitCode === null) nginx.kill("SIGKILL")
  }
  for (const bucket of [buckets.images, buckets.models, otherBucket]) {
    await storage?.send(new DeleteObjectCommand({ Bucket: bucket, Key: storedKey })).catch(() => undefined)
    await storage?.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  }
  storage?.destroy()
  const storageDir = api?.settings.STORAGE_DIR
  await api?.close()
  if (storageDir !== undefined) await rm(storageDir, { recursive: true, force: true })
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe("nginx in front of the API and the SPA (docker/nginx.conf)", () => {
  it("proxies /api/health/ready to the backend", async () => {
    const reply = await http("/api/health/ready")
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body.toString()).checks.database).toBe("up")
    // The API's own headers come through, not doubled by nginx.
    expect(header(reply, "content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    )
    expect(header(reply, "x-frame-options")).toBe("DENY")
  })

  it("answers a deep link with the SPA's index.html, never cached, with the security headers", async () => {
    const reply = await http("/r/demo?table=4")
    expect(reply.status).toBe(200)
    expect(header(reply, "content-type")).toContain("text/html")
    expect(reply.body.toString()).toContain("ardine-test-index")
    expect(header(reply, "cache-control")).toBe("no-cache")
    expect(header(reply, "x-frame-options")).toBe("DENY")
    expect(header(reply, "x-content-type-options")).toBe("nosniff")
    expect(header(reply, "referrer-policy")).toBe("strict-origin-when-cross-origin")
    const permissions = header(reply, "permissions-policy")
    expect(permissions).toContain("camera=(self)")
    expect(permissions).toContain("xr-spatial-tracking=(self)")
    // The same policy the API uses when it serves the app itself (one machine), so both are tested alike.
    const csp = header(reply, "content-security-policy")
    expect(csp).toBe(webAppPolicy)
    expect(csp).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(header(reply, "server")).toBe("nginx")
  })

  it("serves hashed assets gzipped with a long-lived cache, and never falls back to index.html for them", async () => {
    const reply = await http("/assets/index-3f9a1c2b.js", { headers: { "accept-encoding": "gzip" } })
    expect(reply.status).toBe(200)
    expect(header(reply, "content-type")).toContain("javascript")
    expect(header(reply, "content-encoding")).toBe("gzip")
    expect(gunzipSync(reply.body).toString()).toBe(bundle)
    // The build's own copy (gzip_static), not a compression per request; Vary for caches in between.
    expect(Buffer.compare(reply.body, bundleGz)).toBe(0)
    expect(header(reply, "vary")).toBe("Accept-Encoding")
    expect(header(reply, "cache-control")).toContain("immutable")
    expect(header(reply, "cache-control")).toContain("max-age=31536000")
    // Only headers that act on a script: the document-only ones would cost bytes on every file.
    expect(header(reply, "x-content-type-options")).toBe("nosniff")
    for (const documentOnly of ["content-security-policy", "x-frame-options", "referrer-policy"]) {
      expect(header(reply, documentOnly), documentOnly).toBe("")
    }
    const missing = await http("/assets/index-00000000.js")
    expect(missing.status).toBe(404)
  })

  it("gzips JSON from the API", async () => {
    const { slug } = await ownerWithMenu(api)
    const reply = await http(`/api/menu/${slug}`, { headers: { "accept-encoding": "gzip" } })
    expect(reply.status).toBe(200)
    expect(header(reply, "content-encoding")).toBe("gzip")
    expect(JSON.parse(gunzipSync(reply.body).toString()).dishes.length).toBeGreaterThan(0)
  })

  it("passes the API's brotli through, with its Vary", async () => {
    const reference = await http("/api/openapi.json")
    const reply = await http("/api/openapi.json", { headers: { "accept-encoding": "br" } })
    expect(reply.status).toBe(200)
    expect(header(reply, "content-encoding")).toBe("br")
    expect(header(reply, "vary")).toContain("Accept-Encoding")
    expect(Buffer.compare(brotliDecompressSync(reply.body), reference.body)).toBe(0)
  })

  it("proxies /storage/<bucket>/<key> to the object store, read-only and with nosniff", async () => {
    for (const bucket of [buckets.images, buckets.models]) {
      const reply = await http(`/storage/${bucket}/${storedKey}`)
      expect(reply.status, bucket).toBe(200)
      expect(header(reply, "content-type")).toBe("image/webp")
      expect(Buffer.compare(reply.body, storedBytes)).toBe(0)
      expect(header(reply, "x-content-type-options")).toBe("nosniff")
      expect(header(reply, "content-security-policy")).toContain("sandbox")
    }
    const head = await http(`/storage/${buckets.images}/${storedKey}`, { method: "HEAD" })
    expect(head.status).toBe(200)
    const ranged = await http(`/storage/${buckets.images}/${storedKey}`, { headers: { range: "bytes=0-9" } })
    expect(ranged.status).toBe(206)
    expect(ranged.body.length).toBe(10)
    for (const method of ["PUT", "POST", "DELETE"]) {
      const write = await http(`/storage/${buckets.images}/${storedKey}`, { method, body: "overwrite" })
      expect(write.status, method).toBe(403)
    }
    // Without ListBucket, S3 answers a missing key with 403 as well: it does not tell which keys exist.
    const missing = await http(`/storage/${buckets.images}/restaurants/none.webp`)
    expect(missing.status, missing.body.toString()).toBe(403)
  })

  it("serves only object keys of the app's two buckets: no other bucket, listing or store endpoint", async () => {
    // Each of these reaches the store without the allow-list (the other bucket is as public as ours).
    for (const path of [
      `/storage/${otherBucket}/${storedKey}`,
      `/storage/${buckets.images}`,
      `/storage/${buckets.images}/`,
      `/storage/${buckets.images}/restaurants/r1/`,
      `/storage/${buckets.images}/../${otherBucket}/${storedKey}`,
      `/storage/${buckets.images}/%2e%2e/${otherBucket}/${storedKey}`,
      "/storage/",
      "/storage/minio/health/live",
      "/storage/minio/admin/v3/info",
    ]) {
      const reply = await http(path)
      expect(reply.status, path).toBe(404)
      expect(reply.body.toString(), path).not.toContain(storedKey)
      expect(Buffer.compare(reply.body, storedBytes), path).not.toBe(0)
    }
  })

  it("never passes a query string to the object store", async () => {
    // ?list-type=2 on a key path, ?acl, ?uploads: with the query passed on, these are other S3 operations.
    for (const query of ["list-type=2", "acl", "uploads", "response-content-type=text/html", "policy"]) {
      const reply = await http(`/storage/${buckets.images}/${storedKey}?${query}`)
      expect(reply.status, query).toBe(200)
      expect(header(reply, "content-type"), query).toBe("image/webp")
      expect(Buffer.compare(reply.body, storedBytes), query).toBe(0)
    }
  })

  it("logs requests without the diner's order token (path masked, no query string, Referer as its origin)", async () => {
    const { slug, dishes, order } = await ownerWithMenu(api)
    const placed = await http(`/api/menu/${slug}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": randomBytes(8).toString("hex") },
      body: JSON.stringify(order(dishes.soup, 1)),
    })
    expect(placed.status, placed.body.toString()).toBe(201)
    const token: string = JSON.parse(placed.body.toString()).token
    expect(token.length).toBeGreaterThan(20)
    const orderPage = `${base}/o/${token}?table=4`
    const userAgent = `ardine-log-test-${randomBytes(4).toString("hex")}`
    expect((await http(`/o/${token}?table=4`, { headers: { "user-agent": userAgent } })).status).toBe(200)
    const status = await http(`/api/orders/${token}`, { headers: { referer: orderPage, "user-agent": userAgent } })
    expect(status.status).toBe(200)
    const missing = await http(`/api/orders/${token}x/events`, {
      headers: { referer: orderPage, "user-agent": userAgent },
    })
    expect(missing.status).toBe(400)
    // A table's short code (the printed card's fallback address) is a bearer code too.
    const tableCode = "ZX7Q-K2MP-4RTW"
    expect((await http(`/t/${tableCode}`, { headers: { "user-agent": userAgent } })).status).toBe(200)
    expect((await http(`/api/tables/${tableCode}`, { headers: { "user-agent": userAgent } })).status).toBe(404)

    const lines = (await readFile(join(dir, "access.log"), "utf8")).split("\n").filter((l) => l.includes(userAgent))
    expect(lines.length).toBe(5)
    const log = lines.join("\n")
    expect(log).not.toContain(token)
    expect(log).not.toContain("table=4")
    expect(log).toContain('"GET /o/- HTTP/1.1" 200')
    expect(log).toContain('"GET /api/orders/- HTTP/1.1" 200')
    expect(log).toContain('"GET /api/orders/-/events HTTP/1.1" 400')
    expect(log).not.toContain(tableCode)
    expect(log).toContain('"GET /t/- HTTP/1.1" 200')
    expect(log).toContain('"GET /api/tables/- HTTP/1.1" 404')
    expect(log).toContain(`"${base}" "${userAgent}"`)
  })

  it("refuses bodies larger than a photo upload (client_max_body_size)", async () => {
    const reply = await http("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(7 * 1024 * 1024, 32),
    })
    expect(reply.status).toBe(413)
  })

  it("streams server-sent events unbuffered and uncompressed: an event arrives within a second of its cause", async () => {
    const { client, restaurant, slug, dishes, order } = await ownerWithMenu(api)
    const cookie = client.sessionCookie ?? ""
    const frames: Array<{ event: string; at: number }> = []
    let buffer = ""
    const opened = new Promise<{ status: number; headers: Reply["headers"]; close: () => void }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: `/api/restaurants/${restaurant.id}/events`,
          headers: { accept: "text/event-stream", "accept-encoding": "gzip", cookie },
        },
        (res) => {
          res.on("data", (chunk: Buffer) => {
            buffer += chunk.toString()
            let end = buffer.indexOf("\n\n")
            while (end >= 0) {
              const block = buffer.slice(0, end)
              buffer = buffer.slice(end + 2)
              const event = block
                .split("\n")
                .find((line) => line.startsWith("event: "))
                ?.slice(7)
              if (event !== undefined) frames.push({ event, at: Date.now() })
              end = buffer.indexOf("\n\n")
            }
          })
          res.on("error", () => {})
          resolve({ status: res.statusCode ?? 0, headers: res.headers, close: () => req.destroy() })
        },
      )
      req.on("error", reject)
      req.end()
    })
    const stream = await opened
    try {
      expect(stream.status).toBe(200)
      expect(String(stream.headers["content-type"])).toContain("text/event-stream")
      expect(stream.headers["content-encoding"]).toBeUndefined()
      const waitFor = async (event: string, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const frame = frames.find((f) => f.event === event)
          if (frame !== undefined) return frame
          if (Date.now() > deadline) throw new Error(`no ${event} within ${timeoutMs} ms: ${JSON.stringify(frames)}`)
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      }
      await waitFor("ready", 5_000)

      const caused = Date.now()
      const placed = await http(`/api/menu/${slug}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": randomBytes(8).toString("hex") },
        body: JSON.stringify(order(dishes.soup, 1)),
      })
      expect(placed.status, placed.body.toString()).toBe(201)
      const arrived = await waitFor("order.placed", 1_000)
      expect(arrived.at - caused).toBeLessThan(1_000)
    } finally {
      stream.close()
    }
  })
})
