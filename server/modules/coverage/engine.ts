// The coverage engine: which demand points (villages) lie within reach of which sites, the distance
// from each point to its nearest site, per-town aggregates, what-if sites and greedy siting. It
// works on typed arrays held in memory per district (loaded once per data version, see
// coverage.service.ts), so a district of a million points is answered in well under a second and
// a what-if site touches only the points around it.
//
// Covered means: the geodesic distance from the point to at least one site is ≤ that site's radius
// + TOLERANCE_M. The tolerance absorbs floating error for points placed exactly on the radius
// (coordinates stored as doubles round-trip through text with ~1e-10° ≈ 0.01 mm of noise).
import { errorBand, LocalFrame, localDistance, vincentyDistance } from './geodesy.ts';

/** On the radius counts as covered; 1 mm absorbs rounding of coordinates and of the arithmetic. */
export const TOLERANCE_M = 0.001;
/** Frame distances are within 1 % of true ones across a district; candidate searches allow 2 %. */
const FRAME_SLACK = 1.02;
const POINT_CELL_M = 500;

export interface DemandPoints {
  count: number;
  codes: string[];
  names: string[];
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
  elderly: Float64Array;
  /** Index into townCodes. */
  town: Int32Array;
  townCodes: string[];
  frame: LocalFrame;
  grid: Grid;
}

export interface Site {
  lon: number;
  lat: number;
  radius: number;
}

/** A uniform grid over frame coordinates: items of cell c are order[start[c] .. start[c+1]). */
export interface Grid {
  cell: number;
  x0: number;
  y0: number;
  nx: number;
  ny: number;
  start: Int32Array;
  order: Int32Array;
}

export function buildGrid(xs: Float64Array, ys: Float64Array, cell: number): Grid {
  const n = xs.length;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (n === 0) {
    minX = minY = maxX = maxY = 0;
  }
  const nx = Math.max(1, Math.floor((maxX - minX) / cell) + 1);
  const ny = Math.max(1, Math.floor((maxY - minY) / cell) + 1);
  const counts = new Int32Array(nx * ny + 1);
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor((ys[i]! - minY) / cell) * nx + Math.floor((xs[i]! - minX) / cell);
    cellOf[i] = c;
    counts[c + 1]!++;
  }
  for (let c = 0; c < nx * ny; c++) counts[c + 1]! += counts[c]!;
  const start = counts.slice();
  const fill = counts.slice(0, nx * ny);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i;
  return { cell, x0: minX, y0: minY, nx, ny, start, order };
}

/** Calls visit(i) for every grid item whose cell intersects the square of half-side `reach` around (x, y). */
function forEachNear(grid: Grid, x: number, y: number, reach: number, visit: (i: number) => void): void {
  const cx0 = Math.max(0, Math.floor((x - reach - grid.x0) / grid.cell));
  const cx1 = Math.min(grid.nx - 1, Math.floor((x + reach - grid.x0) / grid.cell));
  const cy0 = Math.max(0, Math.floor((y - reach - grid.y0) / grid.cell));
  const cy1 = Math.min(grid.ny - 1, Math.floor((y + reach - grid.y0) / grid.cell));
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * grid.nx + cx;
      for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) visit(grid.order[k]!);
    }
  }
}

export function makeDemandPoints(rows: {
  codes: string[];
  names: string[];
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
  elderly: Float64Array;
  town: Int32Array;
  townCodes: string[];
}): DemandPoints {
  const n = rows.codes.length;
  let lonSum = 0;
  let latSum = 0;
  for (let i = 0; i < n; i++) {
    lonSum += rows.lon[i]!;
    latSum += rows.lat[i]!;
  }
  const frame = n > 0 ? new LocalFrame(lonSum / n, latSum / n) : new LocalFrame(0, 0);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = frame.x(rows.lon[i]!);
    ys[i] = frame.y(rows.lat[i]!);
  }
  return { count: n, ...rows, frame, grid: buildGrid(xs, ys, POINT_CELL_M) };
}

/** Is the point within the site's radius (+ tolerance)? Exact geodesic near the boundary. */
function within(site: Site, lon: number, lat: number, cheap: number): boolean {
  const limit = site.radius + TOLERANCE_M;
  const band = errorBand(limit);
  if (cheap <= limit - band) return true;
  if (cheap > limit + band) return false;
  return vincentyDistance(site.lon, site.lat, lon, lat) <= limit;
}

