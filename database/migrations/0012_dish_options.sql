-- Dish options ("modifiers"): a dish's ordered option groups ("Cooking", "Milk"), each with ordered options
-- ("Medium", "Oat milk" +0.40). An order line keeps what was chosen by name and price at the time.

-- A group names its dish together with the dish's restaurant: a group can never hang off another
-- restaurant's dish, whatever a query forgets to check.
ALTER TABLE dishes ADD CONSTRAINT dishes_id_restaurant_key UNIQUE (id, restaurant_id);

CREATE TABLE dish_option_groups (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  restaurant_id   uuid NOT NULL,
  dish_id         uuid NOT NULL,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  selection       text NOT NULL CHECK (selection IN ('single', 'multiple')),
  -- "required" is min_selections >= 1: one fact, stored once.
  min_selections  integer NOT NULL CHECK (min_selections BETWEEN 0 AND 30),
  max_selections  integer NOT NULL CHECK (max_selections BETWEEN 1 AND 30),
  position        integer NOT NULL CHECK (position >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (dish_id, restaurant_id) REFERENCES dishes (id, restaurant_id) ON DELETE CASCADE,
  CHECK (min_selections <= max_selections),
  CHECK (selection = 'multiple' OR max_selections = 1),
  -- Checked at the end of each statement, so one UPDATE can swap positions when the owner reorders.
  CONSTRAINT dish_option_groups_position_key UNIQUE (dish_id, position) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX dish_option_groups_restaurant_idx ON dish_option_groups (restaurant_id);

CREATE TABLE dish_options (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id           uuid NOT NULL REFERENCES dish_option_groups (id) ON DELETE CASCADE,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  price_delta_minor  integer NOT NULL CHECK (price_delta_minor BETWEEN -10000000 AND 10000000),
  available          boolean NOT NULL DEFAULT true,
  position           integer NOT NULL CHECK (position >= 0),
  CONSTRAINT dish_options_position_key UNIQUE (group_id, position) DEFERRABLE INITIALLY IMMEDIATE
);

-- What a diner chose on an order line, copied: renaming, repricing or deleting an option later does not
-- change an order already placed (the line's unit_price_minor already includes these differences).
CREATE TABLE order_item_options (
  order_item_id      uuid NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
  position           integer NOT NULL CHECK (position >= 0),
  option_id          uuid REFERENCES dish_options (id) ON DELETE SET NULL,
  group_name         text NOT NULL,
  name               text NOT NULL,
  price_delta_minor  integer NOT NULL,
  PRIMARY KEY (order_item_id, position)
);
CREATE INDEX order_item_options_option_id_idx ON order_item_options (option_id);

-- Option groups the photo analyzer suggests for a new dish: kept apart from the dish's real groups until the
-- owner accepts one (it becomes a group) or dismisses it, so no suggestion reaches diners unreviewed.
ALTER TABLE dishes ADD COLUMN suggested_option_groups jsonb NOT NULL DEFAULT '[]'
  CHECK (jsonb_typeof(suggested_option_groups) = 'array');
