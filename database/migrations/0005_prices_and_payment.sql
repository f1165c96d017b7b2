-- How a restaurant prices its menu and which payment methods it offers.
-- Existing restaurants keep what they had: tax added on top of menu prices, and all of Cash, Card and UPI.
-- New restaurants always get both values from the application (defaults by currency there).

-- True when no element of the array appears twice (a CHECK cannot hold a subquery; a function can).
CREATE FUNCTION array_elements_distinct(text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT count(DISTINCT element) = count(*) FROM unnest($1) AS element $$;

ALTER TABLE restaurants
  ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false,
  -- <@ refuses NULL elements as well as unknown methods.
  ADD COLUMN payment_methods text[] NOT NULL DEFAULT ARRAY['Cash', 'Card', 'UPI']
    CHECK (
      cardinality(payment_methods) >= 1
      AND payment_methods <@ ARRAY['Cash', 'Card', 'UPI']
      AND array_elements_distinct(payment_methods)
    );

-- An order keeps how it was priced, so its receipt reads right after the owner changes the setting.
ALTER TABLE orders ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false;
