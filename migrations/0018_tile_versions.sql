-- Data versions for the vector tiles: every table a tile layer reads has a version, moved by any
-- statement that changes it (edits, imports, undo, restore alike). Tile URLs carry the version, so
-- a browser or CDN may keep a tile for a year and an edit still shows at once under the new URL.
-- One global sequence: a layer reading several tables takes the largest of their versions.
CREATE SEQUENCE data_version_seq;

CREATE TABLE data_versions (
  table_name text PRIMARY KEY,
  version    bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (table_name, version, changed_at)
  VALUES (TG_TABLE_NAME, nextval('data_version_seq'), now())
  ON CONFLICT (table_name) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['districts', 'towns', 'villages', 'facilities', 'facility_subtypes',
    'place_names', 'place_name_categories', 'boundary_lines', 'boundary_markers'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_data_version', t);
    INSERT INTO data_versions (table_name, version) VALUES (t, nextval('data_version_seq'));
  END LOOP;
END $$;
