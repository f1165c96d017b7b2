import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto"
import { Effect } from "effect"

// scrypt at OWASP's current minimum (Password Storage Cheat Sheet): N=2^17, r=8, p=1, i.e. 128 MiB and ~350 ms
// per hash on a server core. Parameters travel in the stored string, so older hashes still verify, and are
// replaced at the next log-in (needsRehash).
const params = { N: 2 ** 17, r: 8, p: 1 } as const
const keyLength = 32
// Node refuses a derivation that needs more than maxmem (128 * N * r bytes and a little more); this is also
// the ceiling for any parameters read back from a stored hash.
const maxmem = 192 * 1024 * 1024
const current = `scrypt$${params.N}$${params.r}$${params.p}$`

// Each derivation holds 128 MiB outside the V8 heap and one of libuv's 4 threads (which file I/O and DNS
// share): two at a time bound both, whatever the number of log-ins arriving at once.
const derivations = Effect.unsafeMakeSemaphore(2)

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  derivations.withPermits(1)(
    Effect.async<Buffer, Error>((resume) => {
      scrypt(password.normalize("NFKC"), salt, keyLength, { ...options, maxmem }, (error, key) =>
        resume(error ? Effect.fail(error) : Effect.succeed(key)),
      )
    }),
  )

export const hashPassword = Effect.fn("Passwords.hash")(function* (password: string) {
  const salt = randomBytes(16)
  const key = yield* Effect.orDie(derive(password, salt, params))
  return `${current}${salt.toString("base64")}$${key.toString("base64")}`
})

/** Constant-time comparison; a malformed stored hash (or one with impossible parameters) simply does not verify. */
export const verifyPassword = Effect.fn("Passwords.verify")(function* (password: string, stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, "base64")
  return yield* derive(password, Buffer.from(salt, "base64"), { N: +n, r: +r, p: +p }).pipe(
    Effect.map((actual) => actual.length === expected.length && timingSafeEqual(actual, expected)),
    Effect.orElseSucceed(() => false),
  )
})

/** Whether a stored hash was made with other parameters than today's, so it is replaced at the next log-in. */
export const needsRehash = (stored: string): boolean => !stored.startsWith(current)

// Unknown emails still pay for one scrypt, so response time does not reveal which emails have accounts.
export const dummyHash = Effect.runSync(Effect.cached(hashPassword("not-a-real-password-at-all")))
