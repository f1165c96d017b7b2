import type { DishId, ModelJobPayload, ModelLane, RestaurantId } from "@ardine/domain"
import { Data, type Effect, type Ref } from "effect"
import type { JobRetryable } from "../errors.js"

/** One delivery of a model job, as the processor needs it (the consumer adapts BullMQ's Job to this). */
export interface ModelJob {
  readonly id: string
  /** Which queue delivered it: a photoreal dish's job on the builder lane only hands itself over. */
  readonly lane: ModelLane
  readonly data: unknown
  /** Failed attempts before this one (BullMQ's `attemptsMade`): 0 on the first run. */
  readonly attemptsMade: number
  readonly maxAttempts: number
  /** When this job first had to wait for a service that was down (epoch ms), or null if it never did. */
  readonly outageSince: number | null
  /** Keys earlier runs of this job announced before uploading (they may have died before finishing). */
  readonly uploadedEarlier: ReadonlyArray<string>
  /** Write-ahead record of keys about to be uploaded, kept with the job so a re-run can clean them up. */
  readonly recordUploads: (keys: ReadonlyArray<string>) => Effect.Effect<void, JobRetryable>
}

export type JobOutcome =
  | { readonly result: "ready"; readonly modelKey: string; readonly version: number }
  | { readonly result: "skipped"; readonly why: string }

/** Progress at real step boundaries. */
export const Progress = {
  started: 5,
  fetched: 20,
  built: 60,
  validated: 75,
  scanned: 85,
  stored: 95,
  ready: 100,
} as const

/** The dish moved on without this job (deleted, or a newer version stored by another run). */
export class Superseded extends Data.TaggedError("Superseded")<{ readonly why: string }> {}

export interface JobContext {
  readonly job: ModelJob
  /** The job's payload, decoded. */
  readonly payload: ModelJobPayload
  readonly dishId: DishId
  readonly restaurantId: RestaurantId
  /** Keys this run announced (and may have uploaded). */
  readonly uploads: Ref.Ref<ReadonlyArray<string>>
}
