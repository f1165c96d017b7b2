import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router"
import { ErrorBoundary, lazy, Suspense } from "solid-js"
import { useRouteFocus } from "./browser/routeFocus.js"
import { Announcer } from "./components/Announcer.jsx"
import { Loading } from "./components/Loading.jsx"

// Every screen is its own chunk: a diner scanning a QR code downloads the menu, not the kitchen.
const Home = lazy(() => import("./screens/Home.jsx"))
const NotFound = lazy(() => import("./screens/NotFound.jsx"))
const LogIn = lazy(() => import("./screens/owner/LogIn.jsx"))
const SignUp = lazy(() => import("./screens/owner/SignUp.jsx"))
const OwnerShell = lazy(() => import("./screens/owner/OwnerShell.jsx"))
const Restaurants = lazy(() => import("./screens/owner/Restaurants.jsx"))
const NewRestaurant = lazy(() => import("./screens/owner/NewRestaurant.jsx"))
const RestaurantShell = lazy(() => import("./screens/owner/RestaurantShell.jsx"))
const Kitchen = lazy(() => import("./screens/owner/Kitchen.jsx"))
const OwnerMenu = lazy(() => import("./screens/owner/OwnerMenu.jsx"))
const Tables = lazy(() => import("./screens/owner/Tables.jsx"))
const Settings = lazy(() => import("./screens/owner/Settings.jsx"))
const Today = lazy(() => import("./screens/owner/Today.jsx"))
const DinerShell = lazy(() => import("./screens/diner/DinerShell.jsx"))
const DinerMenu = lazy(() => import("./screens/diner/DinerMenu.jsx"))
const DishDetail = lazy(() => import("./screens/diner/DishDetail.jsx"))
const CartScreen = lazy(() => import("./screens/diner/CartScreen.jsx"))
const OrderStatus = lazy(() => import("./screens/diner/OrderStatus.jsx"))
const TableCodeLink = lazy(() => import("./screens/diner/TableCodeLink.jsx"))

const Crash = (props: { reset: () => void }) => (
  <main class="container page stack" id="main">
    <h1>Something went wrong</h1>
    <p>This screen hit a problem it could not recover from. Reloading usually helps.</p>
    <div class="cluster">
      <button type="button" class="button button-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
      <button type="button" class="button" onClick={() => props.reset()}>
        Try again
      </button>
    </div>
  </main>
)

const Root = (props: RouteSectionProps) => {
  useRouteFocus()
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Announcer />
      <ErrorBoundary fallback={(_, reset) => <Crash reset={reset} />}>
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </ErrorBoundary>
    </>
  )
}

export const App = () => (
  <Router root={Root}>
    <Route path="/" component={Home} />
    <Route path="/login" component={LogIn} />
    <Route path="/signup" component={SignUp} />
    <Route path="/owner" component={OwnerShell}>
      <Route path="/" component={Restaurants} />
      <Route path="/new" component={NewRestaurant} />
      <Route path="/:restaurantId" component={RestaurantShell}>
        <Route path="/" component={() => <Navigate href="kitchen" />} />
        <Route path="/kitchen" component={Kitchen} />
        <Route path="/menu" component={OwnerMenu} />
        <Route path="/tables" component={Tables} />
        <Route path="/today" component={Today} />
        <Route path="/settings" component={Settings} />
      </Route>
    </Route>
    <Route path="/r/:slug" component={DinerShell}>
      <Route path="/" component={DinerMenu} />
      <Route path="/dish/:dishId" component={DishDetail} />
      <Route path="/cart" component={CartScreen} />
    </Route>
    <Route path="/o/:token" component={OrderStatus} />
    <Route path="/t/:code" component={TableCodeLink} />
    <Route path="*404" component={NotFound} />
  </Router>
)
