import { createSignal } from "solid-js"

// One shared ticking clock for "3 min ago" labels: a board of 100 cards needs one timer, not 100.
const [now, setNow] = createSignal(Date.now())
setInterval(() => setNow(Date.now()), 15_000)

export { now }
