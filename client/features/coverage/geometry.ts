// A proposed site's reach as a GeoJSON polygon (the shared sphere in server/contract/geodesy.ts:
// within 0.5 % of the ellipsoid, enough to draw it).
import type { Polygon } from 'geojson';
import { circleRing } from '../../../server/contract/geodesy.ts';

export function circlePolygon(lon: number, lat: number, radiusM: number, steps = 64): Polygon {
  return { type: 'Polygon', coordinates: [circleRing([lon, lat], radiusM, steps)] };
}
