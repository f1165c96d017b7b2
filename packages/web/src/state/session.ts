import type { User } from "@ardine/domain"
import { createSignal } from "solid-js"
import { logOut, me } from "../api/auth.js"
import { type ApiError, onApiError } from "../api/client.js"

type MeError = ApiError<Extract<Awaited<ReturnType<typeof me>>, { ok: false }>["error"]>

/** Who is signed in. The session itself is an HttpOnly cookie the app cannot read: `/api/auth/me` tells. */
export type Session =
  | { readonly status: "checking" }
  | { readonly status: "signed-in"; readonly user: User }
  | { readonly status: "signed-out" }
  | { readonly status: "unknown"; readonly error: MeError }

const [session, setSession] = createSignal<Session>({ status: "checking" })

export { session }

let check: Promise<void> | undefined

/** Asks the server once per page load (again after a failure). */
export const checkSession = (): Promise<void> => {
  check ??= me().then((outcome) => {
    if (outcome.ok) setSession({ status: "signed-in", user: outcome.value })
    else if (outcome.error._tag === "Unauthorized") setSession({ status: "signed-out" })
    else {
      // The session store being down is not a reason to send someone to the login page.
      setSession({ status: "unknown", error: outcome.error })
      check = undefined
    }
  })
  return check
}

export const signedIn = (user: User): void => {
  check = Promise.resolve()
  setSession({ status: "signed-in", user })
}

export const signOut = async (): Promise<void> => {
  await logOut()
  check = Promise.resolve()
  setSession({ status: "signed-out" })
}

// A 401 from any call means the cookie expired or was revoked: protected screens redirect to log in.
onApiError((error) => {
  if (error._tag === "Unauthorized") {
    check = Promise.resolve()
    setSession({ status: "signed-out" })
  }
})
