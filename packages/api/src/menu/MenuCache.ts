import { createHash } from "node:crypto"
import {
  type DishId,
  type Language,
  Menu,
  MenuDish,
  NotFound,
  OptionGroup,
  offeredLanguages,
  optionGroupIn,
  PublicRestaurant,
  type RestaurantId,
  textsIn,
} from "@ardine/domain"
import {
  AppConfig,
  type DatabaseFailure,
  DishesRepo,
  nonNegativeInt,
  OptionGroupsRepo,
  positiveInt,
  Redis,
  RestaurantsRepo,
} from "@ardine/infra"
import { Config, Context, Deferred, Effect, Exit, Layer, Option, Schema } from "effect"
import { type ContentCoding, precompress } from "../http/compression.js"

/** A restaurant's public menu, encoded once: the exact bytes a diner receives and their strong ETag. */
export interface CachedMenu {
  readonly restaurantId: RestaurantId
  /** The language its words are in: the one asked for if the restaurant offers it, else its main one. */
  readonly language: Language
  /** The JSON body, UTF-8 encoded once, so each answer writes bytes without encoding them again. */
  readonly body: Uint8Array
  readonly etag: string
  /** The body compressed once per entry (brotli, gzip), so no diner's read compresses it again. */
  readonly encoded: Readonly<Partial<Record<ContentCoding, Uint8Array>>>
}

export type MenuLoadError = NotFound | DatabaseFailure

/**
 * Which menu a read asks for: a restaurant's slug and a language (none: the restaurant's main language).
 * Each is its own cache entry with its own bytes and ETag.
 */
export const menuKey = (slug: string, language: Language | undefined) =>
  language === undefined ? slug : `${slug}/${language}`

export interface MenuCacheService {
  /**
   * The menu for a slug in a language (none: the main one): from memory while fresh, else from Postgres
   * (one load per slug and language at a time).
   */
  readonly get: (slug: string, language?: Language) => Effect.Effect<CachedMenu, MenuLoadError>
  /** The menu for a `menuKey` if memory holds it fresh right now; never loads (for the hit path, MenuHits). */
  readonly peek: (key: string) => CachedMenu | undefined
  /**
   * Drops this restaurant's menu in every language here at once and tells every other API replica through Redis.
   * Call after a write commits. Best effort across replicas: Redis down means the others wait out the TTL.
   */
  readonly invalidate: (restaurantId: RestaurantId) => Effect.Effect<void>
  /** Menus held in memory (for tests and metrics). */
  readonly size: Effect.Effect<number>
}

export class MenuCache extends Context.Tag("@ardine/api/MenuCache")<MenuCache, MenuCacheService>() {}

export const menuCacheConfig = Config.all({
  /** Upper bound on staleness when an invalidation is lost (Redis down, message dropped). */
  ttlMs: nonNegativeInt("MENU_CACHE_TTL_MS", 30_000),
  maxEntries: positiveInt("MENU_CACHE_MAX_ENTRIES", 1_000),
})

export const menuNotFound = new NotFound({ resource: "menu", message: "There is no restaurant at this address" })

