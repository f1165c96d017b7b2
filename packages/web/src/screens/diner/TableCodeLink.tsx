import { TableCode } from "@ardine/domain"
import { A, useNavigate, useParams } from "@solidjs/router"
import { Either, Schema } from "effect"
import { createEffect, createResource, Show } from "solid-js"
import { followTableCode } from "../../api/diner.js"
import { useTitle } from "../../browser/title.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { tablePath } from "../../lib/qr.js"

const decodeCode = Schema.decodeUnknownEither(TableCode)

/**
 * The short address printed on a table's card (`/t/ABCD-EFGH-JKMN`), for a phone that will not scan: it leads
 * to the menu at that table with the table's token, exactly like the QR code. Replaces itself in the history,
 * so "back" does not come here again.
 */
export default function TableCodeLink() {
  useTitle(() => "Opening the menu")
  const params = useParams<{ code: string }>()
  const navigate = useNavigate()
  const code = () => Either.getOrUndefined(decodeCode(params.code))
  const [link] = createResource(code, followTableCode)

  createEffect(() => {
    const outcome = link()
    if (outcome?.ok === true) {
      const { slug, table, token } = outcome.value
      navigate(tablePath(slug, table, token), { replace: true })
    }
  })

  const failure = () => {
    const outcome = link()
    return outcome?.ok === false ? outcome.error : undefined
  }
  const unknown = () => code() === undefined || failure()?._tag === "NotFound"

  return (
    <main id="main" class="container page stack">
      <Show
        when={unknown()}
        fallback={
          <Show when={failure()} fallback={<Loading label="Opening the menu…" />}>
            {(error) => <ErrorNotice error={error()} />}
          </Show>
        }
      >
        <h1>This code doesn’t lead to a table</h1>
        <p class="muted">
          Please check the code printed on your table’s card (letters and numbers, like ABCD-EFGH-JKMN), or scan its QR
          code. If it still does not work, the staff can help: the card may have been replaced.
        </p>
        <p>
          <A href="/">Go to the start page</A>
        </p>
      </Show>
    </main>
  )
}
