-- Imports (issue 6): one row per committed import, and one row per record it created or changed,
-- with the record before and after. boundary_history (0006) covers boundary markers only, so
-- facilities, villages and place names get their change history here; imported markers are written
-- to boundary_history as well, with the import as the reason.

CREATE TABLE import_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection    text NOT NULL CHECK (collection IN ('facilities', 'villages', 'place-names', 'boundary-markers')),
  mode          text NOT NULL CHECK (mode IN ('commit', 'commit-valid')),
  format        text NOT NULL CHECK (format IN ('csv', 'geojson', 'shapefile')),
  file_name     text NOT NULL CHECK (length(file_name) <= 255),
  file_bytes    bigint NOT NULL CHECK (file_bytes >= 0),
  encoding      text,
  crs           text NOT NULL CHECK (crs IN ('wgs84', 'cgcs2000', 'gcj02', 'bd09')),
  district_code text REFERENCES districts (code),
  user_id       bigint REFERENCES users (id),
  user_name     text NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL DEFAULT now(),
  rows_read     integer NOT NULL CHECK (rows_read >= 0),
  rows_valid    integer NOT NULL CHECK (rows_valid >= 0),
  rows_invalid  integer NOT NULL CHECK (rows_invalid >= 0),
  inserted      integer NOT NULL CHECK (inserted >= 0),
  updated       integer NOT NULL CHECK (updated >= 0),
  problems      jsonb NOT NULL DEFAULT '[]'  -- [{row, field, code, problem}] of the rows left out
);
CREATE INDEX import_runs_finished_idx ON import_runs (finished_at DESC);

CREATE TABLE import_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id     bigint NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
  collection text NOT NULL,
  record_key text NOT NULL,   -- code; for boundary markers "<line code>/<number>"
  row_number integer NOT NULL,
  action     text NOT NULL CHECK (action IN ('create', 'update')),
  before     jsonb,
  after      jsonb
);
CREATE INDEX import_changes_run_idx ON import_changes (run_id);
CREATE INDEX import_changes_record_idx ON import_changes (collection, record_key);
