-- Facilities and place names become records edited one by one with the same versions and history
-- as boundary records, and place names get the naming workflow (申报 → 审核 → 批准 → 公告; 更名/注销).
--
-- Every read of the map (tiles, OGC items, nearest, search, coverage, exports) names `facilities`
-- and `place_names`. Those names become views of what the public may see — live facilities; live,
-- published or retired names — over the tables that keep every row (`facility_records`,
-- `place_name_records`). So a soft-deleted facility or a proposal still under review is hidden from
-- every read path at once, and only the editing machinery reads the tables. Both views are simple
-- enough to be updatable, so the seed and imports keep writing through them.
-- A column added to either table later must also be added to its view (CREATE OR REPLACE VIEW).

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN
  ('admin', 'boundary_editor', 'planner', 'viewer', 'place_name_editor', 'place_name_approver'));

ALTER TABLE boundary_history DROP CONSTRAINT boundary_history_kind_check;
ALTER TABLE boundary_history ADD CONSTRAINT boundary_history_kind_check CHECK (kind IN
  ('boundary-lines', 'boundary-markers', 'inspections', 'disputes', 'scenarios', 'facilities',
   'place-names', 'village-figures', 'vanished-names'));

-- The data-version triggers (0018) move with the renamed tables below, but tile layers ask for the
-- version of the name they read (`facilities`, `place_names`): a trigger may say which name it bumps.
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (table_name, version, changed_at)
  VALUES (coalesce(TG_ARGV[0], TG_TABLE_NAME), nextval('data_version_seq'), now())
  ON CONFLICT (table_name) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
  RETURN NULL;
END $$;

-- A write that does not bump the version itself (an import's upsert) still makes a new version when
-- it changes anything but the timestamp, so an If-Match taken before it is stale afterwards.
CREATE FUNCTION records_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version = OLD.version AND to_jsonb(NEW) - 'updated_at' IS DISTINCT FROM to_jsonb(OLD) - 'updated_at' THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;

-- --- Facilities ---------------------------------------------------------------------------------
ALTER TABLE facilities RENAME TO facility_records;
ALTER TABLE facility_records
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN deleted_at timestamptz;
ALTER TABLE facility_records DROP CONSTRAINT facilities_status_check;
ALTER TABLE facility_records ADD CONSTRAINT facilities_status_check
  CHECK (status IN ('planned', 'under_construction', 'operating', 'closed'));
CREATE TRIGGER facility_records_version BEFORE UPDATE ON facility_records
  FOR EACH ROW EXECUTE FUNCTION records_bump_version();
DROP TRIGGER facilities_data_version ON facility_records;
CREATE TRIGGER facilities_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_records
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('facilities');
CREATE VIEW facilities AS SELECT * FROM facility_records WHERE deleted_at IS NULL;

-- --- Place names --------------------------------------------------------------------------------
ALTER TABLE place_names RENAME TO place_name_records;
ALTER TABLE place_name_records
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN deleted_at timestamptz,
  -- names loaded before the workflow are the published ones of the place-name database
  ADD COLUMN status text NOT NULL DEFAULT 'published'
    CHECK (status IN ('proposed', 'reviewing', 'approved', 'published', 'retired')),
  ADD COLUMN valid_from date,
  ADD COLUMN valid_to date,
  ADD CONSTRAINT place_names_retired_valid_to CHECK (status <> 'retired' OR valid_to IS NOT NULL),
  ADD CONSTRAINT place_names_valid_period CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to);
DROP TRIGGER place_names_data_version ON place_name_records;
CREATE TRIGGER place_names_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_name_records
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('place_names');
CREATE INDEX place_name_records_status_idx ON place_name_records (status) WHERE status NOT IN ('published', 'retired');
CREATE TRIGGER place_name_records_version BEFORE UPDATE ON place_name_records
  FOR EACH ROW EXECUTE FUNCTION records_bump_version();

-- A new or moved geometry gets its label point unless the writer set one.
CREATE FUNCTION place_name_label_point() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.label_point IS NULL)
     OR (TG_OP = 'UPDATE' AND NEW.geom IS DISTINCT FROM OLD.geom AND NEW.label_point IS NOT DISTINCT FROM OLD.label_point) THEN
    NEW.label_point := ST_PointOnSurface(NEW.geom);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER place_name_records_label_point BEFORE INSERT OR UPDATE ON place_name_records
  FOR EACH ROW EXECUTE FUNCTION place_name_label_point();

CREATE VIEW place_names AS
  SELECT * FROM place_name_records WHERE deleted_at IS NULL AND status IN ('published', 'retired');

-- The search keys are rebuilt from the view (place_name_search_refresh reads `place_names`), so a
-- name enters search when it is published and leaves it when deleted; refresh on those changes too.
CREATE OR REPLACE FUNCTION place_names_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM place_name_search_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.name, n.pinyin, n.category, n.district_code, n.town_code, n.status, n.deleted_at)
      IS DISTINCT FROM (o.name, o.pinyin, o.category, o.district_code, o.town_code, o.status, o.deleted_at)));
  RETURN NULL;
END
$$;

-- --- 历史地名保护名录: lists in batches, names added and removed with a reason ---------------------
CREATE TABLE protection_lists (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100), -- 重庆市第一批历史地名保护名录
  batch         smallint CHECK (batch BETWEEN 1 AND 50),
  year          smallint NOT NULL CHECK (year BETWEEN 1900 AND 2100),
  authority     text CHECK (length(authority) <= 100),
  document      text CHECK (length(document) <= 100),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE protection_list_entries (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  list_id        bigint NOT NULL REFERENCES protection_lists (id) ON DELETE CASCADE,
  place_name_id  bigint NOT NULL REFERENCES place_name_records (id) ON DELETE CASCADE,
  added_at       timestamptz NOT NULL DEFAULT now(),
  added_by       text NOT NULL,
  added_reason   text NOT NULL CHECK (length(added_reason) BETWEEN 1 AND 500),
  removed_at     timestamptz,
  removed_by     text,
  removed_reason text CHECK (length(removed_reason) BETWEEN 1 AND 500),
  CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
);
-- A name is on a list at most once at a time.
CREATE UNIQUE INDEX protection_list_entries_live_key
  ON protection_list_entries (list_id, place_name_id) WHERE removed_at IS NULL;

-- --- 消失地名: names of places that no longer exist, with where and when ---------------------------
CREATE TABLE vanished_names (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  pinyin        text,
  district_code text NOT NULL REFERENCES districts (code),
  town_code     text REFERENCES towns (code) ON DELETE SET NULL,
  place         text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),  -- where it was, in words
  geom          geometry(Point, 4326) CHECK (geom IS NULL OR ST_IsValid(geom)),
  period_from   text CHECK (length(period_from) <= 40),                 -- 清代, 1958
  period_to     text CHECK (length(period_to) <= 40),
  cause         text CHECK (length(cause) <= 500),                      -- 撤并, 拆迁, 水库淹没…
  note          text CHECK (length(note) <= 5000),
  origin        data_origin NOT NULL DEFAULT 'manual',
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz
);
CREATE INDEX vanished_names_district_idx ON vanished_names (district_code) WHERE deleted_at IS NULL;
