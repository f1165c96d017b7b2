import { ImageTooLarge, MalwareDetected, ScannerUnavailable } from "@ardine/domain"
import { ClamavRequired, MalwareScanner } from "@ardine/infra"
import { Effect } from "effect"

/**
 * Scans bytes before they are stored, failing closed: anything but a clean verdict refuses them, unless
 * CLAMAV_REQUIRED=false (local development) and clamd is down.
 */
export const scanFailClosed = Effect.fn("DishIntake.scan")(function* (bytes: Uint8Array) {
  const scanner = yield* MalwareScanner
  const verdict = yield* scanner.scanBytes(bytes).pipe(
    Effect.catchTags({
      ScanRejected: (e) =>
        e.reason === "SizeLimitExceeded"
          ? Effect.fail(new ImageTooLarge({ message: "The photo is larger than the scanner accepts" }))
          : Effect.fail(new ScannerUnavailable({ message: "The malware scanner could not check this photo" })),
      ScannerUnavailable: (e) =>
        Effect.gen(function* () {
          if (yield* Effect.orDie(ClamavRequired)) {
            yield* Effect.logError("scanner unavailable; upload refused").pipe(
              Effect.annotateLogs({ reason: e.reason }),
            )
            return yield* Effect.fail(
              new ScannerUnavailable({ message: "Uploads are paused: the malware scanner is unavailable" }),
            )
          }
          yield* Effect.logError("CLAMAV_REQUIRED=false: storing an UNSCANNED upload (local development only)")
          return { _tag: "Clean" as const }
        }),
    }),
  )
  if (verdict._tag === "Infected") {
    yield* Effect.logWarning("malware in upload refused").pipe(Effect.annotateLogs({ signature: verdict.signature }))
    return yield* Effect.fail(new MalwareDetected({ message: "This file was flagged by the malware scanner" }))
  }
})
