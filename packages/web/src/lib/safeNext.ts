/** Where to go after logging in: only a path inside this app, never another site ("//evil", "https:"). */
export const safeNext = (value: string | undefined, fallback = "/owner"): string =>
  value !== undefined && /^\/(?![/\\])/.test(value) ? value : fallback
