import { DinerOrderEvent, type OrderId, RestaurantEvent, type RestaurantId } from "@ardine/domain"
import { Context, Effect, Layer, type Option, Schema, Stream } from "effect"
import { RedisConfig } from "./AppConfig.js"
import { openRedis, Redis } from "./Redis.js"

export const restaurantChannel = (prefix: string, restaurantId: RestaurantId) =>
  `${prefix}events:restaurant:${restaurantId}`
export const orderChannel = (prefix: string, orderId: OrderId) => `${prefix}events:order:${orderId}`

const encodeRestaurant = Schema.encode(Schema.parseJson(RestaurantEvent))
const decodeRestaurant = Schema.decodeUnknownOption(Schema.parseJson(RestaurantEvent))
const encodeOrder = Schema.encode(Schema.parseJson(DinerOrderEvent))
const decodeOrder = Schema.decodeUnknownOption(Schema.parseJson(DinerOrderEvent))

export interface EventsService {
  /** Best effort: the database holds the truth and clients re-fetch on reconnect, so a lost event is a late one. */
  readonly publishRestaurant: (restaurantId: RestaurantId, event: RestaurantEvent) => Effect.Effect<void>
  readonly publishOrder: (orderId: OrderId, event: DinerOrderEvent) => Effect.Effect<void>
  /** Starts with `Subscribed` once the subscription is live, so a client can re-fetch without a gap. */
  readonly restaurant: (restaurantId: RestaurantId) => Stream.Stream<Subscription<RestaurantEvent>>
  readonly order: (orderId: OrderId) => Stream.Stream<Subscription<DinerOrderEvent>>
  /** Open subscriptions in this process (for leak checks and metrics). */
  readonly listeners: Effect.Effect<number>
}

export type Subscription<A> = { readonly _tag: "Subscribed" } | { readonly _tag: "Event"; readonly event: A }

export class Events extends Context.Tag("@ardine/Events")<Events, EventsService>() {}

type Listener = (message: string) => void

/** Channel fan-out shared by both layers: one subscription per channel, however many listeners. */
const makeHub = (
  subscribe: (channel: string) => Promise<unknown>,
  unsubscribe: (channel: string) => Promise<unknown>,
) => {
  const channels = new Map<string, Set<Listener>>()
  const dispatch = (channel: string, message: string) => {
    for (const listener of channels.get(channel) ?? []) listener(message)
  }
  const listen = <A>(channel: string, decode: (message: string) => Option.Option<A>) =>
    Stream.asyncScoped<Subscription<A>>((emit) =>
      Effect.acquireRelease(
        Effect.promise(async () => {
          const listener: Listener = (message) => {
            const event = decode(message)
            if (event._tag === "Some") void emit.single({ _tag: "Event", event: event.value })
          }
          const set = channels.get(channel) ?? new Set()
          set.add(listener)
          if (!channels.has(channel)) {
            channels.set(channel, set)
            await subscribe(channel).catch(() => undefined)
          }
          void emit.single({ _tag: "Subscribed" })
          return listener
        }),
        (listener) =>
          Effect.promise(async () => {
            const set = channels.get(channel)
            set?.delete(listener)
            if (set !== undefined && set.size === 0) {
              channels.delete(channel)
              await unsubscribe(channel).catch(() => undefined)
            }
          }),
      ),
    )
  const count = Effect.sync(() => [...channels.values()].reduce((n, set) => n + set.size, 0))
  return { dispatch, listen, count }
}

const make = (
  prefix: string,
  publish: (channel: string, message: string) => Effect.Effect<void, unknown>,
  hub: ReturnType<typeof makeHub>,
): EventsService => {
  const bestEffort = (channel: string, json: Effect.Effect<string, unknown>) =>
    json.pipe(
      Effect.flatMap((message) => publish(channel, message)),
      Effect.timeout("2 seconds"),
      Effect.catchAll((error) =>
        Effect.logWarning("could not publish a live event").pipe(
          Effect.annotateLogs({ channel, error: String(error) }),
        ),
      ),
      Effect.withSpan("Events.publish", { attributes: { channel } }),
    )
  return {
    publishRestaurant: (restaurantId, event) =>
      bestEffort(restaurantChannel(prefix, restaurantId), encodeRestaurant(event)),
    publishOrder: (orderId, event) => bestEffort(orderChannel(prefix, orderId), encodeOrder(event)),
    restaurant: (restaurantId) => hub.listen(restaurantChannel(prefix, restaurantId), decodeRestaurant),
    order: (orderId) => hub.listen(orderChannel(prefix, orderId), decodeOrder),
    listeners: hub.count,
  }
}

/**
 * Redis pub/sub, so events cross processes: the worker's progress and any API replica's orders
 * reach every replica's SSE clients. One dedicated subscriber connection per process.
 */
export const EventsLive = Layer.scoped(
  Events,
  Effect.gen(function* () {
    const config = yield* RedisConfig
    const redis = yield* Redis
    const subscriber = yield* openRedis(config.redisUrl, "subscriber")
    const hub = makeHub(
      (channel) => subscriber.subscribe(channel),
      (channel) => subscriber.unsubscribe(channel),
    )
    subscriber.on("message", hub.dispatch)
    return make(
      config.redisKeyPrefix,
      (channel, message) => Effect.tryPromise(() => redis.publish(channel, message)),
      hub,
    )
  }),
)

/** In-process only: for unit tests and single-process runs without Redis. */
export const EventsMemory = Layer.sync(Events, () => {
  const hub = makeHub(
    () => Promise.resolve(),
    () => Promise.resolve(),
  )
  return make("memory:", (channel, message) => Effect.sync(() => hub.dispatch(channel, message)), hub)
})
