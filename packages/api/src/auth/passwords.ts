import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto"
import { Effect } from "effect"

// scrypt, N=2^15 r=8 p=1: ~50 ms and 32 MiB per hash on a server core; parameters travel in the stored string.
const params = { N: 2 ** 15, r: 8, p: 1 } as const
const keyLength = 32

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  Effect.async<Buffer, Error>((resume) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, { ...options, maxmem: 128 * 1024 * 1024 }, (error, key) =>
      resume(error ? Effect.fail(error) : Effect.succeed(key)),
    )
  })

export const hashPassword = Effect.fn("Passwords.hash")(function* (password: string) {
  const salt = randomBytes(16)
  const key = yield* Effect.orDie(derive(password, salt, params))
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`
})

/** Constant-time comparison; a malformed stored hash simply does not verify. */
export const verifyPassword = Effect.fn("Passwords.verify")(function* (password: string, stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, "base64")
  const actual = yield* Effect.orDie(derive(password, Buffer.from(salt, "base64"), { N: +n, r: +r, p: +p }))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
})

// Unknown emails still pay for one scrypt, so response time does not reveal which emails have accounts.
export const dummyHash = Effect.runSync(Effect.cached(hashPassword("not-a-real-password-at-all")))