export const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`

/** The restaurant channels every process already publishes on (worker progress, orders, other replicas). */
export const restaurantChannelPattern = (prefix: string) => `${prefix}events:restaurant:*`

/** Published by the API on its own menu writes; SSE clients ignore it (it is not a RestaurantEvent). */
export const menuInvalidateMessage = JSON.stringify({ type: "menu.invalidate" })

// Only the `type` is read: order events leave the menu alone, anything else (dish progress, a model
// becoming ready, menu.invalidate, an event type added later) drops it. Excess fields are ignored.
const decodeEventType = Schema.decodeUnknownOption(Schema.parseJson(Schema.Struct({ type: Schema.String })))
export const invalidatesMenu = (message: string) =>
  Option.match(decodeEventType(message), {
    onNone: () => true,
    onSome: ({ type }) => !type.startsWith("order."),
  })

/**
 * A dish's groups as diners see them: only options they can choose. A group whose options are all sold out
 * stays (empty), so a required one shows why the dish cannot be ordered right now.
 */
export const menuGroupsOf = (
  groups: ReadonlyArray<OptionGroup>,
  dishId: DishId,
  language: Language,
  mainLanguage: Language,
): ReadonlyArray<OptionGroup> =>
  groups
    .filter((group) => group.dishId === dishId)
    .map((group) =>
      optionGroupIn(
        new OptionGroup({ ...group, options: group.options.filter((option) => option.available) }),
        language,
        mainLanguage,
      ),
    )

interface Entry {
  readonly menu: CachedMenu
  readonly expiresAt: number
}

/**
 * The in-memory state, independent of Redis: entries by slug, loads in flight by slug, and an epoch
 * that moves on every invalidation so a load that raced a write never stores what it read.
 */
export const makeMenuStore = (options: { readonly ttlMs: number; readonly maxEntries: number }) => {
  const entries = new Map<string, Entry>()
  const loading = new Map<string, Deferred.Deferred<CachedMenu, MenuLoadError>>()
  let epoch = 0
  return {
    fresh: (slug: string, now: number): CachedMenu | undefined => {
      const entry = entries.get(slug)
      if (entry === undefined) return undefined
      if (entry.expiresAt > now) return entry.menu
      entries.delete(slug)
      return undefined
    },
    loading: (slug: string) => loading.get(slug),
    startLoad: (slug: string, deferred: Deferred.Deferred<CachedMenu, MenuLoadError>) => {
      loading.set(slug, deferred)
      return epoch
    },
    finishLoad: (
      slug: string,
      deferred: Deferred.Deferred<CachedMenu, MenuLoadError>,
      startedAt: number,
      menu: Option.Option<CachedMenu>,
      now: number,
    ) => {
      if (loading.get(slug) === deferred) loading.delete(slug)
      if (Option.isNone(menu) || startedAt !== epoch || options.ttlMs === 0) return
      entries.delete(slug)
      entries.set(slug, { menu: menu.value, expiresAt: now + options.ttlMs })
      // Oldest first out: Map keeps insertion order.
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next()
        if (oldest.done === true) break
        entries.delete(oldest.value)
      }
    },
    invalidate: (restaurantId: RestaurantId | undefined) => {
      epoch++
      // Loads in flight may have read the old rows: later requests must not join them.
      loading.clear()
      if (restaurantId === undefined) return entries.clear()
      for (const [slug, entry] of entries) if (entry.menu.restaurantId === restaurantId) entries.delete(slug)
    },
    size: () => entries.size,
  }
}

export const MenuCacheLive = Layer.scoped(
  MenuCache,
  Effect.gen(function* () {
    const config = yield* AppConfig
    const options = yield* menuCacheConfig
    const redis = yield* Redis
    const restaurants = yield* RestaurantsRepo
    const dishes = yield* DishesRepo
    const optionGroups = yield* OptionGroupsRepo
    const encodeMenu = Schema.encode(Menu)
    const store = makeMenuStore(options)
    const channelPrefix = restaurantChannelPattern(config.redisKeyPrefix).slice(0, -1)

    // A dedicated subscriber: a connection in subscribe mode cannot run commands.
    const subscriber = yield* Effect.acquireRelease(
      Effect.sync(() => {
        // Same server and reconnect pace as the command connection, but subscribing may wait for Redis.
        const client = redis.duplicate({
          enableOfflineQueue: true,
          maxRetriesPerRequest: null,
          commandTimeout: undefined,
        })
        client.on("error", () => {})
        return client
      }),
      (client) => Effect.sync(() => client.disconnect()),
    )
    subscriber.on("pmessage", (_pattern: string, channel: string, message: string) => {
      if (!channel.startsWith(channelPrefix) || !invalidatesMenu(message)) return
      store.invalidate(channel.slice(channelPrefix.length) as RestaurantId)
    })
    // Invalidations published while we were disconnected are lost: start over on every (re)connect.
    subscriber.on("ready", () => store.invalidate(undefined))
    yield* Effect.tryPromise(() => subscriber.psubscribe(restaurantChannelPattern(config.redisKeyPrefix))).pipe(
      Effect.timeout("3 seconds"),
      Effect.catchAll((error) =>
        Effect.logWarning("menu cache not listening for invalidations yet; serving menus from Postgres").pipe(
          Effect.annotateLogs({ error: String(error) }),
        ),
      ),
    )
    // Only cache while invalidations can reach us; otherwise every read goes to Postgres.
    const listening = () => subscriber.status === "ready"

    const load = (slug: string, asked: Language | undefined) =>
      Effect.gen(function* () {
        const restaurant = yield* Effect.flatMap(
          restaurants.findBySlug(slug),
          Option.match({ onNone: () => Effect.fail(menuNotFound), onSome: Effect.succeed }),
        )
        const available = yield* dishes.listAvailable(restaurant.id)
        const groups = yield* optionGroups.listForRestaurant(restaurant.id)
        const offered = offeredLanguages(restaurant)
        const language = asked !== undefined && offered.includes(asked) ? asked : restaurant.language
        const menu = new Menu({
          restaurant: new PublicRestaurant({ ...restaurant, languages: offered }),
          language,
          dishes: available.map(
            (dish) =>
              new MenuDish({
                ...dish,
                ...textsIn(dish, language, restaurant.language),
                optionGroups: menuGroupsOf(groups, dish.id, language, restaurant.language),
              }),
          ),
        })
        // A menu that does not encode is our bug: a defect (500), as for a row that does not decode.
        const json = JSON.stringify(yield* Effect.orDie(encodeMenu(menu)))
        const body = Buffer.from(json)
        // Uncached (invalidations cannot reach us) every read compresses: the faster levels then.
        const encoded = yield* precompress(body, listening() ? "once" : "perRequest")
        return { restaurantId: restaurant.id, language, body, etag: etagOf(json), encoded } satisfies CachedMenu
      }).pipe(Effect.withSpan("MenuCache.load", { attributes: { slug, language: asked ?? "main" } }))

    const get = Effect.fn("MenuCache.get")(function* (slug: string, language?: Language) {
      const key = menuKey(slug, language)
      const hit = store.fresh(key, Date.now())
      if (hit !== undefined) return hit
      if (!listening()) return yield* load(slug, language)
      const pending = store.loading(key)
      if (pending !== undefined) return yield* Deferred.await(pending)
      const deferred = yield* Deferred.make<CachedMenu, MenuLoadError>()
      const startedAt = store.startLoad(key, deferred)
      // Detached, so a diner hanging up does not leave the others waiting on an interrupted load.
      yield* load(slug, language).pipe(
        Effect.exit,
        Effect.flatMap((exit) =>
          Effect.sync(() =>
            store.finishLoad(
              key,
              deferred,
              startedAt,
              Exit.isSuccess(exit) ? Option.some(exit.value) : Option.none(),
              Date.now(),
            ),
          ).pipe(Effect.zipRight(Deferred.done(deferred, exit))),
        ),
        Effect.forkDaemon,
      )
      return yield* Deferred.await(deferred)
    })

    const invalidate = Effect.fn("MenuCache.invalidate")(function* (restaurantId: RestaurantId) {
      store.invalidate(restaurantId)
      yield* Effect.tryPromise(() => redis.publish(`${channelPrefix}${restaurantId}`, menuInvalidateMessage)).pipe(
        Effect.timeout("500 millis"),
        Effect.catchAll((error) =>
          Effect.logWarning("could not tell other replicas to drop a menu; they serve it until the TTL").pipe(
            Effect.annotateLogs({ restaurantId, error: String(error) }),
          ),
        ),
      )
    })

    const peek = (key: string) => store.fresh(key, Date.now())

    return { get, peek, invalidate, size: Effect.sync(store.size) } satisfies MenuCacheService
  }),
)
