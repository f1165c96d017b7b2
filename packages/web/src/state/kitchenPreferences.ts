import { Schema } from "effect"
import { persisted } from "./preferences.js"

// Kitchen-only settings live apart from the diner's, so the diner's first download does not carry them.

// The board asks once whether to chime; the answer (either way) is remembered so it never asks again.
const [kitchenSoundAsked, setKitchenSoundAsked] = persisted("ardine.kitchen-sound-asked", Schema.Boolean, false)

export { kitchenSoundAsked, setKitchenSoundAsked }

const [kitchenAutoPrint, setKitchenAutoPrint] = persisted("ardine.kitchen-auto-print", Schema.Boolean, false)

export { kitchenAutoPrint, setKitchenAutoPrint }
