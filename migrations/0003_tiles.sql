-- Vector-tile functions, one per map layer, in the style of pg_tileserv function layers:
-- fn(z, x, y) RETURNS bytea STABLE PARALLEL SAFE. The tile envelope is built in 3857 (the
-- tables keep a 3857 copy with a GiST index), the 64-pixel margin is used only in the && filter,
-- and geometries are simplified to the tile's pixel size before clipping.
-- Only the attributes the map draws go into a tile; details come from the features API.

-- Pixel size in metres at zoom z for a 4096-extent tile: used as the simplification tolerance.
CREATE FUNCTION tile_pixel_m(z integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 40075016.685578488 / (4096 * 2 ^ z)
$$;

CREATE FUNCTION tile_districts(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'districts', 4096, 'geom', 'id') FROM (
      SELECT d.code::bigint AS id, d.code, d.name,
             ST_AsMVTGeom(ST_Simplify(d.outline_3857, tile_pixel_m(z)), b.env, 4096, 64, true) AS geom
      FROM districts d, b
      WHERE d.outline_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;

-- Town polygons plus a separate point layer for their labels, so each name is drawn once.
CREATE FUNCTION tile_towns(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'towns', 4096, 'geom', 'id') FROM (
      SELECT tw.code::bigint AS id, tw.code, tw.name, tw.kind, tw.district_code AS "districtCode",
             ST_AsMVTGeom(ST_Simplify(tw.geom_3857, tile_pixel_m(z)), b.env, 4096, 64, true) AS geom
      FROM towns tw, b
      WHERE tw.geom_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
  || coalesce((
    SELECT ST_AsMVT(t, 'town-labels', 4096, 'geom', 'id') FROM (
      SELECT tw.code::bigint AS id, tw.code, tw.name, tw.kind,
             ST_AsMVTGeom(ST_Transform(tw.seat, 3857), b.env, 4096, 64, true) AS geom
      FROM towns tw, b
      WHERE ST_Transform(tw.seat, 3857) && b.search AND tw.geom_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;

CREATE FUNCTION tile_villages(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'villages', 4096, 'geom', 'id') FROM (
      SELECT v.code::bigint AS id, v.code, v.name, v.kind, v.population, v.elderly_population AS "elderlyPopulation",
             ST_AsMVTGeom(v.geom_3857, b.env, 4096, 64, true) AS geom
      FROM villages v, b
      WHERE v.geom_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;

CREATE FUNCTION tile_facilities(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'facilities', 4096, 'geom', 'id') FROM (
      SELECT f.id, f.name, f.category, f.subtype, f.status, s.tier,
             ST_AsMVTGeom(f.geom_3857, b.env, 4096, 64, true) AS geom
      FROM facilities f JOIN facility_subtypes s ON s.subtype = f.subtype, b
      WHERE f.geom_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;

CREATE FUNCTION tile_place_names(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'place-names', 4096, 'geom', 'id') FROM (
      SELECT p.id, p.name, p.category, p.is_historical AS historical, (p.protection_list IS NOT NULL) AS protected,
             c.importance,
             ST_AsMVTGeom(p.label_point_3857, b.env, 4096, 64, true) AS geom
      FROM place_names p JOIN place_name_categories c ON c.category = p.category, b
      WHERE p.label_point_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;

CREATE FUNCTION tile_boundary_lines(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'boundary-lines', 4096, 'geom', 'id') FROM (
      SELECT l.id, l.code, l.name, l.status,
             ST_AsMVTGeom(ST_Simplify(l.geom_3857, tile_pixel_m(z)), b.env, 4096, 64, true) AS geom
      FROM boundary_lines l, b
      WHERE l.deleted_at IS NULL AND l.geom_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;

CREATE FUNCTION tile_boundary_markers(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search)
  SELECT coalesce((
    SELECT ST_AsMVT(t, 'boundary-markers', 4096, 'geom', 'id') FROM (
      SELECT m.id, m.number, m.condition, m.line_id AS "lineId",
             ST_AsMVTGeom(m.geom_3857, b.env, 4096, 64, true) AS geom
      FROM boundary_markers m, b
      WHERE m.deleted_at IS NULL AND m.geom_3857 && b.search
    ) t WHERE t.geom IS NOT NULL), ''::bytea)
$$;
