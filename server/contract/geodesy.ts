// Distances and circles on a sphere of the Earth's mean radius, for what server and client both
// show or draw: how far a marker moved, a proposed site's reach on the map, tolerances in tests.
// Within 0.5 % of the ellipsoid; the coverage engine, which decides who is covered, measures on
// the ellipsoid instead (server/modules/coverage/engine/ellipsoid.ts). Pure functions only: this
// file is bundled into the client.

/** The IUGG mean radius R1 = (2a + b) / 3 of WGS84, in metres. */
export const EARTH_MEAN_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** [longitude, latitude] in degrees (a GeoJSON position; any further ordinates are ignored). */
export type LonLat = readonly number[];

/** Great-circle distance in metres (haversine formula: well conditioned for short distances). */
export function haversineMetres(a: LonLat, b: LonLat): number {
  const [lon1, lat1] = a as [number, number];
  const [lon2, lat2] = b as [number, number];
  const h =
    Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 +
    Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `metres` from `from` along the initial bearing (degrees clockwise from north). */
export function destinationPoint(from: LonLat, metres: number, bearingDegrees: number): [number, number] {
  const phi1 = from[1]! * RAD;
  const lambda1 = from[0]! * RAD;
  const delta = metres / EARTH_MEAN_RADIUS_M;
  const theta = bearingDegrees * RAD;
  const phi2 = Math.asin(
    Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta),
  );
  const lambda2 =
    lambda1 +
    Math.atan2(
      Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
      Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2),
    );
  return [lambda2 / RAD, phi2 / RAD];
}

/** A circle of true radius around a point as a closed ring of `steps` + 1 positions. */
export function circleRing(centre: LonLat, radiusM: number, steps = 64): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) ring.push(destinationPoint(centre, radiusM, (360 * (i % steps)) / steps));
  return ring;
}
