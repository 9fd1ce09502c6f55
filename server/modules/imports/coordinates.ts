// Coordinates of imported rows: checks that every position is a finite longitude/latitude and that
// rings are closed, then converts from the coordinate system the user chose to WGS84 (DOMAIN.md §7):
// CGCS2000 agrees with WGS84 to centimetres and is taken as is; GCJ-02 (Amap, Tencent) and BD-09
// (Baidu) are offset by 100–700 m and are converted with gcoord.
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';

export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
export const CRS_IDS: readonly Crs[] = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];

const GCOORD_CRS = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Converts one [lon, lat] to WGS84. */
export function toWgs84(position: Position, crs: Crs): Position {
  if (crs === 'wgs84' || crs === 'cgcs2000') return [position[0]!, position[1]!];
  const [lon, lat] = gcoord.transform(
    [position[0]!, position[1]!] as [number, number],
    GCOORD_CRS[crs],
    gcoord.WGS84,
  );
  return [lon, lat];
}

/** Converts one WGS84 [lon, lat] to `crs` (used by tests and the benchmark to make GCJ-02 data). */
export function fromWgs84(position: Position, crs: Crs): Position {
  if (crs === 'wgs84' || crs === 'cgcs2000') return [position[0]!, position[1]!];
  const [lon, lat] = gcoord.transform(
    [position[0]!, position[1]!] as [number, number],
    gcoord.WGS84,
    GCOORD_CRS[crs],
  );
  return [lon, lat];
}

/** Why a position cannot be a longitude/latitude, or null when it can. */
export function positionProblem(position: unknown): string | null {
  if (!Array.isArray(position) || position.length < 2) return 'a position needs a longitude and a latitude';
  const [lon, lat] = position as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
    return 'the coordinates are not numbers';
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    return `(${lon}, ${lat}) is not a longitude/latitude; projected coordinates need a Shapefile with its .prj`;
  return null;
}

const SUPPORTED = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
]);

/** Checks the structure and coordinates of a geometry; returns a problem or null. */
export function geometryProblem(geometry: Geometry | null | undefined): string | null {
  if (!geometry || typeof geometry !== 'object') return 'the row has no geometry';
  if (geometry.type === 'Point') return positionProblem(geometry.coordinates); // the common case, no closures
  if (!SUPPORTED.has(geometry.type)) return `geometry type ${String(geometry.type)} is not supported`;
  const g = geometry as Exclude<Geometry, { type: 'GeometryCollection' }>;
  if (!Array.isArray(g.coordinates)) return 'the geometry has no coordinates';
  const lines = (list: unknown, minimum: number, ring: boolean): string | null => {
    if (!Array.isArray(list) || list.length < minimum)
      return ring
        ? 'a polygon ring needs at least 4 positions'
        : `a line needs at least ${minimum} positions`;
    for (const p of list) {
      const problem = positionProblem(p);
      if (problem) return problem;
    }
    const first = list[0] as number[];
    const last = list[list.length - 1] as number[];
    if (ring && (first[0] !== last[0] || first[1] !== last[1])) return 'a polygon ring is not closed';
    return null;
  };
  const each = (list: unknown, check: (item: unknown) => string | null): string | null => {
    if (!Array.isArray(list) || list.length === 0) return 'the geometry is empty';
    for (const item of list) {
      const problem = check(item);
      if (problem) return problem;
    }
    return null;
  };
  switch (g.type) {
    case 'Point':
      return positionProblem(g.coordinates);
    case 'MultiPoint':
      return each(g.coordinates, positionProblem);
    case 'LineString':
      return lines(g.coordinates, 2, false);
    case 'MultiLineString':
      return each(g.coordinates, (l) => lines(l, 2, false));
    case 'Polygon':
      return each(g.coordinates, (r) => lines(r, 4, true));
    case 'MultiPolygon':
      return each(g.coordinates, (p) => each(p, (r) => lines(r, 4, true)));
  }
}

/** The geometry with every position converted to WGS84 (a geometry that passed geometryProblem). */
export function geometryToWgs84(geometry: Geometry, crs: Crs): Geometry {
  if (crs === 'wgs84' || crs === 'cgcs2000') return geometry;
  if (geometry.type === 'Point') return { type: 'Point', coordinates: toWgs84(geometry.coordinates, crs) };
  const map = (value: unknown): unknown =>
    typeof (value as unknown[])[0] === 'number'
      ? toWgs84(value as Position, crs)
      : (value as unknown[]).map(map);
  return { ...geometry, coordinates: map((geometry as { coordinates: unknown }).coordinates) } as Geometry;
}
