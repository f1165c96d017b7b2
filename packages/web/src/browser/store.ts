import { type KeyValueStore, memoryStore } from "../lib/storage.js"

// localStorage can be missing or throw (private browsing, storage disabled): fall back to memory.
const pick = (): KeyValueStore => {
  try {
    const probe = "ardine.probe"
    window.localStorage.setItem(probe, "1")
    window.localStorage.removeItem(probe)
    return window.localStorage
  } catch {
    return memoryStore()
  }
}

/** The device's persistent key-value store. */
export const localStore: KeyValueStore = pick()
