/** Where a table's QR code leads: the diner menu with the table number. */
export const tableUrl = (origin: string, slug: string, table: number): string =>
  `${origin.replace(/\/+$/, "")}/r/${encodeURIComponent(slug)}?table=${table}`

/** One URL per table, tables 1..tableCount. */
export const tableUrls = (origin: string, slug: string, tableCount: number): ReadonlyArray<string> =>
  Array.from({ length: tableCount }, (_, index) => tableUrl(origin, slug, index + 1))

/**
 * An SVG path drawing the dark modules of a QR matrix, one rectangle per horizontal run, in module
 * units (the caller's viewBox adds the quiet zone). Rendered as a path, not injected markup.
 */
export const qrPath = (size: number, isDark: (row: number, column: number) => boolean): string => {
  const parts: Array<string> = []
  for (let row = 0; row < size; row++) {
    let column = 0
    while (column < size) {
      if (!isDark(row, column)) {
        column++
        continue
      }
      const start = column
      while (column < size && isDark(row, column)) column++
      parts.push(`M${start} ${row}h${column - start}v1h-${column - start}z`)
    }
  }
  return parts.join("")
}
