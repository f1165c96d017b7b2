// helm/ardine/files/storage-public-read.json, the anonymous policy minio-init (docker compose) and the chart's
// bucket Job put on both buckets, applied to a real S3 server (Ceph RGW, see packages/infra/test/support/s3.ts):
// anyone may read an object by its key; nobody anonymous may list, write or delete.

import { freshBucketNames, rawS3Client, s3 } from "@ardine/infra/test-support/s3"
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { storagePublicReadPolicy } from "./support.js"

const publicReadPolicy = storagePublicReadPolicy()

let client: S3Client
const buckets = freshBucketNames("policy")
// A bucket without the policy: the policy on the others must not open it.
const closed = `${buckets.images.replace(/-images$/, "")}-closed`
// A bucket with what `mc anonymous set download` grants (MinIO's canned policy, which the file replaces).
const canned = `${buckets.images.replace(/-images$/, "")}-canned`
const cannedDownloadPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: ["*"] },
      Action: ["s3:GetBucketLocation", "s3:ListBucket"],
      Resource: [`arn:aws:s3:::${canned}`],
    },
    { Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${canned}/*`] },
  ],
})
const key = "restaurants/r1/dishes/d1/photo-abc.webp"
const body = "stored photo bytes"

/** An unsigned request, as a browser (or nginx, which drops Authorization) sends it. */
const anonymous = (method: string, path: string, data?: string) =>
  fetch(`${s3.endpoint}${path}`, { method, redirect: "manual", ...(data === undefined ? {} : { body: data }) })

beforeAll(async () => {
  client = rawS3Client()
  for (const bucket of [buckets.images, buckets.models, closed, canned]) {
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "image/webp" }))
  }
  for (const bucket of [buckets.images, buckets.models])
    await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicReadPolicy }))
  await client.send(new PutBucketPolicyCommand({ Bucket: canned, Policy: cannedDownloadPolicy }))
})

afterAll(async () => {
  for (const bucket of [buckets.images, buckets.models, closed, canned]) {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => undefined)
    for (const object of listed?.Contents ?? [])
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key })).catch(() => undefined)
    await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  }
  client?.destroy()
})

describe("the buckets' anonymous policy (helm/ardine/files/storage-public-read.json) on a real S3 server", () => {
  it("grants GetObject and nothing else", () => {
    const policy = JSON.parse(publicReadPolicy) as {
      Statement: Array<{ Effect: string; Action: Array<string>; Principal: unknown }>
    }
    expect(policy.Statement.map((s) => [s.Effect, s.Action])).toEqual([["Allow", ["s3:GetObject"]]])
  })

  it("lets anyone read an object by its key, whole or a range, and HEAD it", async () => {
    for (const bucket of [buckets.images, buckets.models]) {
      const got = await anonymous("GET", `/${bucket}/${key}`)
      expect(got.status, bucket).toBe(200)
      expect(await got.text()).toBe(body)
      expect((await anonymous("HEAD", `/${bucket}/${key}`)).status).toBe(200)
      const ranged = await fetch(`${s3.endpoint}/${bucket}/${key}`, { headers: { range: "bytes=0-5" } })
      expect(ranged.status).toBe(206)
      expect(await ranged.text()).toBe(body.slice(0, 6))
    }
  })

  it("refuses anonymous listing (ListObjects v1 and v2, and multipart uploads)", async () => {
    for (const path of [
      `/${buckets.images}`,
      `/${buckets.images}/`,
      `/${buckets.images}?list-type=2`,
      `/${buckets.images}?list-type=2&prefix=restaurants/`,
      `/${buckets.images}?uploads`,
      `/${buckets.images}?versions`,
    ]) {
      const reply = await anonymous("GET", path)
      const text = await reply.text()
      expect(reply.status, `${path}: ${text.slice(0, 200)}`).toBe(403)
      expect(text).not.toContain(key)
    }
  })

  it("(what it replaces: MinIO's canned download policy lets anyone list every key)", async () => {
    const reply = await anonymous("GET", `/${canned}?list-type=2`)
    expect(reply.status).toBe(200)
    expect(await reply.text()).toContain(key)
  })

  it("refuses anonymous writes, deletes and policy reads", async () => {
    expect((await anonymous("PUT", `/${buckets.images}/${key}`, "overwritten")).status).toBe(403)
    expect((await anonymous("PUT", `/${buckets.images}/new-object`, "planted")).status).toBe(403)
    expect((await anonymous("DELETE", `/${buckets.images}/${key}`)).status).toBe(403)
    expect((await anonymous("GET", `/${buckets.images}?policy`)).status).toBe(403)
    expect((await anonymous("GET", `/${buckets.images}?acl`)).status).toBe(403)
    const still = await anonymous("GET", `/${buckets.images}/${key}`)
    expect(await still.text()).toBe(body)
  })

  it("opens only the bucket it is put on: a bucket without it stays private", async () => {
    expect((await anonymous("GET", `/${closed}/${key}`)).status).toBe(403)
  })
})
