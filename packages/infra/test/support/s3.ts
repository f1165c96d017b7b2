// The S3 server the tests use (Ceph RGW from scripts/services/s3.sh by default) and how they reach it. Shared by
// the BlobStorage contract tests and the worker tests; S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION and
// S3_FORCE_PATH_STYLE point both at MinIO or AWS instead.
import { randomBytes } from "node:crypto"
import { S3Client } from "@aws-sdk/client-s3"

export const s3 = {
  endpoint: process.env.S3_ENDPOINT ?? "http://127.0.0.1:7480",
  accessKey: process.env.S3_ACCESS_KEY ?? "TESTACCESS",
  secretKey: process.env.S3_SECRET_KEY ?? "TESTSECRET",
  region: process.env.S3_REGION ?? "us-east-1",
  forcePathStyle: process.env.S3_FORCE_PATH_STYLE ?? "true",
}

/** The S3_* settings BlobStorageS3 reads to reach that server (S3_CHECKSUM left at its default). */
export const s3ConnectionSettings: Readonly<Record<string, string>> = {
  S3_ENDPOINT: s3.endpoint,
  S3_REGION: s3.region,
  S3_ACCESS_KEY: s3.accessKey,
  S3_SECRET_KEY: s3.secretKey,
  S3_FORCE_PATH_STYLE: s3.forcePathStyle,
}

/** Every S3_CHECKSUM mode BlobStorageS3 offers; the contract runs once in each. */
export const s3ChecksumModes = ["when_required", "when_supported"] as const

/**
 * An images and a models bucket name no earlier run used, so runs never share state and "bucket missing" is
 * testable; `prefix` tells whose leftovers a bucket is.
 */
export const freshBucketNames = (prefix: string) => {
  const run = randomBytes(4).toString("hex")
  return { images: `${prefix}-${run}-images`, models: `${prefix}-${run}-models` }
}

/** A plain SDK client on that server, for what tests do outside BlobStorage (listing, dropping buckets). */
export const rawS3Client = () =>
  new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: s3.forcePathStyle !== "false",
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  })