/** Nearest-site search over a grid of sites, widening ring by ring. */
class SiteIndex {
  readonly grid: Grid;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  constructor(
    readonly sites: Site[],
    readonly frame: LocalFrame,
    extentArea: number,
  ) {
    this.xs = Float64Array.from(sites, (s) => frame.x(s.lon));
    this.ys = Float64Array.from(sites, (s) => frame.y(s.lat));
    const cell = Math.min(20_000, Math.max(300, Math.sqrt(extentArea / Math.max(1, sites.length)) * 1.5));
    this.grid = buildGrid(this.xs, this.ys, cell);
  }

  /** Returns the nearest site's index (−1 when there are none) and writes its distance to out[0]. */
  nearest(lon: number, lat: number, x: number, y: number, out: Float64Array): number {
    const { grid, sites } = this;
    if (sites.length === 0) {
      out[0] = Number.POSITIVE_INFINITY;
      return -1;
    }
    const cx = Math.floor((x - grid.x0) / grid.cell);
    const cy = Math.floor((y - grid.y0) / grid.cell);
    const maxRing = Math.max(
      Math.abs(cx),
      Math.abs(cy),
      Math.abs(grid.nx - 1 - cx),
      Math.abs(grid.ny - 1 - cy),
    );
    let best = Number.POSITIVE_INFINITY;
    let bestIndex = -1;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let gy = cy - ring; gy <= cy + ring; gy++) {
        if (gy < 0 || gy >= grid.ny) continue;
        const edgeRow = gy === cy - ring || gy === cy + ring;
        for (let gx = cx - ring; gx <= cx + ring; gx += edgeRow ? 1 : 2 * ring) {
          if (gx >= 0 && gx < grid.nx) {
            const c = gy * grid.nx + gx;
            for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
              const s = grid.order[k]!;
              const site = sites[s]!;
              const d = localDistance(site.lon, site.lat, lon, lat);
              if (d < best) {
                best = d;
                bestIndex = s;
              }
            }
          }
          if (ring === 0) break;
        }
      }
      // Cells beyond this ring are at least ring·cell away in the frame.
      if (best * FRAME_SLACK <= ring * grid.cell) break;
    }
    out[0] = best;
    return bestIndex;
  }
}

/** The state of one selection over one district: per point its nearest site and whether covered. */
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

export interface TownSums {
  villages: number;
  population: number;
  elderly: number;
  coveredPopulation: number;
  coveredElderly: number;
  coveredVillages: number;
  medianNearest: number | null;
}

export interface StepTimer {
  step<T>(name: string, work: () => T): T;
}

const districtArea = (points: DemandPoints) => {
  const g = points.grid;
  return Math.max(1e6, g.nx * g.ny * g.cell * g.cell);
};

/** Marks points within each site's radius, using the point grid (cost ~ points near the sites). */
function markCovered(
  points: DemandPoints,
  sites: Site[],
  covered: Uint8Array,
  onNew?: (i: number) => void,
): void {
  const { frame, grid, lon, lat } = points;
  for (const site of sites) {
    const reach = (site.radius + TOLERANCE_M) * FRAME_SLACK + errorBand(site.radius);
    forEachNear(grid, frame.x(site.lon), frame.y(site.lat), reach, (i) => {
      if (covered[i]) return;
      const d = localDistance(site.lon, site.lat, lon[i]!, lat[i]!);
      if (within(site, lon[i]!, lat[i]!, d)) {
        covered[i] = 1;
        onNew?.(i);
      }
    });
  }
}

function median(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  values.sort();
  const mid = n >> 1;
  const m = n % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  return Number.isFinite(m) ? m : null;
}

function townNearestArrays(
  points: DemandPoints,
  nearest: (i: number) => number,
  only?: Set<number>,
): Map<number, Float64Array> {
  const counts = new Int32Array(points.townCodes.length);
  for (let i = 0; i < points.count; i++) counts[points.town[i]!]!++;
  const arrays = new Map<number, Float64Array>();
  const fill = new Int32Array(points.townCodes.length);
  for (let t = 0; t < counts.length; t++)
    if (!only || only.has(t)) arrays.set(t, new Float64Array(counts[t]!));
  for (let i = 0; i < points.count; i++) {
    const t = points.town[i]!;
    const a = arrays.get(t);
    if (a) a[fill[t]!++] = nearest(i);
  }
  return arrays;
}

