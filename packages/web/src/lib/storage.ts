import { Either, Schema } from "effect"

/** The part of the Web Storage API the app uses; tests pass a Map-backed double. */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Reads a stored JSON value; anything unreadable or in an old shape counts as absent. */
export const readJson = <A, I>(store: KeyValueStore, key: string, schema: Schema.Schema<A, I>): A | undefined => {
  const text = store.getItem(key)
  if (text === null) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  return Either.getOrUndefined(Schema.decodeUnknownEither(schema)(parsed))
}

/** Stores a JSON value; a full or disabled storage only loses persistence, never the page. */
export const writeJson = (store: KeyValueStore, key: string, value: unknown): void => {
  try {
    store.setItem(key, JSON.stringify(value))
  } catch {
    // Quota exceeded or storage disabled (private browsing): the in-memory state still works.
  }
}

/** A store that lives only as long as the page, for when localStorage is unavailable and in tests. */
export const memoryStore = (): KeyValueStore => {
  const values = new Map<string, string>()
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, value)
    },
    removeItem: (key) => {
      values.delete(key)
    },
  }
}
