-- Ardine's first schema: owners, their sessions, restaurants, dishes, orders.
-- Money is integer minor units; statuses are CHECKed so no code path can store a value the domain does not know.

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Only a keyed hash of the session token is stored: a leaked table does not log anyone in.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE restaurants (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  tax_rate_bps integer NOT NULL CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  table_count  integer NOT NULL CHECK (table_count BETWEEN 1 AND 500),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX restaurants_owner_id_idx ON restaurants (owner_id);

CREATE TABLE dishes (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  restaurant_id   uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description     text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  category        text NOT NULL CHECK (length(category) BETWEEN 1 AND 60),
  price_minor     integer NOT NULL CHECK (price_minor BETWEEN 0 AND 10000000),
  portion_size    text NOT NULL DEFAULT '' CHECK (length(portion_size) <= 60),
  allergens       text[] NOT NULL DEFAULT '{}',
  dietary_tags    text[] NOT NULL DEFAULT '{}',
  image_key       text,
  model_key       text,
  model_status    text NOT NULL DEFAULT 'pending' CHECK (model_status IN ('pending', 'generating', 'ready', 'failed')),
  model_progress  integer NOT NULL DEFAULT 0 CHECK (model_progress BETWEEN 0 AND 100),
  failure_reason  text,
  geometry        jsonb,
  available       boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (model_status <> 'ready' OR model_key IS NOT NULL)
);
CREATE INDEX dishes_restaurant_idx ON dishes (restaurant_id, category, name);
CREATE INDEX dishes_model_status_idx ON dishes (model_status) WHERE model_status IN ('pending', 'generating');

CREATE TABLE orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  restaurant_id    uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
  table_number     integer NOT NULL CHECK (table_number >= 1),
  status           text NOT NULL DEFAULT 'received'
                     CHECK (status IN ('received', 'preparing', 'ready', 'served', 'cancelled')),
  payment_method   text NOT NULL CHECK (payment_method IN ('Cash', 'Card', 'UPI')),
  payment_status   text NOT NULL DEFAULT 'Pending' CHECK (payment_status IN ('Pending', 'Paid', 'Failed')),
  customer_name    text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 80),
  customer_phone   text NOT NULL CHECK (length(customer_phone) BETWEEN 5 AND 24),
  currency         char(3) NOT NULL,
  subtotal_minor   bigint NOT NULL CHECK (subtotal_minor >= 0),
  tax_minor        bigint NOT NULL CHECK (tax_minor >= 0),
  total_minor      bigint NOT NULL CHECK (total_minor >= 0 AND total_minor = subtotal_minor + tax_minor),
  public_token     text NOT NULL UNIQUE,
  idempotency_key  text,
  request_hash     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (restaurant_id, idempotency_key),
  CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
);
CREATE INDEX orders_board_idx ON orders (restaurant_id, status, created_at DESC);
CREATE INDEX orders_restaurant_created_idx ON orders (restaurant_id, created_at DESC);

CREATE TABLE order_items (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id          uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  position          integer NOT NULL CHECK (position >= 0),
  -- A deleted dish must not erase what was ordered: the name and price are copied in.
  dish_id           uuid REFERENCES dishes(id) ON DELETE SET NULL,
  name              text NOT NULL,
  unit_price_minor  integer NOT NULL CHECK (unit_price_minor >= 0),
  quantity          integer NOT NULL CHECK (quantity BETWEEN 1 AND 50),
  line_total_minor  bigint NOT NULL CHECK (line_total_minor = unit_price_minor * quantity),
  UNIQUE (order_id, position)
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_dish_id_idx ON order_items (dish_id);
