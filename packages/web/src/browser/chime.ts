let context: AudioContext | undefined

/**
 * A short two-note chime made with Web Audio (no sound file to load). Browsers only allow audio
 * after a user gesture, so `enableChime` is called from the "sound on" toggle.
 */
export const enableChime = (): void => {
  context ??= new AudioContext()
  void context.resume()
}

export const playChime = (): void => {
  if (context === undefined || context.state !== "running") return
  const now = context.currentTime
  for (const [index, frequency] of [880, 1320].entries()) {
    const oscillator = context.createOscillator()
    const gain = context.createGain()
    const start = now + index * 0.16
    oscillator.type = "sine"
    oscillator.frequency.value = frequency
    gain.gain.setValueAtTime(0.0001, start)
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35)
    oscillator.connect(gain).connect(context.destination)
    oscillator.start(start)
    oscillator.stop(start + 0.4)
  }
}
