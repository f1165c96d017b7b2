-- Menus in the diner's language. A restaurant writes its menu in a main language and may offer others; a
-- dish's own name, description and category stay in the main language, and its other languages live in
-- `translations` keyed by BCP-47 tag ({"es": {"name": ..., "description": ..., "category": ...}}). The tags
-- are a closed set the application checks (each needs the diner app's words translated too); the database
-- checks the shapes. Existing restaurants are English-only until the owner says otherwise.
ALTER TABLE restaurants ADD COLUMN language text NOT NULL DEFAULT 'en'
  CHECK (language IN ('en', 'es', 'fr', 'de', 'it', 'zh'));
ALTER TABLE restaurants ADD COLUMN languages text[] NOT NULL DEFAULT '{}'
  CHECK (languages <@ ARRAY['en', 'es', 'fr', 'de', 'it', 'zh']::text[]);
ALTER TABLE dishes ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(translations) = 'object');
