// Small typed helpers for PostGIS expressions used with Kysely. Values are always bound as
// parameters; only trusted identifiers (from code, never from requests) go through sql.ref/raw.

import type { Geometry as GeoJsonGeometry } from 'geojson';
import { type RawBuilder, sql } from 'kysely';

export type BBox = [west: number, south: number, east: number, north: number];

/** A geometry column as parsed GeoJSON, coordinates rounded to ~0.1 m. */
export function asGeoJson(column: string, decimals = 6): RawBuilder<GeoJsonGeometry> {
  return sql<GeoJsonGeometry>`ST_AsGeoJSON(${sql.ref(column)}, ${sql.lit(decimals)})::json`;
}

/** [lon, lat] of a point column. */
export function lonLat(column: string): RawBuilder<[number, number]> {
  return sql<
    [number, number]
  >`json_build_array(round(ST_X(${sql.ref(column)})::numeric, 6), round(ST_Y(${sql.ref(column)})::numeric, 6))`;
}

/** Bounding box [w, s, e, n] of a geometry column, rounded outward to 1e-4°. */
export function bboxOf(column: string): RawBuilder<BBox> {
  const c = sql.ref(column);
  return sql<BBox>`json_build_array(floor(ST_XMin(${c}) * 1e4) / 1e4, floor(ST_YMin(${c}) * 1e4) / 1e4,
    ceil(ST_XMax(${c}) * 1e4) / 1e4, ceil(ST_YMax(${c}) * 1e4) / 1e4)`;
}

export function envelope([west, south, east, north]: BBox): RawBuilder<unknown> {
  return sql`ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`;
}

export function point(lon: number, lat: number): RawBuilder<unknown> {
  return sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;
}
