// Coordinate reference systems of OGC API – Features Part 2: what a client may ask for with `crs`
// and `bbox-crs`, and how a geometry is brought into and out of the stored SRID 4326 (PostGIS
// ST_Transform). Coordinates go out in the CRS's own axis order, as Part 2 requires: CRS84 is
// lon/lat; EPSG:4326 and EPSG:4490 are lat/lon; the CGCS2000 Gauss-Krüger zones are northing/easting.
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { badRequest, invalid } from '../../errors.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_PREFIX = 'http://www.opengis.net/def/crs/EPSG/0/';

export interface Crs {
  uri: string;
  srid: number;
  /** Axis order is not x=east, y=north: coordinates are swapped on the way in and out. */
  flipped: boolean;
  /** Decimal places in output: degrees to ~0.1 m, metres to the millimetre. */
  decimals: number;
}

/** CGCS2000 Gauss-Krüger 3° and 6° zones, with and without the zone-prefixed false easting. */
const GAUSS_KRUGER = Array.from({ length: 4554 - 4491 + 1 }, (_, i) => 4491 + i);

export const SUPPORTED_CRS: Crs[] = [
  { uri: CRS84, srid: 4326, flipped: false, decimals: 6 },
  { uri: `${EPSG_PREFIX}4326`, srid: 4326, flipped: true, decimals: 6 },
  { uri: `${EPSG_PREFIX}4490`, srid: 4490, flipped: true, decimals: 6 },
  ...GAUSS_KRUGER.map((srid) => ({ uri: `${EPSG_PREFIX}${srid}`, srid, flipped: true, decimals: 3 })),
];
export const SUPPORTED_CRS_URIS = SUPPORTED_CRS.map((c) => c.uri);
const BY_URI = new Map(SUPPORTED_CRS.map((c) => [c.uri, c]));

/** The CRS named by a request value (a URI as Part 2 requires; `[EPSG:4544]`-style safe CURIEs too). */
export function parseCrs(value: string | undefined, field: string): Crs {
  if (value === undefined || value === '') return BY_URI.get(CRS84)!;
  const curie = /^\[?EPSG:(\d{4,5})\]?$/i.exec(value.trim());
  const uri = curie
    ? `${EPSG_PREFIX}${curie[1]}`
    : value.trim().replace(/^http:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84$/i, CRS84);
  const crs = BY_URI.get(uri);
  if (!crs)
    throw badRequest(
      field,
      `is not a supported CRS; use one of ${CRS84}, ${EPSG_PREFIX}4326, ${EPSG_PREFIX}4490 or ${EPSG_PREFIX}4491…4554`,
    );
  return crs;
}

/** A stored (SRID 4326, lon/lat) geometry expression in the requested CRS and axis order. */
export function toCrs(geomExpr: string, crs: Crs): string {
  const transformed = crs.srid === 4326 ? geomExpr : `ST_Transform(${geomExpr}, ${crs.srid})`;
  return crs.flipped ? `ST_FlipCoordinates(${transformed})` : transformed;
}

/**
 * The box a client gave (in `crs`, 4 or 6 numbers) as SRID 4326 polygons to intersect with. A
 * CRS84 box whose west edge is east of its east edge crosses the antimeridian: two boxes.
 */
export function bboxGeometries(numbers: number[], crs: Crs): RawBuilder<unknown>[] {
  const [a, b, c, d] =
    numbers.length === 6
      ? [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!]
      : (numbers as [number, number, number, number]);
  // (x1, y1, x2, y2) in east/north order
  const [minX, minY, maxX, maxY] = crs.flipped ? [b, a, d, c] : [a, b, c, d];
  if (crs.srid === 4326 || crs.srid === 4490) {
    if (minX > maxX) {
      return [
        sql`ST_MakeEnvelope(${minX}, ${minY}, 180, ${maxY}, 4326)`,
        sql`ST_MakeEnvelope(-180, ${minY}, ${maxX}, ${maxY}, 4326)`,
      ];
    }
    return [sql`ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, 4326)`];
  }
  // Projected box: densified before the transform, so its edges follow the grid lines.
  return [
    sql`ST_Transform(ST_Segmentize(ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, ${sql.lit(crs.srid)}), greatest(${maxX - minX}::float8, ${maxY - minY}::float8) / 32.0), 4326)`,
  ];
}

/** Parses `bbox`: 4 or 6 numbers; latitudes (or northings) ordered; longitudes may wrap. */
export function parseOgcBBox(value: string, crs: Crs, field = 'query.bbox'): number[] {
  const parts = value.split(',');
  if (parts.length !== 4 && parts.length !== 6)
    throw badRequest(field, 'must be 4 numbers (minx,miny,maxx,maxy) or 6 (with minz and maxz)');
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (numbers.some((n) => !Number.isFinite(n))) throw badRequest(field, 'must be finite numbers');
  const [a, b, c, d] = numbers.length === 6 ? [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!] : numbers;
  const [minX, minY, maxX, maxY] = crs.flipped ? [b!, a!, d!, c!] : [a!, b!, c!, d!];
  const geographic = crs.srid === 4326 || crs.srid === 4490;
  if (geographic) {
    if (minX < -180 || maxX > 180 || minX > 180 || maxX < -180)
      throw badRequest(field, 'longitudes must be within -180..180');
    if (minY < -90 || maxY > 90) throw badRequest(field, 'latitudes must be within -90..90');
    if (minY > maxY) throw badRequest(field, 'the southern edge must not be north of the northern edge');
  } else if (minX > maxX || minY > maxY) {
    throw badRequest(field, 'the lower corner must come before the upper corner');
  }
  return numbers;
}

/** PostGIS's error when PROJ cannot transform a coordinate ("transform: Point outside of projection domain"). */
const isProjectionError = (error: unknown) =>
  (error as { code?: unknown }).code === 'XX000' && /^transform: /.test((error as Error).message ?? '');

/**
 * Geometries a caller gave in `crs`, as transformed to SRID 4326, are checked to transform before
 * the query runs: coordinates outside the CRS's area (a huge box in a Gauss-Krüger zone) are a
 * 400 naming `field`, not a 500 from the middle of the query.
 */
export async function assertTransformable(
  db: Database,
  field: string,
  crs: Crs,
  geometries: RawBuilder<unknown>[],
): Promise<void> {
  for (const geometry of geometries) {
    try {
      await sql`SELECT ST_IsEmpty(${geometry})`.execute(db);
    } catch (error) {
      if (isProjectionError(error)) throw invalid(field, 'outside_crs_domain', { crs: crs.uri });
      throw error;
    }
  }
}
