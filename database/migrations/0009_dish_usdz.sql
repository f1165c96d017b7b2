-- The USDZ iOS Quick Look shows (stored beside the GLB, under the same dish prefix, versioned and
-- content-addressed like it). Null until the worker has written one; dishes made ready before USDZ existed
-- get theirs from the reconciler's backfill.
ALTER TABLE dishes ADD COLUMN usdz_key text;
-- What the backfill looks for on every reconciler pass.
CREATE INDEX dishes_without_usdz ON dishes (id) WHERE model_status = 'ready' AND model_key IS NOT NULL AND usdz_key IS NULL;
