-- Option group and option names per language, as dishes have theirs (0013): the main-language name stays in
-- `name`, the others live in `translations` keyed by language tag ({"es": {"name": "Punto"}}). The tags are
-- a closed set the application checks; the database checks the shape. An order line keeps what was chosen
-- in the main language (order_item_options), so these never change an order already placed.
ALTER TABLE dish_option_groups ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(translations) = 'object');
ALTER TABLE dish_options ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(translations) = 'object');
