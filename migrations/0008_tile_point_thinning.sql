-- Point layers drawn below zoom 14: keep one feature per 8×8 tile units (one screen pixel of a
-- 512-px tile), preferring the highest tier, so dense layers do not ship points that would be
-- drawn on top of each other anyway. From zoom 14 every feature is kept (co-located facilities
-- stay clickable).
CREATE OR REPLACE FUNCTION tile_facilities(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search),
  points AS (
    SELECT f.id, f.name, f.category, f.subtype, f.status, s.tier,
           ST_AsMVTGeom(f.geom_3857, b.env, 4096, 64, true) AS geom
    FROM facilities f JOIN facility_subtypes s ON s.subtype = f.subtype, b
    WHERE f.geom_3857 && b.search
  ),
  kept AS (
    SELECT * FROM points WHERE geom IS NOT NULL AND z >= 14
    UNION ALL
    (SELECT DISTINCT ON (floor(ST_X(geom) / 8), floor(ST_Y(geom) / 8)) *
     FROM points WHERE geom IS NOT NULL AND z < 14
     ORDER BY floor(ST_X(geom) / 8), floor(ST_Y(geom) / 8), tier, id)
  )
  SELECT coalesce((SELECT ST_AsMVT(kept, 'facilities', 4096, 'geom', 'id') FROM kept), ''::bytea)
$$;

CREATE OR REPLACE FUNCTION tile_villages(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env, ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search),
  points AS (
    SELECT v.code::bigint AS id, v.code, v.name, v.kind, v.population, v.elderly_population AS "elderlyPopulation",
           ST_AsMVTGeom(v.geom_3857, b.env, 4096, 64, true) AS geom
    FROM villages v, b
    WHERE v.geom_3857 && b.search
  ),
  kept AS (
    SELECT * FROM points WHERE geom IS NOT NULL AND z >= 14
    UNION ALL
    (SELECT DISTINCT ON (floor(ST_X(geom) / 8), floor(ST_Y(geom) / 8)) *
     FROM points WHERE geom IS NOT NULL AND z < 14
     ORDER BY floor(ST_X(geom) / 8), floor(ST_Y(geom) / 8), population DESC, id)
  )
  SELECT coalesce((SELECT ST_AsMVT(kept, 'villages', 4096, 'geom', 'id') FROM kept), ''::bytea)
$$;
