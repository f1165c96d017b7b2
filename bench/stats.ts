/** Order statistics for benchmark reports: medians and percentiles, never means of noisy timings. */
export const percentile = (values: ReadonlyArray<number>, p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

export const median = (values: ReadonlyArray<number>) => percentile(values, 50)

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits
