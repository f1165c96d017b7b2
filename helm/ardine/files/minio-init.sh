#!/bin/sh
# One-shot set-up of an in-cluster MinIO, run by docker compose's minio-init and the chart's minio-buckets Job
# (both mount this folder at /ardine-init). Idempotent: every start or upgrade runs it again.
#  - the two buckets, each readable anonymously by object key only (storage-public-read.json: GetObject, no
#    listing; MinIO's `mc anonymous set download` would also let anyone list every key);
#  - the app's own user (S3_ACCESS_KEY / S3_SECRET_KEY), limited to those two buckets, so the API and the
#    worker never hold the root credentials.
# Reads MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, S3_BUCKET_IMAGES, S3_BUCKET_MODELS, S3_ACCESS_KEY,
# S3_SECRET_KEY and APP_ORIGIN.
set -eu
here="$(dirname "$0")"

# The .env.example placeholders must never reach a deployment served over https.
refuse_placeholder() {
  case "${APP_ORIGIN:-}:$2" in
    https://*change-me*)
      echo "minio-init: $1 is still the .env.example placeholder (change-me...) while APP_ORIGIN is https: set a real secret" >&2
      exit 1
      ;;
  esac
}
refuse_placeholder MINIO_ROOT_PASSWORD "$MINIO_ROOT_PASSWORD"
refuse_placeholder S3_SECRET_KEY "$S3_SECRET_KEY"
if [ "$S3_ACCESS_KEY" = "$MINIO_ROOT_USER" ]; then
  echo "minio-init: the app's S3 user must not be MinIO's root user" >&2
  exit 1
fi

# MinIO may still be starting: up to 2 minutes, then a clear failure (wrong root credentials end here too).
tries=0
until mc alias set ardine "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "minio-init: MinIO at $MINIO_URL did not accept the root credentials within 2 minutes" >&2
    exit 1
  fi
  sleep 2
done
mc mb --ignore-existing "ardine/$S3_BUCKET_IMAGES" "ardine/$S3_BUCKET_MODELS"
mc anonymous set-json "$here/storage-public-read.json" "ardine/$S3_BUCKET_IMAGES"
mc anonymous set-json "$here/storage-public-read.json" "ardine/$S3_BUCKET_MODELS"

# The app lists (health check, deleting a dish's files), reads, writes and deletes in its two buckets only.
policy="${TMPDIR:-/tmp}/ardine-app-policy.json"
cat >"$policy" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET_IMAGES", "arn:aws:s3:::$S3_BUCKET_MODELS"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET_IMAGES/*", "arn:aws:s3:::$S3_BUCKET_MODELS/*"]
    }
  ]
}
EOF
mc admin policy create ardine ardine-app "$policy"
mc admin user add ardine "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
# `policy attach` fails when the policy is already attached (minio/mc#4670); the image has no grep.
case "$(mc admin user info ardine "$S3_ACCESS_KEY")" in
  *ardine-app*) ;;
  *) mc admin policy attach ardine ardine-app --user "$S3_ACCESS_KEY" ;;
esac
echo "minio-init: buckets $S3_BUCKET_IMAGES and $S3_BUCKET_MODELS ready; app user $S3_ACCESS_KEY limited to them"
