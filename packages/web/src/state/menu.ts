import { fetchMenu } from "../api/diner.js"

type MenuOutcome = Awaited<ReturnType<typeof fetchMenu>>

// Menu, dish and cart screens share one fetch per restaurant; it is asked again after a minute so
// a diner who keeps the page open sees sold-out dishes disappear.
const FRESH_MS = 60_000
const cache = new Map<string, { readonly at: number; readonly outcome: Promise<MenuOutcome> }>()

export const loadMenu = (slug: string): Promise<MenuOutcome> => {
  const cached = cache.get(slug)
  if (cached !== undefined && Date.now() - cached.at < FRESH_MS) return cached.outcome
  const outcome = fetchMenu(slug).then((result) => {
    if (!result.ok) cache.delete(slug)
    return result
  })
  cache.set(slug, { at: Date.now(), outcome })
  return outcome
}
