// Well-known text → GeoJSON geometry, for CSV files that carry their geometry in one column:
// POINT, LINESTRING, POLYGON and their MULTI forms, with an optional "SRID=n;" prefix; Z and M
// values are dropped. Throws an Error with a plain message on anything else.
import type { Geometry, Position } from 'geojson';

type Nested = Position | Nested[];

function parseNested(text: string): Nested[] {
  // Turn "((1 2, 3 4), (5 6))" into JSON arrays: numbers grouped per position.
  const json = text
    .trim()
    .replace(/\(/g, '[')
    .replace(/\)/g, ']')
    .replace(
      /(-?[\d.]+(?:[eE][-+]?\d+)?|nan|inf)(?:\s+(-?[\d.]+(?:[eE][-+]?\d+)?|nan|inf))+/gi,
      (m) => `[${m.trim().split(/\s+/).join(',')}]`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.replace(/\bnan\b/gi, 'null').replace(/\binf\b/gi, 'null'));
  } catch {
    throw new Error('the WKT coordinates cannot be read');
  }
  if (!Array.isArray(parsed)) throw new Error('the WKT coordinates cannot be read');
  return parsed as Nested[];
}

const position = (p: Nested): Position => {
  if (!Array.isArray(p) || p.length < 2 || Array.isArray(p[0]))
    throw new Error('a WKT position needs x and y');
  return [p[0] as number, p[1] as number];
};
const positions = (list: Nested): Position[] => (list as Nested[]).map(position);

export function parseWkt(input: string): Geometry {
  const text = input.trim().replace(/^SRID=\d+;/i, '');
  const match = /^([A-Za-z]+)\s*(?:ZM|Z|M)?\s*(\(.*\)|EMPTY)$/s.exec(text);
  if (!match) throw new Error('not a WKT geometry');
  const type = match[1]!.toUpperCase();
  if (match[2]!.toUpperCase() === 'EMPTY') throw new Error('the WKT geometry is empty');
  const body = parseNested(match[2]!);
  switch (type) {
    case 'POINT':
      return { type: 'Point', coordinates: position(body[0]!) };
    case 'MULTIPOINT':
      // both MULTIPOINT (1 2, 3 4) and MULTIPOINT ((1 2), (3 4))
      return {
        type: 'MultiPoint',
        coordinates: body.map((p) => position(Array.isArray(p[0]) ? (p[0] as Nested) : p)),
      };
    case 'LINESTRING':
      return { type: 'LineString', coordinates: positions(body) };
    case 'MULTILINESTRING':
      return { type: 'MultiLineString', coordinates: body.map(positions) };
    case 'POLYGON':
      return { type: 'Polygon', coordinates: body.map(positions) };
    case 'MULTIPOLYGON':
      return {
        type: 'MultiPolygon',
        coordinates: body.map((polygon) => (polygon as Nested[]).map(positions)),
      };
    default:
      throw new Error(`WKT type ${type} is not supported`);
  }
}
