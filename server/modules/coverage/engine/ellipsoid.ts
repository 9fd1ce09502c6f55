// Distances in metres on the WGS84 ellipsoid (CGCS2000 agrees to within 0.1 mm over a district).
// `vincentyDistance` is the exact geodesic (Vincenty's inverse, converged to 1e-12 rad: agrees with
// PostGIS geography ST_Distance to well under a millimetre). `localDistance` is a flat-earth
// approximation with the ellipsoid's radii of curvature at the mid latitude: about fifty times
// cheaper, relative error below 1e-6 for the ≤ 50 km distances coverage deals in. The engine uses
// the cheap one and switches to the exact one whenever a decision is closer than ERROR_BAND.
const A = 6378137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

/** How close to a radius a cheap distance must be for the exact one to decide: 1 cm + 1e-5 of it. */
export const errorBand = (meters: number) => 0.01 + meters * 1e-5;

export function localDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const phi = (lat1 + lat2) * 0.5 * RAD;
  const sin = Math.sin(phi);
  const w2 = 1 - E2 * sin * sin;
  const w = Math.sqrt(w2);
  const meridional = (A * (1 - E2)) / (w2 * w);
  const normal = A / w;
  const dy = (lat2 - lat1) * RAD * meridional;
  const dx = (lon2 - lon1) * RAD * normal * Math.cos(phi);
  return Math.sqrt(dx * dx + dy * dy);
}

export function vincentyDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  if (lon1 === lon2 && lat1 === lat2) return 0;
  const L = (lon2 - lon1) * RAD;
  const U1 = Math.atan((1 - F) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - F) * Math.tan(lat2 * RAD));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 0;
  let sigma = 0;
  let cos2Alpha = 0;
  let cos2SigmaM = 0;
  for (let i = 0; i < 200; i++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const t1 = cosU2 * sinLambda;
    const t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        F *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - previous) < 1e-12) break;
  }
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const deltaSigma =
    bigB *
    sinSigma *
    (cos2SigmaM +
      (bigB / 4) *
        (cosSigma * (-1 + 2 * cos2SigmaM ** 2) -
          (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  return B * bigA * (sigma - deltaSigma);
}

/**
 * A local metric frame around (lon0, lat0) for bucketing points into grid cells: x east and y north
 * in metres, exact at the origin and within 1 % across a district. Only used to find candidates;
 * every distance that decides anything is computed on the ellipsoid.
 */
export class LocalFrame {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const sin = Math.sin(lat0 * RAD);
    const w2 = 1 - E2 * sin * sin;
    this.ky = ((A * (1 - E2)) / (w2 * Math.sqrt(w2))) * RAD;
    this.kx = (A / Math.sqrt(w2)) * Math.cos(lat0 * RAD) * RAD;
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  lon(x: number): number {
    return this.lon0 + x / this.kx;
  }
  lat(y: number): number {
    return this.lat0 + y / this.ky;
  }
}