function sortUncovered(points: DemandPoints, covered: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < points.count; i++) if (!covered[i]) n++;
  const list = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < points.count; i++) if (!covered[i]) list[k++] = i;
  const { elderly, codes } = points;
  return list.sort((a, b) => elderly[b]! - elderly[a]! || (codes[a]! < codes[b]! ? -1 : 1));
}

export function computeBaseline(points: DemandPoints, sites: Site[], timer: StepTimer): Baseline {
  const n = points.count;
  const { lon, lat, frame } = points;
  const nearest = new Float64Array(n);
  const covered = new Uint8Array(n);
  timer.step('nearest', () => {
    const index = new SiteIndex(sites, frame, districtArea(points));
    const out = new Float64Array(1);
    for (let i = 0; i < n; i++) {
      index.nearest(lon[i]!, lat[i]!, frame.x(lon[i]!), frame.y(lat[i]!), out);
      nearest[i] = out[0]!;
    }
  });
  timer.step('covered', () => markCovered(points, sites, covered));
  const cellMaxNearest = new Float64Array(points.grid.nx * points.grid.ny);
  const towns = timer.step('aggregate', () => {
    const g = points.grid;
    for (let c = 0; c < cellMaxNearest.length; c++) {
      let m = 0;
      for (let k = g.start[c]!; k < g.start[c + 1]!; k++) m = Math.max(m, nearest[g.order[k]!]!);
      cellMaxNearest[c] = m;
    }
    return sumTowns(points, covered);
  });
  timer.step('medians', () => {
    for (const [t, values] of townNearestArrays(points, (i) => nearest[i]!))
      towns[t]!.medianNearest = median(values);
  });
  const uncovered = timer.step('uncovered', () => sortUncovered(points, covered));
  return { points, sites, nearest, covered, cellMaxNearest, towns, uncovered };
}

function sumTowns(points: DemandPoints, covered: Uint8Array): TownSums[] {
  const towns: TownSums[] = points.townCodes.map(() => ({
    villages: 0,
    population: 0,
    elderly: 0,
    coveredPopulation: 0,
    coveredElderly: 0,
    coveredVillages: 0,
    medianNearest: null,
  }));
  for (let i = 0; i < points.count; i++) {
    const t = towns[points.town[i]!]!;
    t.villages++;
    t.population += points.population[i]!;
    t.elderly += points.elderly[i]!;
    if (covered[i]) {
      t.coveredPopulation += points.population[i]!;
      t.coveredElderly += points.elderly[i]!;
      t.coveredVillages++;
    }
  }
  return towns;
}

/** The baseline plus proposed sites, computed only around the proposed sites. */
export interface WhatIf {
  towns: TownSums[];
  /** Points that the proposed sites newly cover. */
  newlyCovered: number[];
  /** Points whose nearest site is now a proposed one, with the new distance. */
  nearerNow: Map<number, number>;
  /** Per proposed site: points it covers that nothing else (baseline or an earlier proposed site) did. */
  perSite: { population: number; elderly: number; villages: number }[];
  isCovered(i: number): boolean;
  nearest(i: number): number;
}

