// The geodesic measure of coverage: a point is covered when the geodesic distance from it to at
// least one site is ≤ that site's radius + TOLERANCE_M. The tolerance absorbs floating error for
// points placed exactly on the radius (coordinates stored as doubles round-trip through text with
// ~1e-10° ≈ 0.01 mm of noise). Candidates are found in frame coordinates (cheap, within 1 % of true
// distances); every decision is made on the ellipsoid. A second measure (e.g. distance along the
// road network) would sit beside this file and fill the same `nearest` / `covered` arrays that
// baseline.ts summarises.
import { errorBand, localDistance, vincentyDistance } from './ellipsoid.ts';
import { runBuffer, runsNear } from './grid.ts';
import type { DemandPoints } from './points.ts';

/** On the radius counts as covered; 1 mm absorbs rounding of coordinates and of the arithmetic. */
export const TOLERANCE_M = 0.001;
/** Frame distances are within 1 % of true ones across a district; candidate searches allow 2 %. */
export const FRAME_SLACK = 1.02;

export interface Site {
  lon: number;
  lat: number;
  radius: number;
}

/** The frame distance beyond which no point can be within `radius` (+ tolerance) of a site. */
export function searchReach(radius: number): number {
  const limit = radius + TOLERANCE_M;
  return limit * FRAME_SLACK + errorBand(limit);
}

/**
 * Is the point within the site's radius (+ tolerance)? `cheap` is localDistance from the site to
 * the point; the exact geodesic decides when it is within the error band of the radius.
 */
export function within(site: Site, lon: number, lat: number, cheap: number): boolean {
  const limit = site.radius + TOLERANCE_M;
  const band = errorBand(limit);
  if (cheap <= limit - band) return true;
  if (cheap > limit + band) return false;
  return vincentyDistance(site.lon, site.lat, lon, lat) <= limit;
}

/**
 * Marks points within each site's radius, using the point grid (cost ~ points near the sites);
 * onNew(i) is called for each point that was not covered before.
 */
export function markCovered(
  points: DemandPoints,
  sites: Site[],
  covered: Uint8Array,
  onNew?: (i: number) => void,
): void {
  const { frame, grid, lon, lat, xs, ys } = points;
  const runs = runBuffer(grid);
  for (const site of sites) {
    const limit = site.radius + TOLERANCE_M;
    const outer = searchReach(site.radius);
    const inner = limit / FRAME_SLACK - errorBand(limit);
    const outer2 = outer * outer;
    const inner2 = inner > 0 ? inner * inner : -1;
    const sx = frame.x(site.lon);
    const sy = frame.y(site.lat);
    const count = runsNear(grid, sx, sy, outer, runs);
    for (let r = 0; r < 2 * count; r += 2) {
      for (let k = runs[r]!; k < runs[r + 1]!; k++) {
        const i = grid.order[k]!;
        if (covered[i]) continue;
        const dx = xs[i]! - sx;
        const dy = ys[i]! - sy;
        const d2 = dx * dx + dy * dy;
        if (d2 > outer2) continue;
        if (
          d2 <= inner2 ||
          within(site, lon[i]!, lat[i]!, localDistance(site.lon, site.lat, lon[i]!, lat[i]!))
        ) {
          covered[i] = 1;
          onNew?.(i);
        }
      }
    }
  }
}
