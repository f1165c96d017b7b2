-- The kitchen board colours an order's age: amber, then red, past minutes the restaurant chooses.
-- Existing restaurants start from 10 and 20 minutes; red always comes after amber.
ALTER TABLE restaurants
  ADD COLUMN kitchen_amber_minutes integer NOT NULL DEFAULT 10 CHECK (kitchen_amber_minutes BETWEEN 1 AND 239),
  ADD COLUMN kitchen_red_minutes integer NOT NULL DEFAULT 20 CHECK (kitchen_red_minutes BETWEEN 2 AND 240),
  ADD CONSTRAINT restaurants_kitchen_red_after_amber CHECK (kitchen_red_minutes > kitchen_amber_minutes);

-- When the diner asked for the bill from their order page (null: not asked). Set once; asking again keeps it.
ALTER TABLE orders ADD COLUMN bill_requested_at timestamptz;
