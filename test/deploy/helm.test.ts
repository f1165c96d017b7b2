// helm/ardine: `helm lint --strict` and `helm template` for every combination of the three `managed`
// toggles, with and without ingress TLS; every rendered object validated against the Kubernetes API
// schemas (kubernetes-models, offline) and checked for the chart's own promises.
import { readFileSync } from "node:fs"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import yaml from "js-yaml"
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1"
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2"
import { Job } from "kubernetes-models/batch/v1"
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1"
import { PodDisruptionBudget } from "kubernetes-models/policy/v1"
import { ConfigMap, Secret, Service, ServiceAccount } from "kubernetes-models/v1"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { root, run, tool } from "./support.js"

const chart = join(root, "helm/ardine")

// --- rendered objects --------------------------------------------------------------------------------

interface Manifest {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> }
  readonly [key: string]: unknown
}

// biome-ignore lint/suspicious/noExplicitAny: shapes of Kubernetes objects are asserted field by field below
type Loose = any

const validators: Record<string, (manifest: Manifest) => void> = {
  "apps/v1/Deployment": (m) => new Deployment(m as Loose).validate(),
  "apps/v1/StatefulSet": (m) => new StatefulSet(m as Loose).validate(),
  "v1/Service": (m) => new Service(m as Loose).validate(),
  "v1/ConfigMap": (m) => new ConfigMap(m as Loose).validate(),
  "v1/Secret": (m) => new Secret(m as Loose).validate(),
  "v1/ServiceAccount": (m) => new ServiceAccount(m as Loose).validate(),
  "batch/v1/Job": (m) => new Job(m as Loose).validate(),
  "networking.k8s.io/v1/Ingress": (m) => new Ingress(m as Loose).validate(),
  "networking.k8s.io/v1/NetworkPolicy": (m) => new NetworkPolicy(m as Loose).validate(),
  "autoscaling/v2/HorizontalPodAutoscaler": (m) => new HorizontalPodAutoscaler(m as Loose).validate(),
  "policy/v1/PodDisruptionBudget": (m) => new PodDisruptionBudget(m as Loose).validate(),
}

const parse = (text: string): Array<Manifest> =>
  yaml.loadAll(text).filter((doc): doc is Manifest => typeof doc === "object" && doc !== null)

// --- values ------------------------------------------------------------------------------------------

interface Combination {
  readonly postgresql: boolean
  readonly redis: boolean
  readonly minio: boolean
  readonly tls: boolean
}

const combinations: Array<Combination> = []
for (const postgresql of [false, true])
  for (const redis of [false, true])
    for (const minio of [false, true])
      for (const tls of [false, true]) combinations.push({ postgresql, redis, minio, tls })

const secretValues = {
  sessionSecret: "s3ss10n-5ecret-0123456789abcdef0123456789abcdef",
  pgPassword: "pgPassw0rd-only-in-secrets",
  minioUser: "ardine-minio-admin",
  minioPassword: "minioPassw0rd-only-in-secrets",
  minioAppUser: "ardine-storage-user",
  minioAppPassword: "minioAppPassw0rd-only-in-secrets",
  redisPassword: "redisPassw0rd0123456789abcdef",
  externalDbUrl: "postgres://ardine:ext-db-passw0rd@db.example.internal:5432/ardine?sslmode=require",
  externalRedisUrl: "rediss://:ext-redis-passw0rd@cache.example.internal:6380",
  s3AccessKey: "AKIAEXAMPLEACCESSKEY",
  s3SecretKey: "ext-s3-secret-key-0123456789",
  gemini: "gemini-api-key-0123456789",
}

const valuesFor = (c: Combination, overrides: Record<string, unknown> = {}) => {
  const values: Record<string, Loose> = {
    secrets: { sessionSecret: secretValues.sessionSecret, geminiApiKey: secretValues.gemini },
    postgresql: c.postgresql
      ? { managed: true, external: { url: secretValues.externalDbUrl } }
      : { managed: false, auth: { password: secretValues.pgPassword } },
    redis: c.redis
      ? { managed: true, external: { url: secretValues.externalRedisUrl } }
      : { managed: false, auth: { password: secretValues.redisPassword } },
    minio: c.minio
      ? {
          managed: true,
          external: {
            endpoint: "https://s3.eu-west-1.amazonaws.com",
            region: "eu-west-1",
            accessKey: secretValues.s3AccessKey,
            secretKey: secretValues.s3SecretKey,
            proxy: { host: "s3.eu-west-1.amazonaws.com", scheme: "https", path: "/" },
          },
        }
      : {
          managed: false,
          auth: {
            rootUser: secretValues.minioUser,
            rootPassword: secretValues.minioPassword,
            appUser: secretValues.minioAppUser,
            appPassword: secretValues.minioAppPassword,
          },
        },
    ingress: c.tls
      ? { host: "menu.example.com", tls: { enabled: true, clusterIssuer: "letsencrypt-prod" } }
      : { host: "menu.example.com", tls: { enabled: false } },
  }
  return mergeDeep(values, overrides)
}

