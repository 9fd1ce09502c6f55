// Coordinates of imported rows. GDAL reprojects every file to WGS84 longitude/latitude; what is left
// here is the user's choice of coordinate system for files that declare none (tables, a Shapefile
// without .prj), the GCJ-02 (Amap, Tencent) and BD-09 (Baidu) offsets of Chinese web maps (100–700 m,
// removed with gcoord), warnings for old datums, and the structural checks of each geometry.
// CGCS2000 agrees with WGS84 to centimetres and is taken as is.
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';

export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
export type Offset = 'gcj02' | 'bd09' | null;
/** What the user may choose: `auto` (from the file), a named system, or an EPSG code. */
export type CrsChoice = string;
export const CRS_CHOICE_PATTERN = /^(auto|wgs84|cgcs2000|gcj02|bd09|epsg:[0-9]{4,5})$/i;
export const CRS_CHOICE_HELP = 'auto, wgs84, cgcs2000, gcj02, bd09 or epsg:CODE (e.g. epsg:4544)';

/** EPSG codes of projected systems a bureau's tables use, with their names. */
function epsgName(code: number): string | null {
  if (code === 4326) return 'WGS84 (EPSG:4326)';
  if (code === 4490) return 'CGCS2000 (EPSG:4490)';
  if (code >= 4491 && code <= 4501) return `CGCS2000 6° Gauss-Krüger zone ${code - 4478} (EPSG:${code})`;
  if (code >= 4502 && code <= 4512)
    return `CGCS2000 6° Gauss-Krüger CM ${75 + (code - 4502) * 6}E (EPSG:${code})`;
  if (code >= 4513 && code <= 4533) return `CGCS2000 3° Gauss-Krüger zone ${code - 4488} (EPSG:${code})`;
  if (code >= 4534 && code <= 4554)
    return `CGCS2000 3° Gauss-Krüger CM ${75 + (code - 4534) * 3}E (EPSG:${code})`;
  if (code === 4214) return 'Beijing 1954 (EPSG:4214)';
  if (code === 4610) return 'Xian 1980 (EPSG:4610)';
  if (code >= 2401 && code <= 2442) return `Beijing 1954 Gauss-Krüger (EPSG:${code})`;
  if (code >= 2327 && code <= 2390) return `Xian 1980 Gauss-Krüger (EPSG:${code})`;
  if (code >= 21413 && code <= 21483) return `Beijing 1954 Gauss-Krüger (EPSG:${code})`;
  return null;
}

export interface ParsedCrs {
  /** For GDAL's -s_srs, or undefined for longitude/latitude as is. */
  srs?: string;
  label: string;
  offset: Offset;
  projected: boolean;
}

export function parseCrsChoice(choice: CrsChoice): ParsedCrs {
  const lower = choice.toLowerCase();
  if (lower === 'gcj02') return { label: 'GCJ-02 (Amap/Tencent)', offset: 'gcj02', projected: false };
  if (lower === 'bd09') return { label: 'BD-09 (Baidu)', offset: 'bd09', projected: false };
  if (lower === 'cgcs2000') return { label: 'CGCS2000 (EPSG:4490)', offset: null, projected: false };
  if (lower.startsWith('epsg:')) {
    const code = Number(lower.slice(5));
    const geographic = code === 4326 || code === 4490 || code === 4214 || code === 4610;
    return {
      srs: `EPSG:${code}`,
      label: epsgName(code) ?? `EPSG:${code}`,
      offset: null,
      projected: !geographic,
    };
  }
  return { label: 'WGS84 (EPSG:4326)', offset: null, projected: false };
}

/**
 * Beijing 1954 and Xian 1980 differ from WGS84/CGCS2000 by tens of metres; without the file's own
 * shift parameters (TOWGS84) no datum shift is applied, and the report says so.
 */
export function srsWarnings(srs: string): { code: string; message: string }[] {
  const code = /^EPSG:(\d+)$/i.exec(srs)?.[1];
  const name = code ? (epsgName(Number(code)) ?? '') : srs;
  const old = /Beijing[ _]1954/i.test(name)
    ? 'Beijing 1954'
    : /Xian[ _]1980/i.test(name)
      ? 'Xian 1980'
      : null;
  if (!old || /TOWGS84|BOUNDCRS/i.test(srs)) return [];
  return [
    {
      code: 'no_datum_shift',
      message: `the coordinates are in ${old}; no datum shift to CGCS2000/WGS84 was applied, so positions may be tens of metres off. Convert the file to CGCS2000 first, or give a .prj with TOWGS84 parameters`,
    },
  ];
}

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
    return `(${lon}, ${lat}) is not a longitude/latitude; projected coordinates need the file's .prj, or choose the coordinate system (e.g. epsg:4544)`;
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
