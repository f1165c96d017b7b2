import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto"
import { Context, Effect, Layer } from "effect"

/** scrypt's cost parameters; they travel in every stored hash, so a hash verifies whatever today's are. */
export interface ScryptCost {
  readonly N: number
  readonly r: number
  readonly p: number
}

// OWASP's current minimum (Password Storage Cheat Sheet): 128 MiB and ~350 ms per hash on a server core.
export const productionCost: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }

export class Passwords extends Context.Tag("@ardine/api/Passwords")<
  Passwords,
  {
    /** A new salted hash of `password`, as stored: `scrypt$N$r$p$salt$key` (base64). */
    readonly hash: (password: string) => Effect.Effect<string>
    /** Constant-time; a malformed stored hash (or one with impossible parameters) simply does not verify. */
    readonly verify: (password: string, stored: string) => Effect.Effect<boolean>
    /** Costs what `verify` costs and never succeeds: the answer for an email with no account, so response time
     * does not tell which emails have one. */
    readonly verifyNoAccount: (password: string) => Effect.Effect<false>
    /** Whether `stored` was made with other parameters than this service hashes with (replaced at next log-in). */
    readonly needsRehash: (stored: string) => boolean
  }
>() {}

const keyLength = 32
// Node refuses a derivation that needs more than maxmem (128 * N * r bytes and a little more); this is also
// the ceiling for any parameters read back from a stored hash.
const maxmem = 192 * 1024 * 1024

/** The service hashing new passwords at `cost`. */
export const makePasswords = (cost: ScryptCost) =>
  Effect.gen(function* () {
    const prefix = `scrypt$${cost.N}$${cost.r}$${cost.p}$`
    // Each derivation holds 128 * N * r bytes outside the V8 heap and one of libuv's 4 threads (which file I/O
    // and DNS share): two at a time bound both, whatever the number of log-ins arriving at once.
    const derivations = yield* Effect.makeSemaphore(2)
    const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
      derivations.withPermits(1)(
        Effect.async<Buffer, unknown>((resume) => {
          // Parameters Node cannot use (N not a power of two, say) are thrown at once, not passed to the callback.
          try {
            scrypt(password.normalize("NFKC"), salt, keyLength, { ...options, maxmem }, (error, key) =>
              resume(error ? Effect.fail(error) : Effect.succeed(key)),
            )
          } catch (error) {
            resume(Effect.fail(error))
          }
        }),
      )
    const hash = Effect.fn("Passwords.hash")(function* (password: string) {
      const salt = randomBytes(16)
      const key = yield* Effect.orDie(derive(password, salt, cost))
      return `${prefix}${salt.toString("base64")}$${key.toString("base64")}`
    })
    const verify = Effect.fn("Passwords.verify")(function* (password: string, stored: string) {
      const [scheme, n, r, p, salt, key] = stored.split("$")
      if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false
      const expected = Buffer.from(key, "base64")
      return yield* derive(password, Buffer.from(salt, "base64"), { N: +n, r: +r, p: +p }).pipe(
        Effect.map((actual) => actual.length === expected.length && timingSafeEqual(actual, expected)),
        Effect.orElseSucceed(() => false),
      )
    })
    // Made once, at the first log-in for an unknown email.
    const noAccountHash = yield* Effect.cached(hash("not-a-real-password-at-all"))
    return Passwords.of({
      hash,
      verify,
      verifyNoAccount: Effect.fn("Passwords.verifyNoAccount")(function* (password: string) {
        yield* verify(password, yield* noAccountHash)
        return false as const
      }),
      needsRehash: (stored) => !stored.startsWith(prefix),
    })
  })

/** Production hashing: scrypt at `productionCost`. */
export const PasswordsLive = Layer.effect(Passwords, makePasswords(productionCost))

/**
 * For tests only: the same scrypt at N=2^10 (1 MiB, about a millisecond), so a suite that signs up hundreds of
 * owners does not spend its time hashing. Its hashes still verify under PasswordsLive, which rehashes them.
 */
export const PasswordsTest = Layer.effect(Passwords, makePasswords({ N: 2 ** 10, r: 8, p: 1 }))
