import { randomBytes, scryptSync } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Passwords, PasswordsLive, PasswordsTest } from "../src/auth/Passwords.js"

// The hashing service on its own. That the running API stores production hashes, and upgrades older ones at
// log-in, is checked end to end in auth.live.test.ts and hardening.live.test.ts.

const withLive = <A, E>(use: (passwords: Passwords["Type"]) => Effect.Effect<A, E>) =>
  Effect.flatMap(Passwords, use).pipe(Effect.provide(PasswordsLive))
const withTest = <A, E>(use: (passwords: Passwords["Type"]) => Effect.Effect<A, E>) =>
  Effect.flatMap(Passwords, use).pipe(Effect.provide(PasswordsTest))

const scryptHash = (plain: string, N: number) => {
  const salt = randomBytes(16)
  const key = scryptSync(plain.normalize("NFKC"), salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })
  return `scrypt$${N}$8$1$${salt.toString("base64")}$${key.toString("base64")}`
}

describe("production password hashing", () => {
  it.live("hashes with scrypt at N=2^17, r=8, p=1 and a fresh salt, and verifies only the right password", () =>
    withLive((passwords) =>
      Effect.gen(function* () {
        const stored = yield* passwords.hash("correct horse battery")
        expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
        expect(passwords.needsRehash(stored)).toBe(false)
        expect(yield* passwords.verify("correct horse battery", stored)).toBe(true)
        expect(yield* passwords.verify("correct horse batterY", stored)).toBe(false)
      }),
    ),
  )

  it.live("reads the parameters from the stored hash, and asks to replace any but its own", () =>
    withLive((passwords) =>
      Effect.gen(function* () {
        const older = scryptHash("pw", 2 ** 15)
        expect(yield* passwords.verify("pw", older)).toBe(true)
        expect(yield* passwords.verify("PW", older)).toBe(false)
        expect(passwords.needsRehash(older)).toBe(true)
        // A test-cost hash is never left in place by production.
        const cheap = yield* withTest((test) => test.hash("pw"))
        expect(yield* passwords.verify("pw", cheap)).toBe(true)
        expect(passwords.needsRehash(cheap)).toBe(true)
      }),
    ),
  )

  it.live("does not verify a malformed stored hash or one with impossible parameters", () =>
    withLive((passwords) =>
      Effect.gen(function* () {
        const [salt, key] = ["AAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]
        for (const stored of [
          "",
          "pw",
          `bcrypt$16384$8$1$${salt}$${key}`,
          "scrypt$16384$8$1$$",
          `scrypt$1$1$1$${salt}$${key}`, // N must be a power of two above 1
          `scrypt$${2 ** 30}$8$1$${salt}$${key}`, // would need 128 GiB
        ]) {
          expect(yield* passwords.verify("pw", stored), stored).toBe(false)
        }
      }),
    ),
  )
})

describe("test password hashing", () => {
  it.live("is the same scrypt at a far lower cost, verifying as production does", () =>
    withTest((passwords) =>
      Effect.gen(function* () {
        const stored = yield* passwords.hash("pw")
        expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/)
        expect(yield* passwords.verify("pw", stored)).toBe(true)
        expect(yield* passwords.verify("pw2", stored)).toBe(false)
        expect(passwords.needsRehash(scryptHash("pw", 2 ** 15))).toBe(true)
        expect(passwords.needsRehash(stored)).toBe(false)
        // Spent on an unknown email's log-in, whatever the password.
        expect(yield* passwords.verifyNoAccount("not-a-real-password-at-all")).toBe(false)
      }),
    ),
  )
})
