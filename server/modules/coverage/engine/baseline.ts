// The state of one selection over one district: per point its nearest site and whether covered,
// summarised per town. The geodesic measure fills `nearest` and `covered`; summarise() turns any
// measure's arrays into the baseline.
import { errorBand, localDistance } from './ellipsoid.ts';
import { FRAME_SLACK, markCovered, type Site, TOLERANCE_M } from './geodesic.ts';
import { type DemandPoints, districtArea } from './points.ts';
import { SiteIndex } from './site-index.ts';
import { setTownMedians, sortUncovered, sumTowns, type TownSums } from './towns.ts';

export interface Baseline {
  points: DemandPoints;
  sites: Site[];
  nearest: Float64Array; // metres to the nearest site; Infinity when there are no sites
  covered: Uint8Array;
  /** Per point-grid cell, the largest nearest distance of its points (what-if pruning). */
  cellMaxNearest: Float64Array;
  towns: TownSums[];
  /** Uncovered points, most elderly first. */
  uncovered: Int32Array;
}

export interface StepTimer {
  step<T>(name: string, work: () => T): T;
}

/**
 * For every point: the distance to its nearest site. Works cell by cell of the point grid: the
 * sites that can be nearest to any point of a cell are found once per cell (those about as near to
 * the cell centre as its nearest site), so each point only measures a handful of candidates.
 */
function nearestForAll(
  points: DemandPoints,
  index: SiteIndex,
  nearest: Float64Array,
  cellMaxNearest: Float64Array,
): void {
  const { grid, xs, ys, lon, lat } = points;
  const sites = index.sites;
  if (sites.length === 0) {
    nearest.fill(Number.POSITIVE_INFINITY);
    cellMaxNearest.fill(Number.POSITIVE_INFINITY);
    return;
  }
  const half = (grid.cell * Math.SQRT2) / 2;
  const out = new Float64Array(1);
  const candidates = new Int32Array(sites.length);
  const frameDistance = new Float64Array(sites.length);
  for (let gy = 0; gy < grid.ny; gy++) {
    for (let gx = 0; gx < grid.nx; gx++) {
      const c = gy * grid.nx + gx;
      const first = grid.start[c]!;
      const last = grid.start[c + 1]!;
      if (first === last) continue;
      const cx = grid.x0 + (gx + 0.5) * grid.cell;
      const cy = grid.y0 + (gy + 0.5) * grid.cell;
      const centre = index.nearest(points.frame.lon(cx), points.frame.lat(cy), cx, cy, out);
      const d = Math.hypot(index.xs[centre]! - cx, index.ys[centre]! - cy);
      // Any point's nearest site is within this frame distance of the centre (frame ≈ true ± 1 %).
      const reach = FRAME_SLACK * FRAME_SLACK * (d + half) + half;
      const count = index.within(cx, cy, reach, candidates);
      let cellMax = 0;
      for (let k = first; k < last; k++) {
        const i = grid.order[k]!;
        const x = xs[i]!;
        const y = ys[i]!;
        let best = Number.POSITIVE_INFINITY;
        for (let j = 0; j < count; j++) {
          const s = candidates[j]!;
          const dx = index.xs[s]! - x;
          const dy = index.ys[s]! - y;
          const e = Math.sqrt(dx * dx + dy * dy);
          frameDistance[j] = e;
          if (e < best) best = e;
        }
        let exact = Number.POSITIVE_INFINITY;
        for (let j = 0; j < count; j++) {
          if (frameDistance[j]! > best * FRAME_SLACK) continue;
          const site = sites[candidates[j]!]!;
          const e = localDistance(site.lon, site.lat, lon[i]!, lat[i]!);
          if (e < exact) exact = e;
        }
        nearest[i] = exact;
        if (exact > cellMax) cellMax = exact;
      }
      cellMaxNearest[c] = cellMax;
    }
  }
}

/** Turns a measure's per-point arrays into the baseline: town sums, medians, uncovered list. */
export function summarise(
  points: DemandPoints,
  sites: Site[],
  measured: { nearest: Float64Array; covered: Uint8Array; cellMaxNearest: Float64Array },
  timer: StepTimer,
): Baseline {
  const towns = timer.step('aggregate', () => sumTowns(points, measured.covered));
  timer.step('medians', () => setTownMedians(points, towns, measured.nearest));
  const uncovered = timer.step('uncovered', () => sortUncovered(points, measured.covered));
  return { points, sites, ...measured, towns, uncovered };
}

/** The baseline by geodesic distance. */
export function computeBaseline(points: DemandPoints, sites: Site[], timer: StepTimer): Baseline {
  const n = points.count;
  const { lon, lat, xs, ys } = points;
  const nearest = new Float64Array(n);
  const covered = new Uint8Array(n);
  const cellMaxNearest = new Float64Array(points.grid.nx * points.grid.ny);
  const index = new SiteIndex(sites, points.frame, districtArea(points));
  const radius = sites[0]?.radius ?? 0;
  const uniform = sites.every((s) => s.radius === radius);
  timer.step('nearest', () => nearestForAll(points, index, nearest, cellMaxNearest));
  timer.step('covered', () => {
    if (!uniform) return markCovered(points, sites, covered);
    if (sites.length === 0) return;
    // One radius for all: covered exactly when the nearest site is within it.
    const limit = radius + TOLERANCE_M;
    const band = errorBand(limit);
    for (let i = 0; i < n; i++) {
      const d = nearest[i]!;
      if (d <= limit - band) covered[i] = 1;
      else if (d <= limit + band && index.reaches(lon[i]!, lat[i]!, xs[i]!, ys[i]!, radius)) covered[i] = 1;
    }
  });
  return summarise(points, sites, { nearest, covered, cellMaxNearest }, timer);
}
