import type { JSX } from "solid-js"
import { Brand } from "../../components/Brand.jsx"
import "../../styles/owner.css"

/** The frame of the log-in and sign-up pages. */
export const AuthCard = (props: { title: string; children: JSX.Element; footer: JSX.Element }) => (
  <main id="main" class="auth-page">
    <div class="auth-brand">
      <Brand />
    </div>
    <section class="card auth-card stack" aria-labelledby="auth-title">
      <h1 id="auth-title">{props.title}</h1>
      {props.children}
    </section>
    <p class="auth-footer">{props.footer}</p>
  </main>
)
