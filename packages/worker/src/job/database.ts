import { workerDbWriteRetry } from "@ardine/infra"
import { Effect } from "effect"
import { DependencyDown, JobRejected, OwnerReason } from "../errors.js"

const isSqlError = (e: { readonly _tag: string }) => e._tag === "SqlError"

/** A database write: short retries inside the step, then the job waits for the database. Anything else is a bug. */
export const dbWrite = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, DependencyDown, R> =>
  effect.pipe(
    Effect.retry({ schedule: workerDbWriteRetry, while: isSqlError }),
    Effect.catchAll((e) =>
      isSqlError(e)
        ? Effect.fail(
            new DependencyDown({ service: "database", reason: OwnerReason.databaseUnavailable, detail: e.message }),
          )
        : Effect.die(e),
    ),
  )

/** Reading the dish: a row that does not decode (an invalid stored shape) cannot be built, ever. */
export const dbLoad = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, DependencyDown | JobRejected, R> =>
  effect.pipe(
    Effect.retry({ schedule: workerDbWriteRetry, while: isSqlError }),
    Effect.catchAll(
      (e): Effect.Effect<never, DependencyDown | JobRejected> =>
        isSqlError(e)
          ? Effect.fail(
              new DependencyDown({ service: "database", reason: OwnerReason.databaseUnavailable, detail: e.message }),
            )
          : Effect.fail(new JobRejected({ reason: OwnerReason.badGeometry, detail: e.message })),
    ),
  )
