-- Coverage analysis (issue 3): a data version the coverage engine uses to know when its in-memory
-- copy of villages and facilities is stale, a cache for dissolved service areas (so a what-if only
-- unions its new circles), the history of default-radius changes, and plan targets (DOMAIN.md §3).

-- One row per write statement on the tables coverage reads. The engine's data version is
-- `SELECT max(id) FROM coverage_data_changes`: the row is written in the writer's transaction, so a
-- new version becomes visible exactly when the new data does (a sequence would show it before the
-- commit and let a reader cache old data under the new version).
CREATE TABLE coverage_data_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION coverage_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  new_id bigint;
BEGIN
  INSERT INTO coverage_data_changes (table_name) VALUES (TG_TABLE_NAME) RETURNING id INTO new_id;
  IF new_id % 1000 = 0 THEN
    DELETE FROM coverage_data_changes WHERE id < new_id - 100;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER villages_coverage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON villages
  FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_version();
CREATE TRIGGER facilities_coverage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_version();
CREATE TRIGGER facility_subtypes_coverage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_subtypes
  FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_version();
CREATE TRIGGER towns_coverage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON towns
  FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_version();
CREATE TRIGGER districts_coverage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON districts
  FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_version();

-- The dissolved service area of one selection (key = hash of selection + data version), clipped to
-- the district. Unlogged: it is a cache, losing it on a crash costs one recomputation.
CREATE UNLOGGED TABLE coverage_area_cache (
  key        text PRIMARY KEY,
  area       geometry(Geometry, 4326),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Circles of true radius around points, dissolved and clipped to a district outline. Each circle is
-- buffered on the geography (PostGIS picks a local metric projection per circle, so radii are in
-- metres on the ground to within the projection's scale error, < 0.1 %); the service area is a
-- picture of coverage, the covered/uncovered decision itself is made on exact geodesic distances.
CREATE FUNCTION coverage_service_area(district text, lons float8[], lats float8[], radii float8[])
RETURNS geometry
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH circles AS (
    SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)::geography, u.r, 'quad_segs=8')::geometry AS g
    FROM unnest(lons, lats, radii) AS u(lon, lat, r)
  ),
  dissolved AS (SELECT ST_Union(g) AS g FROM circles)
  SELECT CASE WHEN dissolved.g IS NULL THEN NULL
              ELSE ST_CollectionExtract(ST_Intersection(dissolved.g, d.outline), 3) END
  FROM dissolved, districts d
  WHERE d.code = district
$$;

-- Who changed a subtype's default service radius, from what to what, and when. The user is
-- recorded by id and name as text: the auth tables come in a later migration.
CREATE TABLE facility_radius_changes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subtype     text NOT NULL REFERENCES facility_subtypes (subtype) ON DELETE CASCADE,
  old_radius_m integer NOT NULL,
  new_radius_m integer NOT NULL,
  changed_by_id text NOT NULL,
  changed_by   text NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facility_radius_changes_subtype_idx ON facility_radius_changes (subtype, changed_at DESC);

-- Plan targets (DOMAIN.md §3, Dazu 14th FYP 专栏1; Xiushan's 专栏1 is similar). A row with
-- district_code '*' is the default for every district; a district row overrides it. A NULL target
-- means no published number for that district (the indicator is shown without met/unmet).
CREATE TABLE plan_targets (
  district_code text NOT NULL CHECK (district_code = '*' OR district_code ~ '^[0-9]{6}$'),
  indicator     text NOT NULL,
  target        numeric,
  comparison    text NOT NULL CHECK (comparison IN ('>=', '<=')),
  source        text NOT NULL,
  PRIMARY KEY (district_code, indicator)
);

INSERT INTO plan_targets (district_code, indicator, target, comparison, source) VALUES
  ('*',      'elderly_beds',                NULL,  '>=', 'no published target for this district'),
  ('500111', 'elderly_beds',                10000, '>=', '大足区“十四五”民政事业发展规划 专栏1'),
  ('*',      'nursing_bed_share',           0.60,  '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'government_operated_share',   0.40,  '<=', '大足区“十四五”规划 专栏1'),
  ('*',      'towns_with_elderly_centre',   0.90,  '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'public_burial_coverage',      1.00,  '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'urban_community_standard',    0.90,  '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'rural_community_standard',    0.90,  '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'community_area_per_100_hh',   30,    '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'volunteer_point_share',       1.00,  '>=', '大足区“十四五”规划 专栏1'),
  ('*',      'towns_with_minors_station',   0.50,  '>=', '大足区“十四五”规划 专栏1');
