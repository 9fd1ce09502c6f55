-- Coverage scenarios a planner saves and shares by link: a name, the district and the parameters
-- that reproduce the view exactly (facility selection, measure, life circle or radius, walking
-- speed, proposed sites). Versioned and soft-deleted like the boundary records, with the same
-- history table (kind 'scenarios'), so every change says who, when and why.
CREATE TABLE scenarios (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  district_code text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  params        jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
  note          text CHECK (note IS NULL OR length(note) <= 2000),
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz
);
CREATE INDEX scenarios_district_idx ON scenarios (district_code) WHERE deleted_at IS NULL;

ALTER TABLE boundary_history DROP CONSTRAINT boundary_history_kind_check;
ALTER TABLE boundary_history ADD CONSTRAINT boundary_history_kind_check
  CHECK (kind IN ('boundary-lines', 'boundary-markers', 'inspections', 'disputes', 'scenarios'));
