// The behaviour every ModelQueue layer must share; ModelQueue.test.ts runs it against BullMQ and the memory queue.
import { randomUUID } from "node:crypto"
import { DishId, type ModelJobPayload, RestaurantId } from "@ardine/domain"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type JobState, ModelQueue } from "../src/ModelQueue.js"

export interface ModelQueueUnderTest {
  readonly run: <A, E>(effect: Effect.Effect<A, E, ModelQueue>) => Promise<A>
  /** The payload of the dish's job as the queue holds it, if any. */
  readonly payloadOf: (dishId: DishId) => Promise<ModelJobPayload | undefined>
  /** Plays a worker whose run of the dish's job failed for good. */
  readonly failJob: (dishId: DishId) => Promise<void>
}

export const samplePayload = (imageKey = "restaurants/r/dishes/d/photo.jpg"): ModelJobPayload => ({
  dishId: DishId.make(randomUUID()),
  restaurantId: RestaurantId.make(randomUUID()),
  imageKey,
  geometry: {
    vessel: { kind: "plate", diameterCm: 27, heightCm: 2, color: "#ffffff", roughness: 0.3 },
    components: [],
  },
})

const useQueue = <A, E>(f: (queue: ModelQueue["Type"]) => Effect.Effect<A, E>) => Effect.flatMap(ModelQueue, f)

export const modelQueueContract = (name: string, make: () => ModelQueueUnderTest) =>
  describe(`ModelQueue contract: ${name}`, () => {
    const queue = make()
    const state = (dishId: DishId) => queue.run(useQueue((q) => q.state(dishId)))

    it("holds one waiting job per dish; a second enqueue while it waits keeps the first", async () => {
      const first = samplePayload("first.jpg")
      const depth = await queue.run(useQueue((q) => q.depth))
      expect(await state(first.dishId)).toBe<JobState>("missing")
      await queue.run(useQueue((q) => q.enqueue(first)))
      await queue.run(useQueue((q) => q.enqueue({ ...first, imageKey: "second.jpg" })))
      expect(await state(first.dishId)).toBe<JobState>("waiting")
      expect(await queue.payloadOf(first.dishId)).toEqual(first)
      expect(await queue.run(useQueue((q) => q.depth))).toBe(depth + 1)
      await queue.run(useQueue((q) => q.ping))
    })

    it("removes a dish's job, and removing none is no error", async () => {
      const job = samplePayload()
      await queue.run(useQueue((q) => q.enqueue(job)))
      await queue.run(useQueue((q) => q.remove(job.dishId)))
      expect(await state(job.dishId)).toBe<JobState>("missing")
      expect(await queue.payloadOf(job.dishId)).toBeUndefined()
      await queue.run(useQueue((q) => q.remove(job.dishId)))
    })

    it("replaces a finished job: a dish whose build failed is queued again with the new payload", async () => {
      const job = samplePayload("old.jpg")
      await queue.run(useQueue((q) => q.enqueue(job)))
      await queue.failJob(job.dishId)
      expect(await state(job.dishId)).toBe<JobState>("failed")
      const again = { ...job, imageKey: "new.jpg" }
      await queue.run(useQueue((q) => q.enqueue(again)))
      expect(await state(job.dishId)).toBe<JobState>("waiting")
      expect(await queue.payloadOf(job.dishId)).toEqual(again)
    })

    it("keeps a photoreal job on its own queue: the dish's state and removal cover both", async () => {
      const job = samplePayload()
      const depth = await queue.run(useQueue((q) => q.depth))
      await queue.run(useQueue((q) => q.enqueue(job, "photoreal")))
      expect(await state(job.dishId)).toBe<JobState>("waiting")
      // Not on the builder's queue, so its limiter never paces it.
      expect(await queue.payloadOf(job.dishId)).toBeUndefined()
      await queue.run(useQueue((q) => q.enqueue(job)))
      expect(await queue.run(useQueue((q) => q.depth))).toBe(depth + 2)
      await queue.run(useQueue((q) => q.remove(job.dishId)))
      expect(await state(job.dishId)).toBe<JobState>("missing")
      expect(await queue.run(useQueue((q) => q.depth))).toBe(depth)
    })
  })
