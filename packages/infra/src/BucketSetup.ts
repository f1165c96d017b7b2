import { Effect, Layer } from "effect"
import { BlobStorage } from "./BlobStorage.js"
import { bucketSetupRetry } from "./RetryPolicies.js"

/**
 * The buckets, created at start-up (idempotent) so a fresh store just works. The first try is awaited, so a
 * process that starts with the store up serves with its buckets in place. A store that refuses at start (still
 * starting, or the app's own user not yet created by the chart's bucket Job, which Helm runs only after the
 * release's pods are up when installing with --wait) does not stop the process: it serves, readiness reports
 * storage as down, and the set-up is tried again in the background until it succeeds.
 */
export const BucketSetupLive: Layer.Layer<never, never, BlobStorage> = Layer.scopedDiscard(
  Effect.gen(function* () {
    const storage = yield* BlobStorage
    yield* storage.ensureBuckets.pipe(
      Effect.catchAll((error) =>
        Effect.logWarning(
          "object store not ready at start-up; creating the buckets again in the background",
          error,
        ).pipe(
          Effect.zipRight(
            storage.ensureBuckets.pipe(
              Effect.retry(bucketSetupRetry),
              Effect.tap(() => Effect.logInfo("object store ready: buckets in place")),
              Effect.forkScoped,
            ),
          ),
        ),
      ),
    )
  }),
)
