/** "just now", "4 min ago", "2 h ago" for the kitchen board. */
export const ago = (then: Date, now: number): string => {
  const minutes = Math.floor((now - then.getTime()) / 60_000)
  if (minutes < 1) return "just now"
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  return hours < 24 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`
}

/** 12:03 in the viewer's own clock format. */
export const clockTime = (date: Date, locale?: string): string =>
  date.toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" })
