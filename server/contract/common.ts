// Shared request pieces: query-string schemas and parsers used by several modules.
import { Type } from 'typebox';
import type { BBox } from '../db/postgis.ts';
import { badRequest } from '../errors.ts';

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
  if (parts.length !== 4) throw badRequest(field, 'must be four numbers west,south,east,north');
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (numbers.some((n) => !Number.isFinite(n)))
    throw badRequest(field, 'must be four finite numbers west,south,east,north');
  const [west, south, east, north] = numbers as BBox;
  if (west < -180 || east > 180) throw badRequest(field, 'longitudes must be within -180..180');
  if (south < -90 || north > 90) throw badRequest(field, 'latitudes must be within -90..90');
  if (west >= east || south >= north) throw badRequest(field, 'west must be < east and south < north');
  return [west, south, east, north];
}
