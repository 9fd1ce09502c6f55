// Shared request pieces: query-string schemas and parsers used by several modules.
import { Type } from 'typebox';
import type { BBox } from '../db/postgis.ts';
import { invalid } from '../errors.ts';

export const DistrictCode = Type.String({
  pattern: '^[0-9]{6}$',
  description: '6-digit district code, e.g. 500111',
});

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** Parses "w,s,e,n" in degrees, saying exactly what is wrong. */
export function parseBBox(value: string, field = 'query.bbox'): BBox {
  const parts = value.split(',');
  if (parts.length !== 4) throw invalid(field, 'bbox_four_numbers');
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (numbers.some((n) => !Number.isFinite(n))) throw invalid(field, 'bbox_finite');
  const [west, south, east, north] = numbers as BBox;
  if (west < -180 || east > 180) throw invalid(field, 'longitudes_range');
  if (south < -90 || north > 90) throw invalid(field, 'latitudes_range');
  if (west >= east || south >= north) throw invalid(field, 'bbox_order');
  return [west, south, east, north];
}
