import { A } from "@solidjs/router"
import { useTitle } from "../browser/title.js"
import { Brand } from "../components/Brand.jsx"
import "../styles/home.css"

export default function Home() {
  useTitle(() => "AR menus for restaurants")
  return (
    <>
      <header class="site-header">
        <div class="container site-header-inner">
          <Brand />
          <nav aria-label="Account" class="cluster">
            <A href="/login" class="button button-quiet">
              Log in
            </A>
            <A href="/signup" class="button button-primary">
              Sign up
            </A>
          </nav>
        </div>
      </header>
      <main id="main" class="container page home">
        <section class="home-hero stack">
          <p class="home-kicker">For restaurants</p>
          <h1>Your menu, on the diner’s table, in 3D.</h1>
          <p class="home-lead">
            Photograph a dish. Ardine describes it and builds a real-size 3D model. Diners scan the QR code on their
            table, see every dish on their own table in AR, order and follow it live, while you run the kitchen from one
            board.
          </p>
          <div class="cluster">
            <A href="/signup" class="button button-primary">
              Create your restaurant
            </A>
            <A href="/r/demo?table=1" class="button">
              Try the demo menu
            </A>
          </div>
        </section>
        <ol class="home-steps">
          <li class="card">
            <h2>Photograph</h2>
            <p class="muted">Snap each dish with your phone. The photo is checked, cleaned and stored safely.</p>
          </li>
          <li class="card">
            <h2>Print the QR codes</h2>
            <p class="muted">One code per table, on one printable sheet.</p>
          </li>
          <li class="card">
            <h2>Cook</h2>
            <p class="muted">Orders arrive on the kitchen board with a chime. Move them along with one tap.</p>
          </li>
        </ol>
      </main>
    </>
  )
}
