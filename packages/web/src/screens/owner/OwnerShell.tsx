import { Navigate, type RouteSectionProps, useLocation, useNavigate } from "@solidjs/router"
import { Match, Switch } from "solid-js"
import { Brand } from "../../components/Brand.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { checkSession, session, signOut } from "../../state/session.js"
import "../../styles/owner.css"

/** Every owner screen sits behind this: it asks who is signed in and sends everyone else to log in. */
export default function OwnerShell(props: RouteSectionProps) {
  const location = useLocation()
  const navigate = useNavigate()
  void checkSession()
  // Logging out on purpose goes to a plain log-in page, not one that offers to come back here.
  const logOut = async () => {
    await signOut()
    navigate("/login", { replace: true })
  }
  const signedIn = () => {
    const current = session()
    return current.status === "signed-in" ? current : undefined
  }
  const unknown = () => {
    const current = session()
    return current.status === "unknown" ? current : undefined
  }

  return (
    <Switch>
      <Match when={session().status === "checking"}>
        <Loading />
      </Match>
      <Match when={session().status === "signed-out"}>
        <Navigate href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} />
      </Match>
      <Match when={unknown()}>
        {(state) => (
          <main id="main" class="container page">
            <ErrorNotice error={state().error} onRetry={() => void checkSession()} />
          </main>
        )}
      </Match>
      <Match when={signedIn()}>
        {(state) => (
          <>
            <header class="site-header owner-header">
              <div class="container site-header-inner">
                <Brand href="/owner" />
                <div class="cluster">
                  <span class="muted small owner-user">{state().user.name}</span>
                  <button type="button" class="button button-small" onClick={() => void logOut()}>
                    Log out
                  </button>
                </div>
              </div>
            </header>
            {props.children}
          </>
        )}
      </Match>
    </Switch>
  )
}
