// GeoJSON geometry → WKT, for the geometry column of CSV and XLSX exports of lines and polygons
// (the import reads it back through GDAL).
import type { Geometry, Position } from 'geojson';

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
