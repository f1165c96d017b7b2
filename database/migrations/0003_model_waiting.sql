-- A model job waiting out an outage of a service it needs (the worker retries by itself): which service and
-- since when, so the owner sees why a model is taking long instead of a progress bar that stopped.
-- Cleared when the model is ready or failed, and when a new model is asked for.
ALTER TABLE dishes ADD COLUMN model_waiting_for text CHECK (model_waiting_for IN ('scanner', 'storage'));
ALTER TABLE dishes ADD COLUMN model_waiting_since timestamptz;
ALTER TABLE dishes ADD CONSTRAINT dishes_model_waiting_both
  CHECK ((model_waiting_for IS NULL) = (model_waiting_since IS NULL));
