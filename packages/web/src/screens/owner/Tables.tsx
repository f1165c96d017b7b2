import { formatTableCode, type TableAccess } from "@ardine/domain"
import QRCode from "qrcode"
import { createMemo, createResource, createSignal, For, Show } from "solid-js"
import { listTables, rotateAllTables, rotateTable } from "../../api/tables.js"
import { useTitle } from "../../browser/title.js"
import { ConfirmDialog } from "../../components/ConfirmDialog.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { PrintIcon } from "../../components/Icons.jsx"
import { Loaded } from "../../components/Loaded.jsx"
import { qrPath, shortTableUrl, tableUrl } from "../../lib/qr.js"
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

type Rotation = { readonly _tag: "One"; readonly table: number } | { readonly _tag: "All" }
type RotateError = { readonly _tag: string }

export default function Tables() {
  const { restaurant } = useRestaurant()
  useTitle(() => `Tables & QR codes · ${restaurant().name}`)
  const origin = window.location.origin
  // Fetched again when the table count changes (new tables get their codes on the server).
  const [access, { refetch, mutate }] = createResource(
    () => ({ id: restaurant().id, tableCount: restaurant().tableCount }),
    ({ id }) => listTables(id),
  )
  const [asked, setAsked] = createSignal<Rotation>()
  const [busy, setBusy] = createSignal(false)
  const [failure, setFailure] = createSignal<RotateError>()
  const one = () => {
    const rotation = asked()
    return rotation?._tag === "One" ? rotation.table : undefined
  }

  const replaceRows = (rows: ReadonlyArray<TableAccess>) => {
    const current = access()
    if (current?.ok !== true) return
    const fresh = new Map(rows.map((row) => [row.table, row]))
    mutate({ ok: true, value: { tables: current.value.tables.map((row) => fresh.get(row.table) ?? row) } })
  }

  const rotate = async (rotation: Rotation) => {
    setBusy(true)
    setFailure(undefined)
    const id = restaurant().id
    const outcome =
      rotation._tag === "All"
        ? await rotateAllTables(id).then((o) => (o.ok ? { ok: true as const, value: o.value.tables } : o))
        : await rotateTable(id, rotation.table).then((o) => (o.ok ? { ok: true as const, value: [o.value] } : o))
    setBusy(false)
    setAsked(undefined)
    if (outcome.ok) replaceRows(outcome.value)
    else setFailure(outcome.error)
  }

  return (
    <section class="stack-lg" aria-labelledby="tables-title">
      <div class="spread no-print">
        <div class="stack-sm">
          <h2 id="tables-title">Tables & QR codes</h2>
          <p class="muted">
            One code per table. Diners scan it to open the menu at their table; only a code from the table can place an
            order there. Print the sheet on A4 or Letter (12 codes per page) and cut along the dashed lines. If a code
            has been photographed or taken away, give its table a new one: the old code stops working at once.
          </p>
        </div>
        <div class="cluster">
          <button type="button" class="button" onClick={() => setAsked({ _tag: "All" })}>
            New codes for all tables
          </button>
          <button type="button" class="button button-primary" onClick={() => window.print()}>
            <PrintIcon /> Print QR codes
          </button>
        </div>
      </div>
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} />}</Show>
      <Loaded of={access()} onRetry={() => void refetch()} loadingLabel="Loading the table codes…">
        {(loaded) => (
          <ul class="qr-sheet" aria-label="QR codes">
            <For each={loaded().tables}>
              {(row) => {
                const url = () => tableUrl(origin, restaurant().slug, row.table, row.token)
                // Broken only before the code, so the code itself stays on one line.
                const shortAddress = () => shortTableUrl(origin, row.code).replace(/^https?:\/\//, "")
                return (
                  <li class="qr-card">
                    <p class="qr-restaurant">{restaurant().name}</p>
                    <TableCode url={url()} table={row.table} />
                    <p class="qr-table">Table {row.table}</p>
                    <p class="qr-hint">Scan to see the menu in 3D and order</p>
                    <p class="qr-short">
                      or open{" "}
                      <span class="qr-short-url">
                        {shortAddress().slice(0, -formatTableCode(row.code).length)}
                        <wbr />
                        <span class="qr-short-code">{formatTableCode(row.code)}</span>
                      </span>
                    </p>
                    <a class="qr-url no-print" href={url()} target="_blank" rel="noopener">
                      Open table {row.table}'s menu
                      <span class="visually-hidden"> (opens in a new tab)</span>
                    </a>
                    <button
                      type="button"
                      class="button button-small no-print"
                      onClick={() => setAsked({ _tag: "One", table: row.table })}
                    >
                      New code<span class="visually-hidden"> for table {row.table}</span>
                    </button>
                  </li>
                )
              }}
            </For>
          </ul>
        )}
      </Loaded>
      <ConfirmDialog
        open={asked() !== undefined}
        title={one() === undefined ? "New codes for all tables?" : `New code for table ${one()}?`}
        confirmLabel={one() !== undefined ? "Replace this code" : "Replace all codes"}
        danger
        busy={busy()}
        onConfirm={() => {
          const rotation = asked()
          if (rotation !== undefined) void rotate(rotation)
        }}
        onCancel={() => setAsked(undefined)}
      >
        <p>
          The printed {one() !== undefined ? "code stops" : "codes stop"} working at once: diners can no longer order
          with {one() !== undefined ? "it" : "them"}. Print the new {one() !== undefined ? "card" : "sheet"} and put it
          on the {one() !== undefined ? "table" : "tables"}.
        </p>
      </ConfirmDialog>
    </section>
  )
}