const mergeDeep = (target: Record<string, Loose>, source: Record<string, Loose>): Record<string, Loose> => {
  const out: Record<string, Loose> = { ...target }
  for (const [key, value] of Object.entries(source)) {
    const current = out[key]
    out[key] =
      typeof value === "object" && value !== null && !Array.isArray(value) && typeof current === "object"
        ? mergeDeep(current, value)
        : value
  }
  return out
}

let helm: string
let dir: string
let counter = 0

const writeValues = async (values: Record<string, unknown>) => {
  const file = join(dir, `values-${counter++}.yaml`)
  await writeFile(file, yaml.dump(values))
  return file
}

const template = async (values: Record<string, unknown>, extra: ReadonlyArray<string> = []) => {
  const file = await writeValues(values)
  return run(helm, ["template", "rel", chart, "--namespace", "ardine", "-f", file, ...extra])
}

const rendered = new Map<string, Array<Manifest>>()
const label = (c: Combination) =>
  `postgresql.managed=${c.postgresql} redis.managed=${c.redis} minio.managed=${c.minio} tls=${c.tls}`

beforeAll(async () => {
  helm = tool("helm")
  dir = await mkdtemp(join(tmpdir(), "ardine-helm-"))
  // Render every combination up front, in parallel (each helm run is a separate process).
  await Promise.all(
    combinations.map(async (c) => {
      const out = await template(valuesFor(c))
      if (out.code !== 0) throw new Error(`helm template failed for ${label(c)}:\n${out.stderr}`)
      rendered.set(label(c), parse(out.stdout))
    }),
  )
})

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

// --- helpers over rendered objects -----------------------------------------------------------------

const podSpecOf = (m: Manifest): Loose | undefined =>
  m.kind === "Deployment" || m.kind === "StatefulSet" || m.kind === "Job"
    ? (m as Loose).spec?.template?.spec
    : undefined

const named = (objects: ReadonlyArray<Manifest>, kind: string, suffix: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name.endsWith(suffix))

/** The release's pods (Deployments, StatefulSets, Jobs): component label, all labels, and the pod spec. */
const podsOf = (objects: ReadonlyArray<Manifest>) =>
  objects.flatMap((o) => {
    const spec = podSpecOf(o)
    if (spec === undefined) return []
    const labels: Record<string, string> = (o as Loose).spec.template.metadata.labels ?? {}
    return [
      { where: `${o.kind} ${o.metadata.name}`, component: labels["app.kubernetes.io/component"] ?? "", labels, spec },
    ]
  })

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value)

/**
 * The components whose pods may open `port` on the pods of `store`, as the rendered NetworkPolicies say
 * (Kubernetes semantics: no policy selecting a pod lets everyone in; otherwise the union of their rules).
 */
const allowedSources = (
  objects: ReadonlyArray<Manifest>,
  store: string,
  port: number,
): ReadonlyArray<string> | "anyone" => {
  const pods = podsOf(objects)
  const target = pods.find((p) => p.component === store)
  if (target === undefined) throw new Error(`no pod for ${store}`)
  const policies = objects.filter(
    (o) =>
      o.kind === "NetworkPolicy" &&
      (o as Loose).spec.policyTypes.includes("Ingress") &&
      selects((o as Loose).spec.podSelector.matchLabels, target.labels),
  )
  if (policies.length === 0) return "anyone"
  const rules: Array<Loose> = policies.flatMap((o) => (o as Loose).spec.ingress ?? [])
  const admits = (labels: Record<string, string>) =>
    rules.some(
      (rule) =>
        (rule.ports === undefined || rule.ports.some((p: Loose) => p.port === port)) &&
        (rule.from === undefined ||
          rule.from.some(
            (peer: Loose) =>
              peer.ipBlock === undefined &&
              peer.namespaceSelector === undefined &&
              selects(peer.podSelector?.matchLabels, labels),
          )),
    )
  return [...new Set(pods.filter((p) => p.component !== store && admits(p.labels)).map((p) => p.component))].sort()
}

