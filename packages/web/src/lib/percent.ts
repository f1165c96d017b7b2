/** A tax rate in basis points as the owner reads it: 1000 -> "10", 725 -> "7.25". */
export const bpsToPercent = (bps: number): string => {
  const whole = Math.trunc(bps / 100)
  const rest = bps % 100
  if (rest === 0) return String(whole)
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`
}

/** "7.25" or "7,25" (at most two decimals, 0 to 100) as basis points; undefined otherwise. */
export const percentToBps = (input: string): number | undefined => {
  const match = /^(\d{1,3})(?:[.,](\d{0,2}))?\s*%?$/.exec(input.trim())
  if (match === null) return undefined
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"))
  return bps <= 10_000 ? bps : undefined
}
