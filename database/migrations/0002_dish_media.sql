-- Media intake: which AI-suggested fields the owner still has to check, and the model version
-- (models are stored under versioned keys so a regenerated model gets a new URL).
ALTER TABLE dishes ADD COLUMN needs_review text[] NOT NULL DEFAULT '{}';
ALTER TABLE dishes ADD COLUMN model_version integer NOT NULL DEFAULT 0 CHECK (model_version >= 0);
