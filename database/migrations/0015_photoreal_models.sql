-- Photoreal dish models from an image-to-3D provider.
-- The owner's choice: per restaurant (default 'built'), and per dish (NULL: the restaurant's choice).
ALTER TABLE restaurants ADD COLUMN model_kind text NOT NULL DEFAULT 'built' CHECK (model_kind IN ('built', 'photoreal'));
ALTER TABLE dishes ADD COLUMN model_kind text CHECK (model_kind IN ('built', 'photoreal'));
-- What the stored model is, and why it is not what the owner chose when the photoreal path fell back.
ALTER TABLE dishes ADD COLUMN model_source text CHECK (model_source IN ('built', 'photoreal'));
ALTER TABLE dishes ADD COLUMN model_note text CHECK (char_length(model_note) <= 500);

-- One row per paid remote task: the monthly cap counts them, and a job that runs again (a retry, or after
-- a worker restart) follows the remote task of its dish version instead of paying for a new one.
CREATE TABLE photoreal_tasks (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  restaurant_id   uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
  -- Kept (and counted) after the dish is deleted: the task was paid for.
  dish_id         uuid REFERENCES dishes(id) ON DELETE SET NULL,
  model_version   integer NOT NULL CHECK (model_version >= 0),
  provider        text NOT NULL CHECK (length(provider) BETWEEN 1 AND 32),
  remote_task_id  text CHECK (length(remote_task_id) BETWEEN 1 AND 200),
  state           text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'succeeded', 'failed')),
  failure_kind    text CHECK (length(failure_kind) <= 32),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX photoreal_tasks_per_dish_version ON photoreal_tasks (dish_id, model_version, provider)
  WHERE dish_id IS NOT NULL;
CREATE INDEX photoreal_tasks_by_month ON photoreal_tasks (restaurant_id, created_at);
