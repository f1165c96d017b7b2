-- Drafts: what a diner sees is what the owner confirmed. A dish made from a photo starts as a draft (not on the
-- public menu, not orderable) with its allergens unknown; the owner confirms the allergens (a list, or "none of
-- the 14") and publishes it. Both columns default to false for new rows, so any insert that forgets them makes
-- a draft with unknown allergens, never a live dish with an empty list read as "contains none".
--
-- Existing dishes stay on the menu as they were, with their allergens taken as confirmed, except those the
-- owner never reviewed: a dish still flagged for its allergens, its name (the analyzer's placeholder), or with
-- a price of 0 is exactly the unreviewed upload this change is about, and becomes a draft showing what it needs.
ALTER TABLE dishes ADD COLUMN allergens_confirmed boolean NOT NULL DEFAULT true;
ALTER TABLE dishes ALTER COLUMN allergens_confirmed SET DEFAULT false;
ALTER TABLE dishes ADD COLUMN published boolean NOT NULL DEFAULT true;
ALTER TABLE dishes ALTER COLUMN published SET DEFAULT false;

UPDATE dishes SET allergens_confirmed = false WHERE 'allergens' = ANY(needs_review);
UPDATE dishes SET published = false
  WHERE NOT allergens_confirmed OR price_minor = 0 OR 'name' = ANY(needs_review);

-- The two requirements the database can see; the name's review flag is checked by the publish request itself.
ALTER TABLE dishes ADD CONSTRAINT dishes_published_complete
  CHECK (NOT published OR (allergens_confirmed AND price_minor > 0));

