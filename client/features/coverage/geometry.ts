// A circle of true radius around a point, as a GeoJSON polygon (destination points on a sphere of
// the Earth's mean radius: within 0.3 % of the ellipsoid, enough to draw a proposed site's reach).
import type { Polygon } from 'geojson';

const R = 6_371_008.8;

export function circlePolygon(lon: number, lat: number, radiusM: number, steps = 64): Polygon {
  const phi1 = (lat * Math.PI) / 180;
  const lambda1 = (lon * Math.PI) / 180;
  const delta = radiusM / R;
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const theta = (2 * Math.PI * (i % steps)) / steps;
    const phi2 = Math.asin(
      Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta),
    );
    const lambda2 =
      lambda1 +
      Math.atan2(
        Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
        Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2),
      );
    ring.push([(lambda2 * 180) / Math.PI, (phi2 * 180) / Math.PI]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}
