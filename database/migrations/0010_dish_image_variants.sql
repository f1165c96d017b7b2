-- Sized copies of a dish's photo (e.g. 320 and 800 px wide WebP) for srcset: [{"width", "type", "key"}].
-- NULL means not made yet (dishes from before this migration): the API makes them in the background.
ALTER TABLE dishes ADD COLUMN image_variants jsonb
  CHECK (image_variants IS NULL OR jsonb_typeof(image_variants) = 'array');
