// The publish/subscribe behaviour every Events layer must share; Events.test.ts runs it against Redis and memory.
import { randomUUID } from "node:crypto"
import { DishId, type RestaurantEvent, RestaurantId } from "@ardine/domain"
import { Effect, Exit, type Layer, Queue, Scope, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { Events, type Subscription } from "../src/Events.js"

const progress = (restaurantId: RestaurantId, value: number): RestaurantEvent => ({
  type: "dish.progress",
  dishId: DishId.make(randomUUID()),
  restaurantId,
  status: "generating",
  progress: value,
})

/** Subscribes in the current scope; resolves once the subscription is live. Items arrive on the queue. */
const subscribe = (restaurantId: RestaurantId) =>
  Effect.gen(function* () {
    const events = yield* Events
    const received = yield* Queue.unbounded<Subscription<RestaurantEvent>>()
    yield* Effect.forkScoped(Stream.runForEach(events.restaurant(restaurantId), (item) => Queue.offer(received, item)))
    expect(yield* Queue.take(received).pipe(Effect.timeout("5 seconds"))).toEqual({ _tag: "Subscribed" })
    return received
  })

const next = (received: Queue.Queue<Subscription<RestaurantEvent>>) =>
  Queue.take(received).pipe(Effect.timeout("5 seconds"))

export const eventsContract = <E>(name: string, layer: Layer.Layer<Events, E>) =>
  describe(`Events contract: ${name}`, () => {
    const run = <A, E2>(effect: Effect.Effect<A, E2, Events | Scope.Scope>) =>
      Effect.runPromise(Effect.scoped(Effect.provide(effect, layer)))

    it("a subscriber gets its restaurant's events in order, and no other restaurant's", () =>
      run(
        Effect.gen(function* () {
          const events = yield* Events
          const mine = RestaurantId.make(randomUUID())
          const other = RestaurantId.make(randomUUID())
          const received = yield* subscribe(mine)
          const theirs = yield* subscribe(other)
          const elsewhere = progress(other, 1)
          const first = progress(mine, 10)
          const second = progress(mine, 20)
          yield* events.publishRestaurant(other, elsewhere)
          yield* events.publishRestaurant(mine, first)
          yield* events.publishRestaurant(mine, second)
          // The other restaurant's event went first: had it leaked, it would arrive before these.
          expect(yield* next(received)).toEqual({ _tag: "Event", event: first })
          expect(yield* next(received)).toEqual({ _tag: "Event", event: second })
          expect(yield* next(theirs)).toEqual({ _tag: "Event", event: elsewhere })
          expect(yield* Queue.size(theirs)).toBe(0)
        }),
      ))

    it("every subscriber of a restaurant gets each event; leaving ends the subscription and its count", () =>
      run(
        Effect.gen(function* () {
          const events = yield* Events
          const restaurant = RestaurantId.make(randomUUID())
          const before = yield* events.listeners
          const one = yield* subscribe(restaurant)
          const leaving = yield* Scope.make()
          const two = yield* Effect.provideService(subscribe(restaurant), Scope.Scope, leaving)
          expect(yield* events.listeners).toBe(before + 2)
          const event = progress(restaurant, 50)
          yield* events.publishRestaurant(restaurant, event)
          expect(yield* next(one)).toEqual({ _tag: "Event", event })
          expect(yield* next(two)).toEqual({ _tag: "Event", event })
          yield* Scope.close(leaving, Exit.void)
          expect(yield* events.listeners).toBe(before + 1)
          // The one left still gets events.
          const after = progress(restaurant, 60)
          yield* events.publishRestaurant(restaurant, after)
          expect(yield* next(one)).toEqual({ _tag: "Event", event: after })
        }),
      ))

    it("publishing with nobody subscribed succeeds (events are best effort)", () =>
      run(
        Effect.gen(function* () {
          const events = yield* Events
          const nobody = RestaurantId.make(randomUUID())
          yield* events.publishRestaurant(nobody, progress(nobody, 5))
        }),
      ))
  })
