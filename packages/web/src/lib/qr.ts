import { formatTableCode } from "@ardine/domain"

const base = (origin: string) => origin.replace(/\/+$/, "")

/**
 * Where a table's QR code leads: the diner menu with the table number and the table's token (needed to order).
 * The token rides in the fragment, which a browser never sends: it stays out of every server's and proxy's
 * access log and out of Referer headers.
 */
export const tableUrl = (origin: string, slug: string, table: number, token: string): string =>
  `${base(origin)}${tablePath(slug, table, token)}`

export const tablePath = (slug: string, table: number, token: string): string =>
  `/r/${encodeURIComponent(slug)}?table=${table}#token=${encodeURIComponent(token)}`

/** The token in a scanned address's fragment (`#token=...`), if any. */
export const tokenInFragment = (hash: string): string | undefined =>
  new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? undefined

/** The short address printed under the code, for a diner whose phone will not scan: `/t/ABCD-EFGH-JKMN`. */
export const shortTableUrl = (origin: string, code: string): string => `${base(origin)}/t/${formatTableCode(code)}`

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