export function applyProposed(base: Baseline, proposed: Site[]): WhatIf {
  const { points } = base;
  const { frame, grid, lon, lat } = points;
  const covered = base.covered.slice();
  const newlyCovered: number[] = [];
  const perSite = proposed.map((site) => {
    const sums = { population: 0, elderly: 0, villages: 0 };
    markCovered(points, [site], covered, (i) => {
      newlyCovered.push(i);
      sums.population += points.population[i]!;
      sums.elderly += points.elderly[i]!;
      sums.villages++;
    });
    return sums;
  });
  const nearerNow = new Map<number, number>();
  for (const site of proposed) {
    const sx = frame.x(site.lon);
    const sy = frame.y(site.lat);
    for (let cy = 0; cy < grid.ny; cy++) {
      const dy = Math.max(0, grid.y0 + cy * grid.cell - sy, sy - (grid.y0 + (cy + 1) * grid.cell));
      for (let cx = 0; cx < grid.nx; cx++) {
        const c = cy * grid.nx + cx;
        const dx = Math.max(0, grid.x0 + cx * grid.cell - sx, sx - (grid.x0 + (cx + 1) * grid.cell));
        // No point of this cell can get nearer: all are closer to their site than to this cell.
        if (Math.hypot(dx, dy) >= base.cellMaxNearest[c]! * FRAME_SLACK) continue;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
          const i = grid.order[k]!;
          const d = localDistance(site.lon, site.lat, lon[i]!, lat[i]!);
          if (d < (nearerNow.get(i) ?? base.nearest[i]!)) nearerNow.set(i, d);
        }
      }
    }
  }
  const towns = base.towns.map((t) => ({ ...t }));
  for (const i of newlyCovered) {
    const t = towns[points.town[i]!]!;
    t.coveredPopulation += points.population[i]!;
    t.coveredElderly += points.elderly[i]!;
    t.coveredVillages++;
  }
  const touched = new Set<number>();
  for (const i of nearerNow.keys()) touched.add(points.town[i]!);
  const nearest = (i: number) => nearerNow.get(i) ?? base.nearest[i]!;
  for (const [t, values] of townNearestArrays(points, nearest, touched))
    towns[t]!.medianNearest = median(values);
  return { towns, newlyCovered, nearerNow, perSite, isCovered: (i) => covered[i] === 1, nearest };
}

export interface Candidate {
  lon: number;
  lat: number;
  radius: number;
  source: 'village' | 'grid';
  villageIndex?: number;
}

export interface Suggestion {
  candidate: Candidate;
  population: number;
  elderly: number;
  villages: number;
}

/**
 * Greedy maximum coverage: k times, take the candidate that newly covers the most elderly people
 * (ties: more people, then the earlier candidate). Lazy evaluation (CELF): a candidate's gain can only
 * shrink as sites are added, so a stale gain is an upper bound and most candidates are never re-scored.
 */
export function greedySuggestions(
  points: DemandPoints,
  covered: Uint8Array,
  candidates: Candidate[],
  k: number,
): Suggestion[] {
  const state = covered.slice();
  const gain = (c: Candidate) => {
    const sums = { population: 0, elderly: 0, villages: 0 };
    const site: Site = c;
    const reach = (site.radius + TOLERANCE_M) * FRAME_SLACK + errorBand(site.radius);
    forEachNear(points.grid, points.frame.x(c.lon), points.frame.y(c.lat), reach, (i) => {
      if (state[i]) return;
      const d = localDistance(c.lon, c.lat, points.lon[i]!, points.lat[i]!);
      if (within(site, points.lon[i]!, points.lat[i]!, d)) {
        sums.population += points.population[i]!;
        sums.elderly += points.elderly[i]!;
        sums.villages++;
      }
    });
    return sums;
  };
  type Scored = {
    candidate: Candidate;
    index: number;
    round: number;
    population: number;
    elderly: number;
    villages: number;
  };
  // Descending order: more elderly, then more people, then the earlier candidate.
  const compare = (a: Scored, b: Scored) =>
    a.elderly - b.elderly || a.population - b.population || b.index - a.index;
  const scored: Scored[] = candidates.map((candidate, index) => ({
    candidate,
    index,
    round: 0,
    ...gain(candidate),
  }));
  const picked: Suggestion[] = [];
  for (let round = 0; round < k; round++) {
    scored.sort((a, b) => compare(b, a));
    let best: Scored | undefined;
    for (const entry of scored) {
      // Sorted by (possibly stale) upper bounds: once one cannot beat the best, none after it can.
      if (best && compare(entry, best) <= 0) break;
      if (entry.round !== round) Object.assign(entry, gain(entry.candidate), { round });
      if (!best || compare(entry, best) > 0) best = entry;
    }
    if (!best || best.elderly <= 0) break;
    picked.push({
      candidate: best.candidate,
      population: best.population,
      elderly: best.elderly,
      villages: best.villages,
    });
    markCovered(points, [best.candidate], state);
    scored.splice(scored.indexOf(best), 1);
  }
  return picked;
}
