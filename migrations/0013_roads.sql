-- The walking network: road lines as records (`roads`, imported or synthetic, with history like every
-- other layer) and the routable graph derived from them in pgRouting's layout (`road_edges` with
-- source, target, cost and reverse_cost in metres; `road_vertices`), so pgr_* functions run on it
-- as it is. The graph is rebuilt per district by road_network_rebuild() after every write to roads.

CREATE EXTENSION IF NOT EXISTS pgrouting;

CREATE TABLE roads (
  code          text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 80),
  name          text,
  -- what the line is (an OSM highway value or the bureau's class): vocabulary in server/contract/network.ts
  kind          text NOT NULL DEFAULT 'road' CHECK (kind ~ '^[a-z_]{1,40}$'),
  -- walking direction allowed: both ways, only along the line's direction, or only against it
  oneway        text NOT NULL DEFAULT 'no' CHECK (oneway IN ('no', 'yes', 'reverse')),
  -- already split at every junction (OSM through osm2pgrouting, the demo): not re-noded, so a
  -- bridge or tunnel does not join what it crosses. Other lines are noded where they cross.
  noded         boolean NOT NULL DEFAULT false,
  district_code text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  town_code     text,
  geom          geometry(MultiLineString, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  origin        data_origin NOT NULL,
  source        text,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roads_district_idx ON roads (district_code);
CREATE INDEX roads_gix ON roads USING gist (geom);

CREATE TABLE road_vertices (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  geom          geometry(Point, 4326) NOT NULL
);
CREATE INDEX road_vertices_district_idx ON road_vertices (district_code);
CREATE INDEX road_vertices_gix ON road_vertices USING gist (geom);

-- cost / reverse_cost: metres walked along the edge in its direction / against it; negative = not allowed
-- (pgRouting's convention).
CREATE TABLE road_edges (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  district_code text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  road_code     text NOT NULL,
  kind          text NOT NULL,
  source        bigint NOT NULL,
  target        bigint NOT NULL,
  cost          float8 NOT NULL,
  reverse_cost  float8 NOT NULL,
  length_m      float8 NOT NULL,
  geom          geometry(LineString, 4326) NOT NULL
);
CREATE INDEX road_edges_district_idx ON road_edges (district_code);
CREATE INDEX road_edges_gix ON road_edges USING gist (geom);
CREATE INDEX road_edges_source_idx ON road_edges (source);
CREATE INDEX road_edges_target_idx ON road_edges (target);

-- The in-memory graph of a district is cached under the coverage data version: a new graph is a new version.
CREATE TRIGGER road_edges_coverage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON road_edges
  FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_version();

-- Rebuilds a district's graph from its roads: walkable kinds only (`excluded` = the kinds nobody may
-- walk on), lines that are not `noded` split where they cross or touch each other, vertices where
-- pieces end (endpoints equal to 1e-7°, about 1 cm), costs as geodesic length. A district's synthetic
-- demo roads count only while it has no roads of its own (imported ones replace them; an undo brings
-- them back).
CREATE FUNCTION road_network_rebuild(d text, excluded text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  own boolean := EXISTS (SELECT 1 FROM roads WHERE district_code = d AND origin <> 'synthetic');
BEGIN
  DELETE FROM road_edges WHERE district_code = d;
  DELETE FROM road_vertices WHERE district_code = d;

  CREATE TEMP TABLE road_pieces ON COMMIT DROP AS
    SELECT r.code, r.kind, r.oneway, (ST_Dump(r.geom)).geom AS geom
    FROM roads r WHERE r.district_code = d AND r.noded AND NOT (r.kind = ANY (excluded))
      AND (r.origin <> 'synthetic' OR NOT own);
  -- Noding: every crossing of two lines becomes a junction; each piece keeps the attributes of the
  -- line it lies on, and its direction is turned back to the line's where noding reversed it.
  INSERT INTO road_pieces (code, kind, oneway, geom)
    SELECT r.code, r.kind, r.oneway,
      CASE WHEN r.oneway <> 'no' AND GeometryType(ST_LineMerge(r.geom)) = 'LINESTRING'
        AND ST_LineLocatePoint(ST_LineMerge(r.geom), ST_StartPoint(p.geom))
          > ST_LineLocatePoint(ST_LineMerge(r.geom), ST_EndPoint(p.geom))
      THEN ST_Reverse(p.geom) ELSE p.geom END
    FROM (SELECT (ST_Dump(ST_Node(ST_Collect(part)))).geom AS geom
          FROM (SELECT (ST_Dump(geom)).geom AS part FROM roads
                WHERE district_code = d AND NOT noded AND NOT (kind = ANY (excluded))
                  AND (origin <> 'synthetic' OR NOT own)) parts) p
    CROSS JOIN LATERAL (
      SELECT r.* FROM roads r
      WHERE r.district_code = d AND NOT r.noded AND NOT (r.kind = ANY (excluded))
        AND (r.origin <> 'synthetic' OR NOT own) AND ST_DWithin(r.geom, ST_LineInterpolatePoint(p.geom, 0.5), 1e-9)
      ORDER BY r.code LIMIT 1) r;
  DELETE FROM road_pieces WHERE ST_Length(geom) = 0;

  CREATE TEMP TABLE road_ends ON COMMIT DROP AS
    SELECT DISTINCT round(ST_X(p) * 1e7)::bigint AS kx, round(ST_Y(p) * 1e7)::bigint AS ky
    FROM road_pieces, LATERAL (VALUES (ST_StartPoint(geom)), (ST_EndPoint(geom))) AS e(p);
  CREATE TEMP TABLE road_ends_ids ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO road_vertices (district_code, geom)
      SELECT d, ST_SetSRID(ST_MakePoint(kx / 1e7, ky / 1e7), 4326) FROM road_ends ORDER BY kx, ky
      RETURNING id, geom)
    SELECT id, round(ST_X(geom) * 1e7)::bigint AS kx, round(ST_Y(geom) * 1e7)::bigint AS ky FROM ins;
  CREATE INDEX ON road_ends_ids (kx, ky);

  INSERT INTO road_edges (district_code, road_code, kind, source, target, cost, reverse_cost, length_m, geom)
  SELECT d, p.code, p.kind, s.id, t.id,
    CASE WHEN p.oneway = 'reverse' THEN -1 ELSE len END,
    CASE WHEN p.oneway = 'yes' THEN -1 ELSE len END,
    len, p.geom
  FROM (SELECT *, ST_Length(geom::geography) AS len FROM road_pieces) p
  JOIN road_ends_ids s ON s.kx = round(ST_X(ST_StartPoint(p.geom)) * 1e7)::bigint
    AND s.ky = round(ST_Y(ST_StartPoint(p.geom)) * 1e7)::bigint
  JOIN road_ends_ids t ON t.kx = round(ST_X(ST_EndPoint(p.geom)) * 1e7)::bigint
    AND t.ky = round(ST_Y(ST_EndPoint(p.geom)) * 1e7)::bigint
  ORDER BY p.code, ST_X(ST_StartPoint(p.geom)), ST_Y(ST_StartPoint(p.geom));

  DROP TABLE road_pieces, road_ends, road_ends_ids;
END
$$;

ALTER TABLE import_runs DROP CONSTRAINT import_runs_collection_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_collection_check CHECK (collection IN
  ('districts', 'towns', 'villages', 'village-statistics', 'facilities', 'place-names', 'boundary-lines',
   'boundary-markers', 'roads'));
