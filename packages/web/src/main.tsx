import { render } from "solid-js/web"
import { App } from "./App.jsx"
import "./styles/tokens.css"
import "./styles/base.css"

const root = document.getElementById("root")
if (root !== null) render(() => <App />, root)
