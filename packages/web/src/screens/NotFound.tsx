import { A } from "@solidjs/router"
import { useTitle } from "../browser/title.js"

export default function NotFound() {
  useTitle(() => "Page not found")
  return (
    <main id="main" class="container page stack">
      <h1>We couldn’t find that page</h1>
      <p class="muted">If you scanned a QR code on a table, please ask the staff: the code may be out of date.</p>
      <p>
        <A href="/">Go to the start page</A>
      </p>
    </main>
  )
}
