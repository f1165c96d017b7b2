import { Show } from "solid-js"
import { enableChime, playChime } from "../../browser/chime.js"
import { BellIcon, BellOffIcon, PrintIcon } from "../../components/Icons.jsx"
import {
  kitchenAutoPrint,
  kitchenSound,
  kitchenSoundAsked,
  setKitchenAutoPrint,
  setKitchenSound,
  setKitchenSoundAsked,
} from "../../state/preferences.js"

const turnSound = (on: boolean) => {
  // Browsers allow audio only after a gesture: this click is one, so the chime is unlocked (and previewed) here.
  if (on) {
    enableChime()
    playChime()
  }
  setKitchenSound(on)
  setKitchenSoundAsked(true)
}

/** The board's two device settings, sound and automatic printing, both remembered on this device. */
export const KitchenToolbar = () => (
  <div class="cluster kitchen-switches">
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
    <button
      type="button"
      class="button button-small"
      aria-pressed={kitchenAutoPrint()}
      onClick={() => setKitchenAutoPrint(!kitchenAutoPrint())}
    >
      <PrintIcon />
      Print new orders automatically
    </button>
  </div>
)

/** Asked once per device: a kitchen that never answers would otherwise miss every chime. */
export const SoundPrompt = () => (
  <Show when={!kitchenSoundAsked()}>
    <section class="notice notice-info spread kitchen-sound-prompt" aria-label="Sound for new orders">
      <p>Play a chime when a new order arrives?</p>
      <span class="cluster">
        <button type="button" class="button button-small button-primary" onClick={() => turnSound(true)}>
          Turn sound on
        </button>
        <button type="button" class="button button-small" onClick={() => turnSound(false)}>
          Not now
        </button>
      </span>
    </section>
  </Show>
)
