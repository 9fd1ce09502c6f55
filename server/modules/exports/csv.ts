// Features → CSV for spreadsheets: a UTF-8 byte-order mark so Excel reads Chinese correctly, one
// column per property, then lon/lat for points or a WKT column for lines and polygons. Nested
// values (lists, objects) are written as JSON; cells starting with = + - @ are prefixed with ' so a
// spreadsheet never runs them as formulas.
import type { Feature, Geometry, Position } from 'geojson';

const BOM = '\uFEFF';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const pos = (p: Position) => `${p[0]} ${p[1]}`;
const ring = (r: Position[]) => `(${r.map(pos).join(', ')})`;

export function toWkt(geometry: Geometry | null): string {
  if (!geometry) return '';
  switch (geometry.type) {
    case 'Point':
      return `POINT (${pos(geometry.coordinates)})`;
    case 'MultiPoint':
      return `MULTIPOINT (${geometry.coordinates.map((p) => `(${pos(p)})`).join(', ')})`;
    case 'LineString':
      return `LINESTRING ${ring(geometry.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING (${geometry.coordinates.map(ring).join(', ')})`;
    case 'Polygon':
      return `POLYGON (${geometry.coordinates.map(ring).join(', ')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${geometry.coordinates.map((p) => `(${p.map(ring).join(', ')})`).join(', ')})`;
    default:
      return '';
  }
}

export function toCsv(features: Feature<Geometry>[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of features.slice(0, 100)) {
    for (const key of Object.keys(f.properties ?? {})) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const allPoints = features.length > 0 && features.every((f) => f.geometry?.type === 'Point');
  const geometryColumns = allPoints ? ['lon', 'lat'] : ['wkt'];
  const lines = [[...columns, ...geometryColumns].map(cell).join(',')];
  for (const f of features) {
    const values = columns.map((c) => cell(f.properties?.[c]));
    if (allPoints) {
      const [lon, lat] = (f.geometry as { coordinates: Position }).coordinates;
      values.push(String(lon), String(lat));
    } else values.push(cell(toWkt(f.geometry)));
    lines.push(values.join(','));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
