import { TableCode } from "@ardine/domain"
import { A, useNavigate, useParams } from "@solidjs/router"
import { Either, Schema } from "effect"
import { createEffect, createResource, Show } from "solid-js"
import { followTableCode } from "../../api/diner.js"
import { useTitle } from "../../browser/title.js"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { speakAppLanguage, t, wordsReady } from "../../i18n/index.js"
import { tablePath } from "../../lib/qr.js"

const decodeCode = Schema.decodeUnknownEither(TableCode)

/**
 * The short address printed on a table's card (`/t/ABCD-EFGH-JKMN`), for a phone that will not scan: it leads
 * to the menu at that table with the table's token, exactly like the QR code. Replaces itself in the history,
 * so "back" does not come here again.
 */
export default function TableCodeLink() {
  speakAppLanguage()
  useTitle(() => (wordsReady() ? t("tableCode.title") : ""))
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
      <Show when={wordsReady()}>
        <Show
          when={unknown()}
          fallback={
            <Show when={failure()} fallback={<Loading label={t("tableCode.opening")} />}>
              {(error) => <ErrorNotice error={error()} />}
            </Show>
          }
        >
          <h1>{t("tableCode.notATable")}</h1>
          <p class="muted">{t("tableCode.notATableText")}</p>
          <p>
            <A href="/">{t("tableCode.start")}</A>
          </p>
        </Show>
      </Show>
    </main>
  )
}
