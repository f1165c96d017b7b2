import { createSignal } from "solid-js"

// One polite live region for the whole app, for changes a screen-reader user cannot see happen
// ("Burrata added to your order"). It is in the page from the start: regions added together with
// their text are often not read.
const [message, setMessage] = createSignal("")

/** Says `text` to screen-reader users, even when it is the same as the last thing said. */
export const announce = (text: string): void => {
  setMessage("")
  // A fresh text node on the next frame, so the same words twice are still announced twice.
  requestAnimationFrame(() => setMessage(text))
}

export const Announcer = () => (
  <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-announcer="">
    {message()}
  </p>
)
