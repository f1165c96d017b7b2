import { Show } from "solid-js"
import { enableChime, playChime } from "../../browser/chime.js"
import { BellIcon, BellOffIcon, PrintIcon } from "../../components/Icons.jsx"
import {
  kitchenAutoPrint,
  kitchenSoundAsked,
  setKitchenAutoPrint,
  setKitchenSoundAsked,
} from "../../state/kitchenPreferences.js"
import { kitchenSound, setKitchenSound } from "../../state/preferences.js"

const turnSound = (on: boolean) => {
  // Browsers allow audio only after a gesture: this click is one, so the chime is unlocked (and previewed) here.
  if (on) {
    enableChime()
    playChime()
  }
  setKitchenSound(on)
  setKitchenSoundAsked(true)
}

/**
 * The board's two device settings, sound and automatic printing, both remembered on this device. Until the
 * sound question is answered (once per device: a kitchen that never answers would miss every chime), it
 * stands in the sound switch's place, so it costs the board no row.
 */
export const KitchenToolbar = () => (
  <div class="cluster kitchen-switches">
    <Show
      when={kitchenSoundAsked()}
      fallback={
        <section class="cluster kitchen-sound-prompt" aria-label="Sound for new orders">
          <p>Chime for new orders?</p>
          <button type="button" class="button button-small button-primary" onClick={() => turnSound(true)}>
            Turn sound on
          </button>
          <button type="button" class="button button-small" onClick={() => turnSound(false)}>
            Not now
          </button>
        </section>
      }
    >
      <button
        type="button"
        class="button button-small"
        aria-pressed={kitchenSound()}
        onClick={() => turnSound(!kitchenSound())}
      >
        <Show when={kitchenSound()} fallback={<BellOffIcon />}>
          <BellIcon />
        </Show>
        {kitchenSound() ? "Sound on" : "Sound off"}
      </button>
    </Show>
    <button
      type="button"
      class="button button-small"
      aria-pressed={kitchenAutoPrint()}
      onClick={() => setKitchenAutoPrint(!kitchenAutoPrint())}
    >
      <PrintIcon />
      Auto-print new orders
    </button>
  </div>
)