/** Names of the Secrets a pod's containers read (envFrom and secretKeyRef). */
const secretsReadBy = (spec: Loose) =>
  new Set<string>(
    [...(spec.containers ?? []), ...(spec.initContainers ?? [])].flatMap((c: Loose) => [
      ...(c.envFrom ?? []).flatMap((e: Loose) => (e.secretRef ? [e.secretRef.name] : [])),
      ...(c.env ?? []).flatMap((e: Loose) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
    ]),
  )

describe("helm/ardine", () => {
  it("passes `helm lint --strict` for every combination of the managed toggles, with and without TLS", async () => {
    const results = await Promise.all(
      combinations.map(async (c) => {
        const file = await writeValues(valuesFor(c))
        return { c, out: await run(helm, ["lint", "--strict", chart, "-f", file]) }
      }),
    )
    for (const { c, out } of results) expect(out.code, `${label(c)}\n${out.stdout}${out.stderr}`).toBe(0)
  })

  it.each(combinations.map((c) => [label(c), c] as const))("renders valid Kubernetes objects: %s", (_, c) => {
    const objects = rendered.get(label(c)) ?? []
    expect(objects.length).toBeGreaterThan(10)
    for (const object of objects) {
      const key = `${object.apiVersion}/${object.kind}`
      const validate = validators[key]
      expect(validate, `no validator for ${key} (${object.metadata.name})`).toBeDefined()
      try {
        validate?.(object)
      } catch (error) {
        throw new Error(`${key} ${object.metadata.name} is invalid: ${String(error)}`)
      }
    }
  })

  it.each(combinations.map((c) => [label(c), c] as const))(
    "gives every container probes, requests and limits, and the locked-down security context: %s",
    (_, c) => {
      const objects = rendered.get(label(c)) ?? []
      for (const object of objects) {
        const pod = podSpecOf(object)
        if (pod === undefined) continue
        const where = `${object.kind} ${object.metadata.name}`
        expect(pod.securityContext?.runAsNonRoot, where).toBe(true)
        expect(pod.securityContext?.runAsUser, where).toBeGreaterThan(0)
        expect(pod.securityContext?.seccompProfile?.type, where).toBe("RuntimeDefault")
        expect(pod.automountServiceAccountToken, where).toBe(false)
        const emptyDirs = new Set(
          (pod.volumes ?? []).filter((v: Loose) => v.emptyDir !== undefined).map((v: Loose) => v.name),
        )
        const containers: Array<[Loose, boolean]> = [
          ...(pod.containers ?? []).map((x: Loose) => [x, false] as [Loose, boolean]),
          ...(pod.initContainers ?? []).map((x: Loose) => [x, true] as [Loose, boolean]),
        ]
        expect(containers.length, where).toBeGreaterThan(0)
        for (const [container, init] of containers) {
          const at = `${where} container ${container.name}`
          // Jobs run to completion and init containers cannot have probes; every long-running container has both.
          if (object.kind !== "Job" && !init) {
            expect(container.livenessProbe, `${at}: livenessProbe`).toBeDefined()
            expect(container.readinessProbe, `${at}: readinessProbe`).toBeDefined()
          }
          for (const kind of ["requests", "limits"]) {
            expect(container.resources?.[kind]?.cpu, `${at}: ${kind}.cpu`).toBeDefined()
            expect(container.resources?.[kind]?.memory, `${at}: ${kind}.memory`).toBeDefined()
          }
          const sc = container.securityContext ?? {}
          expect(sc.runAsNonRoot, `${at}: runAsNonRoot`).toBe(true)
          expect(sc.allowPrivilegeEscalation, `${at}: allowPrivilegeEscalation`).toBe(false)
          expect(sc.readOnlyRootFilesystem, `${at}: readOnlyRootFilesystem`).toBe(true)
          expect(sc.capabilities?.drop, `${at}: capabilities.drop`).toContain("ALL")
          expect(sc.capabilities?.add ?? [], `${at}: capabilities.add`).toEqual([])
          expect(sc.privileged ?? false, `${at}: privileged`).toBe(false)
          expect(sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type, `${at}: seccomp`).toBe(
            "RuntimeDefault",
          )
          const tmp = (container.volumeMounts ?? []).find((m: Loose) => m.mountPath === "/tmp")
          expect(tmp !== undefined && emptyDirs.has(tmp.name), `${at}: an emptyDir at /tmp`).toBe(true)
        }
      }
    },
  )

  it.each(combinations.map((c) => [label(c), c] as const))(
    "keeps every secret value out of ConfigMaps, and in-cluster stores only when not managed: %s",
    (_, c) => {
      const objects = rendered.get(label(c)) ?? []
      const secrets = objects.filter((o) => o.kind === "Secret")
      const values = new Set<string>(Object.values(secretValues))
      for (const secret of secrets) {
        for (const v of Object.values(((secret as Loose).stringData ?? {}) as Record<string, string>)) values.add(v)
        for (const v of Object.values(((secret as Loose).data ?? {}) as Record<string, string>))
          values.add(Buffer.from(v, "base64").toString("utf8"))
      }
      const configText = objects
        .filter((o) => o.kind === "ConfigMap")
        .map((o) => JSON.stringify(o))
        .join("\n")
      for (const value of values) {
        if (value.length < 6) continue
        expect(configText.includes(value), `a secret value appears in a ConfigMap: ${value.slice(0, 4)}…`).toBe(false)
      }
      // Nor in plain env values of any pod.
      for (const object of objects) {
        const pod = podSpecOf(object)
        for (const container of pod?.containers ?? []) {
          for (const env of container.env ?? []) {
            if (typeof env.value === "string")
              for (const value of values)
                if (value.length >= 6)
                  expect(env.value.includes(value), `${object.metadata.name} env ${env.name} holds a secret`).toBe(
                    false,
                  )
          }
        }
      }

      const inCluster = (suffix: string) =>
        objects.filter((o) => o.metadata.name.endsWith(suffix) && o.kind !== "ConfigMap" && o.kind !== "Secret")
      expect(inCluster("-postgresql").length > 0, "in-cluster postgresql objects").toBe(!c.postgresql)
      expect(inCluster("-redis").length > 0, "in-cluster redis objects").toBe(!c.redis)
      expect(inCluster("-minio").length > 0, "in-cluster minio objects").toBe(!c.minio)
      expect(named(objects, "Job", "-minio-buckets") !== undefined, "bucket init job").toBe(!c.minio)
      const config = (named(objects, "ConfigMap", "-config") as Loose).data
      expect(config.S3_ENDPOINT).toBe(c.minio ? "https://s3.eu-west-1.amazonaws.com" : "http://rel-ardine-minio:9000")
      expect(config.CLAMAV_HOST).toBe("rel-ardine-clamav")
      expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://rel-ardine-otel-collector:4318")
      const secret = (named(objects, "Secret", "-secrets") as Loose).stringData
      expect(secret.DATABASE_URL).toBe(
        c.postgresql
          ? secretValues.externalDbUrl
          : `postgres://ardine:${secretValues.pgPassword}@rel-ardine-postgresql:5432/ardine`,
      )
      expect(secret.REDIS_URL).toBe(
        c.redis ? secretValues.externalRedisUrl : `redis://:${secretValues.redisPassword}@rel-ardine-redis:6379`,
      )
    },
  )

  it.each(combinations.map((c) => [label(c), c] as const))(
    "has the migration hook, HPAs and PDBs, and an ingress with the chosen TLS: %s",
    (_, c) => {
      const objects = rendered.get(label(c)) ?? []
      const migrate = named(objects, "Job", "-migrate") as Loose
      expect(migrate).toBeDefined()
      const hook: string = migrate.metadata.annotations["helm.sh/hook"]
      expect(hook.split(",")).toContain("pre-upgrade")
      expect(hook.split(",")).toContain(c.postgresql ? "pre-install" : "post-install")
      expect(migrate.spec.template.spec.containers[0].command).toContain("dist/migrate.js")

      for (const component of ["-backend", "-worker"]) {
        const hpa = named(objects, "HorizontalPodAutoscaler", component) as Loose
        expect(hpa?.spec.scaleTargetRef.name).toBe(`rel-ardine${component}`)
      }
      for (const component of ["-backend", "-worker", "-frontend"])
        expect(named(objects, "PodDisruptionBudget", component)).toBeDefined()
      // The worker serves no traffic.
      expect(named(objects, "Service", "-worker")).toBeUndefined()
      for (const component of ["-backend", "-worker"]) {
        const annotations = (named(objects, "Deployment", component) as Loose).spec.template.metadata.annotations
        expect(annotations["checksum/config"]).toMatch(/^[0-9a-f]{64}$/)
        expect(annotations["checksum/secret"]).toMatch(/^[0-9a-f]{64}$/)
      }

      const ingress = named(objects, "Ingress", "rel-ardine") as Loose
      expect(ingress.spec.ingressClassName).toBe("nginx")
      expect(ingress.spec.rules[0].host).toBe("menu.example.com")
      if (c.tls) {
        expect(ingress.spec.tls).toEqual([{ hosts: ["menu.example.com"], secretName: "rel-ardine-tls" }])
        expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt-prod")
      } else {
        expect(ingress.spec.tls).toBeUndefined()
      }

      const frontend = (named(objects, "Deployment", "-frontend") as Loose).spec.template.spec.containers[0]
      const env = Object.fromEntries(frontend.env.map((e: Loose) => [e.name, e.value]))
      // Fully qualified: nginx resolves upstreams itself, without the search domains of resolv.conf.
      expect(env.BACKEND_UPSTREAM).toBe("rel-ardine-backend.ardine.svc.cluster.local:4000")
      expect(env.STORAGE_UPSTREAM).toBe(
        c.minio ? "s3.eu-west-1.amazonaws.com" : "rel-ardine-minio.ardine.svc.cluster.local:9000",
      )
      // nginx serves /storage/ for these two buckets only.
      expect([env.STORAGE_BUCKET_IMAGES, env.STORAGE_BUCKET_MODELS]).toEqual(["dish-images", "dish-models"])
    },
  )

  it.each(["aws", "azure", "gcp"])("lints and renders the managed-services example for %s", async (cloud) => {
    const file = join(chart, "examples", `values-${cloud}.yaml`)
    const lint = await run(helm, ["lint", "--strict", chart, "-f", file])
    expect(lint.code, lint.stdout + lint.stderr).toBe(0)
    const out = await run(helm, ["template", "rel", chart, "--namespace", "ardine", "-f", file])
    expect(out.code, out.stderr).toBe(0)
    const objects = parse(out.stdout)
    for (const object of objects) validators[`${object.apiVersion}/${object.kind}`]?.(object)
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([])
    expect(named(objects, "StatefulSet", "-postgresql")).toBeUndefined()
    expect(named(objects, "StatefulSet", "-redis")).toBeUndefined()
  })

  it.each(combinations.map((c) => [label(c), c] as const))(
    "lets only the API and the worker reach the in-cluster stores (NetworkPolicies): %s",
    (_, c) => {
      const objects = rendered.get(label(c)) ?? []
      const expected: Array<[string, number, boolean, ReadonlyArray<string>]> = [
        ["postgresql", 5432, !c.postgresql, ["backend", "migrate", "worker"]],
        ["redis", 6379, !c.redis, ["backend", "worker"]],
        // The frontend proxies /storage/ to MinIO; the bucket Job sets it up. Its console port: nobody.
        ["minio", 9000, !c.minio, ["backend", "frontend", "minio-buckets", "worker"]],
        ["minio", 9001, !c.minio, []],
        ["clamav", 3310, true, ["backend", "worker"]],
      ]
      for (const [store, port, inCluster, sources] of expected) {
        if (!inCluster) {
          expect(named(objects, "NetworkPolicy", `-${store}`), `${store} is managed: no policy`).toBeUndefined()
          continue
        }
        expect(allowedSources(objects, store, port), `${store}:${port}`).toEqual(sources)
      }
    },
  )

  it("renders no NetworkPolicy when networkPolicy.enabled is false", async () => {
    const out = await template(
      mergeDeep(valuesFor(combinations[0] as Combination), { networkPolicy: { enabled: false } }),
    )
    expect(out.code, out.stderr).toBe(0)
    const objects = parse(out.stdout)
    expect(objects.filter((o) => o.kind === "NetworkPolicy")).toEqual([])
    expect(allowedSources(objects, "redis", 6379)).toBe("anyone")
  })

  it.each(combinations.filter((c) => !c.redis).map((c) => [label(c), c] as const))(
    "runs the in-cluster Redis with the Secret's password, which the app's REDIS_URL carries: %s",
    (_, c) => {
      const objects = rendered.get(label(c)) ?? []
      const secret = (named(objects, "Secret", "-secrets") as Loose).stringData
      expect(secret.REDIS_PASSWORD).toBe(secretValues.redisPassword)
      expect(new URL(secret.REDIS_URL).password).toBe(secretValues.redisPassword)
      const redis = (named(objects, "StatefulSet", "-redis") as Loose).spec.template.spec.containers[0]
      const args: Array<string> = redis.args
      expect(args[args.indexOf("--requirepass") + 1]).toBe("$(REDIS_PASSWORD)")
      const fromSecret = { secretKeyRef: { name: "rel-ardine-secrets", key: "REDIS_PASSWORD" } }
      // $(REDIS_PASSWORD) in args is expanded by Kubernetes from this env entry; redis-cli (probes) reads REDISCLI_AUTH.
      expect(redis.env).toContainEqual({ name: "REDIS_PASSWORD", valueFrom: fromSecret })
      expect(redis.env).toContainEqual({ name: "REDISCLI_AUTH", valueFrom: fromSecret })
      expect(redis.readinessProbe.exec.command).toEqual(["redis-cli", "ping"])
    },
  )

  it.each(combinations.filter((c) => !c.minio).map((c) => [label(c), c] as const))(
    "gives the app its own MinIO user; only MinIO and the bucket Job read the root credentials: %s",
    (_, c) => {
      const objects = rendered.get(label(c)) ?? []
      const appSecret = (named(objects, "Secret", "-secrets") as Loose).stringData
      expect(appSecret.S3_ACCESS_KEY).toBe(secretValues.minioAppUser)
      expect(appSecret.S3_SECRET_KEY).toBe(secretValues.minioAppPassword)
      const rootSecret = named(objects, "Secret", "-minio-root") as Loose
      expect(rootSecret.stringData).toEqual({
        MINIO_ROOT_USER: secretValues.minioUser,
        MINIO_ROOT_PASSWORD: secretValues.minioPassword,
      })
      for (const secret of objects.filter((o) => o.kind === "Secret" && o !== rootSecret))
        expect(JSON.stringify(secret), secret.metadata.name).not.toContain(secretValues.minioPassword)
      const readers = podsOf(objects)
        .filter((p) => secretsReadBy(p.spec).has(rootSecret.metadata.name))
        .map((p) => p.component)
      expect(readers.sort()).toEqual(["minio", "minio-buckets"])

      // The bucket Job runs the chart's files: the same ones docker compose's minio-init mounts.
      const job = (named(objects, "Job", "-minio-buckets") as Loose).spec.template.spec
      expect(job.containers[0].command).toEqual(["/bin/sh", "/ardine-init/minio-init.sh"])
      const volume = job.volumes.find((v: Loose) => v.configMap !== undefined)
      expect(job.containers[0].volumeMounts).toContainEqual({
        name: volume.name,
        mountPath: "/ardine-init",
        readOnly: true,
      })
      const files = (named(objects, "ConfigMap", volume.configMap.name) as Loose).data
      for (const file of ["minio-init.sh", "storage-public-read.json"])
        expect(files[file], file).toBe(readFileSync(join(chart, "files", file), "utf8"))
      const env = Object.fromEntries(job.containers[0].env.map((e: Loose) => [e.name, e.value ?? e.valueFrom]))
      expect(env).toMatchObject({
        MINIO_URL: "http://rel-ardine-minio:9000",
        S3_BUCKET_IMAGES: "dish-images",
        S3_BUCKET_MODELS: "dish-models",
        S3_ACCESS_KEY: { secretKeyRef: { name: "rel-ardine-secrets", key: "S3_ACCESS_KEY" } },
        MINIO_ROOT_PASSWORD: { secretKeyRef: { name: rootSecret.metadata.name, key: "MINIO_ROOT_PASSWORD" } },
      })
    },
  )

  it("rolls the pods when configuration or a secret changes (checksum annotations)", async () => {
    const base = valuesFor(combinations[0] as Combination)
    const checksums = async (values: Record<string, unknown>) => {
      const out = await template(values)
      expect(out.code, out.stderr).toBe(0)
      const backend = named(parse(out.stdout), "Deployment", "-backend") as Loose
      return backend.spec.template.metadata.annotations
    }
    const before = await checksums(base)
    const configChanged = await checksums(mergeDeep(base, { config: { logLevel: "Debug" } }))
    const secretChanged = await checksums(mergeDeep(base, { secrets: { sessionSecret: "x".repeat(40) } }))
    expect(configChanged["checksum/config"]).not.toBe(before["checksum/config"])
    expect(configChanged["checksum/secret"]).toBe(before["checksum/secret"])
    expect(secretChanged["checksum/secret"]).not.toBe(before["checksum/secret"])
  })

  it("gives the API a preStop pause and a termination grace longer than the pause plus its own drain", async () => {
    const base = valuesFor(combinations[0] as Combination)
    const backendPod = async (values: Record<string, unknown>) => {
      const out = await template(values)
      expect(out.code, out.stderr).toBe(0)
      return podSpecOf(named(parse(out.stdout), "Deployment", "-backend") as Manifest)
    }
    const pod = await backendPod(mergeDeep(base, { backend: { shutdownGraceMs: 15000, preStopSleepSeconds: 7 } }))
    const container = pod.containers[0]
    expect(container.lifecycle.preStop.exec.command).toEqual(["sleep", "7"])
    const drain = container.env.find((e: Loose) => e.name === "SHUTDOWN_GRACE_MS").value
    expect(drain).toBe("15000")
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(7 + 15)
    // 0 turns the pause off.
    const without = await backendPod(mergeDeep(base, { backend: { preStopSleepSeconds: 0 } }))
    expect(without.containers[0].lifecycle).toBeUndefined()
  })

  it("uses an existing Secret instead of rendering one", async () => {
    const values = mergeDeep(valuesFor({ postgresql: true, redis: true, minio: true, tls: false }), {
      secrets: { existingSecret: "ardine-prod", sessionSecret: "" },
      postgresql: { external: { url: "" } },
      redis: { external: { url: "" } },
    })
    const out = await template(values)
    expect(out.code, out.stderr).toBe(0)
    const objects = parse(out.stdout)
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([])
    const backend = (named(objects, "Deployment", "-backend") as Loose).spec.template.spec.containers[0]
    expect(backend.envFrom).toContainEqual({ secretRef: { name: "ardine-prod" } })
    const migrate = (named(objects, "Job", "-migrate") as Loose).spec.template.spec.containers[0]
    expect(migrate.env[0].valueFrom.secretKeyRef.name).toBe("ardine-prod")
  })

  it("rejects unknown keys and missing required secrets (values.schema.json)", async () => {
    const base = valuesFor(combinations[0] as Combination)
    const unknown = await template(mergeDeep(base, { backend: { replicaCount: 3 } }))
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toMatch(/replicaCount/)
    const topLevel = await template(mergeDeep(base, { postgress: { managed: true } }))
    expect(topLevel.code).not.toBe(0)
    expect(topLevel.stderr).toMatch(/postgress/)

    const noSession = await template(mergeDeep(base, { secrets: { sessionSecret: "" } }))
    expect(noSession.code).not.toBe(0)
    expect(noSession.stderr).toMatch(/sessionSecret/)
    const noDbPassword = await template(mergeDeep(base, { postgresql: { auth: { password: "" } } }))
    expect(noDbPassword.code).not.toBe(0)
    expect(noDbPassword.stderr).toMatch(/password/)
    const managedWithoutUrl = await template(
      mergeDeep(valuesFor({ postgresql: true, redis: true, minio: true, tls: false }), {
        redis: { external: { url: "" } },
      }),
    )
    expect(managedWithoutUrl.code).not.toBe(0)
    expect(managedWithoutUrl.stderr).toMatch(/redis\.external\.url/)
    const noRedisPassword = await template(mergeDeep(base, { redis: { auth: { password: "" } } }))
    expect(noRedisPassword.code).not.toBe(0)
    expect(noRedisPassword.stderr).toMatch(/password/)
    const noAppUser = await template(mergeDeep(base, { minio: { auth: { appUser: "", appPassword: "" } } }))
    expect(noAppUser.code).not.toBe(0)
    expect(noAppUser.stderr).toMatch(/appUser|appPassword/)
    const noLimits = await template(mergeDeep(base, { worker: { resources: { limits: null } } }))
    expect(noLimits.code).not.toBe(0)
  })
})
