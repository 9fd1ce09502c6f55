-- No lost update through an import: a dry run remembers what each record it would change looked
-- like (a fingerprint), and the commit must name that dry run; a record changed in between becomes
-- a conflict row instead of being overwritten. An import can be undone in one step, itself recorded.

CREATE TABLE import_previews (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  collection  text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  -- {"<record key>": "<fingerprint>" | null (did not exist)}
  seen        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_previews_created_idx ON import_previews (created_at);

ALTER TABLE import_runs DROP CONSTRAINT import_runs_mode_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_mode_check CHECK (mode IN ('commit', 'commit-valid', 'undo'));
-- The undo of an import points at it; an import is undone at most once.
ALTER TABLE import_runs ADD COLUMN undoes bigint UNIQUE REFERENCES import_runs (id);

ALTER TABLE import_changes DROP CONSTRAINT import_changes_action_check;
ALTER TABLE import_changes ADD CONSTRAINT import_changes_action_check CHECK (action IN ('create', 'update', 'delete'));
