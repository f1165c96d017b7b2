import type { Language } from "@ardine/domain"
import { fetchMenu } from "../api/diner.js"

type MenuOutcome = Awaited<ReturnType<typeof fetchMenu>>

// Menu, dish and cart screens share one fetch per restaurant; it is asked again after a minute so
// a diner who keeps the page open sees sold-out dishes disappear.
const FRESH_MS = 60_000
const cache = new Map<string, { readonly at: number; readonly outcome: Promise<MenuOutcome> }>()

export const loadMenu = (slug: string, language: Language): Promise<MenuOutcome> => {
  const key = `${slug}/${language}`
  const cached = cache.get(key)
  if (cached !== undefined && Date.now() - cached.at < FRESH_MS) return cached.outcome
  const outcome = fetchMenu(slug, language).then((result) => {
    if (!result.ok) cache.delete(key)
    return result
  })
  cache.set(key, { at: Date.now(), outcome })
  return outcome
}
