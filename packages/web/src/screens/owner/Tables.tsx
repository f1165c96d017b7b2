import QRCode from "qrcode"
import { createMemo, For } from "solid-js"
import { useTitle } from "../../browser/title.js"
import { PrintIcon } from "../../components/Icons.jsx"
import { qrPath, tableUrl } from "../../lib/qr.js"
import { useRestaurant } from "./restaurantContext.js"
import "../../styles/tables.css"

// Four modules of light margin around the code, as the QR specification asks.
const QUIET_ZONE = 4

/** One table's QR code as an SVG path (no injected markup), medium error correction for smudged tables. */
const TableCode = (props: { url: string; table: number }) => {
  const code = createMemo(() => {
    const { modules } = QRCode.create(props.url, { errorCorrectionLevel: "M" })
    return { size: modules.size, path: qrPath(modules.size, (row, column) => modules.get(row, column) === 1) }
  })
  return (
    <svg
      class="qr"
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${code().size + 2 * QUIET_ZONE} ${code().size + 2 * QUIET_ZONE}`}
      role="img"
      aria-label={`QR code for table ${props.table}`}
      shape-rendering="crispEdges"
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width="100%" height="100%" fill="#fff" />
      <path d={code().path} fill="#000" />
    </svg>
  )
}

export default function Tables() {
  const { restaurant } = useRestaurant()
  useTitle(() => `Tables & QR codes · ${restaurant().name}`)
  const tables = createMemo(() => Array.from({ length: restaurant().tableCount }, (_, index) => index + 1))
  const origin = window.location.origin

  return (
    <section class="stack-lg" aria-labelledby="tables-title">
      <div class="spread no-print">
        <div class="stack-sm">
          <h2 id="tables-title">Tables & QR codes</h2>
          <p class="muted">
            One code per table. Diners scan it to open the menu with their table already filled in. Print the sheet on
            A4 or Letter (12 codes per page) and cut along the dashed lines.
          </p>
        </div>
        <button type="button" class="button button-primary" onClick={() => window.print()}>
          <PrintIcon /> Print QR codes
        </button>
      </div>
      <ul class="qr-sheet" aria-label="QR codes">
        <For each={tables()}>
          {(table) => {
            const url = tableUrl(origin, restaurant().slug, table)
            return (
              <li class="qr-card">
                <p class="qr-restaurant">{restaurant().name}</p>
                <TableCode url={url} table={table} />
                <p class="qr-table">Table {table}</p>
                <p class="qr-hint">Scan to see the menu in 3D and order</p>
                <a class="qr-url no-print" href={url} target="_blank" rel="noopener">
                  {url.replace(/^https?:\/\//, "")}
                  <span class="visually-hidden"> (opens in a new tab)</span>
                </a>
              </li>
            )
          }}
        </For>
      </ul>
    </section>
  )
}
