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
  /** Position of each point in code order (the input order). */
  codeRank: Int32Array;
  /** Index into townCodes. */
  town: Int32Array;
  townCodes: string[];
  /** Per town (index into townCodes), the indexes of its points. */
  members: Int32Array[];
  frame: LocalFrame;
  /** Frame coordinates (metres east/north of the frame origin), for candidate searches only. */
  xs: Float64Array;
  ys: Float64Array;
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

/**
 * Builds the in-memory points. They are reordered cell by cell of the grid, so a cell's points are
 * contiguous in every array: the passes over a million points then read memory in order instead of
 * jumping around (which cost more than the arithmetic). `codeRank` keeps the order by code.
 */
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
  const rawX = new Float64Array(n);
  const rawY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rawX[i] = frame.x(rows.lon[i]!);
    rawY[i] = frame.y(rows.lat[i]!);
  }
  const grid = buildGrid(rawX, rawY, POINT_CELL_M);
  const order = grid.order;
  const permute = (values: Float64Array) => Float64Array.from(order, (i) => values[i]!);
  const town = Int32Array.from(order, (i) => rows.town[i]!);
  grid.order = Int32Array.from(order, (_, k) => k);
  const sizes = new Int32Array(rows.townCodes.length);
  for (let i = 0; i < n; i++) sizes[town[i]!]!++;
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(rows.townCodes.length);
  for (let i = 0; i < n; i++) members[town[i]!]![fill[town[i]!]!++] = i;
  return {
    count: n,
    codes: Array.from(order, (i) => rows.codes[i]!),
    names: Array.from(order, (i) => rows.names[i]!),
    codeRank: order,
    lon: permute(rows.lon),
    lat: permute(rows.lat),
    population: permute(rows.population),
    elderly: permute(rows.elderly),
    town,
    townCodes: rows.townCodes,
    members,
    frame,
    xs: permute(rawX),
    ys: permute(rawY),
    grid,
  };
}

/** Is the point within the site's radius (+ tolerance)? Exact geodesic near the boundary. */
function within(site: Site, lon: number, lat: number, cheap: number): boolean {
  const limit = site.radius + TOLERANCE_M;
  const band = errorBand(limit);
  if (cheap <= limit - band) return true;
  if (cheap > limit + band) return false;
  return vincentyDistance(site.lon, site.lat, lon, lat) <= limit;
}

/**
 * Nearest-site search over a grid of sites in frame coordinates, widening ring by ring. Frame
 * distances are cheap but off by up to 1 %, so every site within FRAME_SLACK of the best frame
 * distance is re-measured on the ellipsoid and the truly nearest one wins.
 */
class SiteIndex {
  readonly grid: Grid;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  private readonly seen: Int32Array;
  private readonly seenDistance: Float64Array;
  constructor(
    readonly sites: Site[],
    frame: LocalFrame,
    extentArea: number,
  ) {
    this.xs = Float64Array.from(sites, (s) => frame.x(s.lon));
    this.ys = Float64Array.from(sites, (s) => frame.y(s.lat));
    const cell = Math.min(20_000, Math.max(300, Math.sqrt(extentArea / Math.max(1, sites.length))));
    this.grid = buildGrid(this.xs, this.ys, cell);
    this.seen = new Int32Array(sites.length);
    this.seenDistance = new Float64Array(sites.length);
  }

  /** Returns the nearest site's index (−1 when there are none) and writes its distance to out[0]. */
  nearest(lon: number, lat: number, x: number, y: number, out: Float64Array): number {
    const { grid, sites, xs, ys, seen, seenDistance } = this;
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
    let count = 0;
    for (let ring = 0; ring <= maxRing; ring++) {
      const gy0 = Math.max(0, cy - ring);
      const gy1 = Math.min(grid.ny - 1, cy + ring);
      for (let gy = gy0; gy <= gy1; gy++) {
        const edgeRow = gy === cy - ring || gy === cy + ring;
        const step = edgeRow || ring === 0 ? 1 : 2 * ring;
        for (let gx = cx - ring; gx <= cx + ring; gx += step) {
          if (gx < 0 || gx >= grid.nx) continue;
          const c = gy * grid.nx + gx;
          for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
            const s = grid.order[k]!;
            const dx = xs[s]! - x;
            const dy = ys[s]! - y;
            const d = Math.sqrt(dx * dx + dy * dy);
            if (d < best) best = d;
            if (d <= best * FRAME_SLACK) {
              seen[count] = s;
              seenDistance[count++] = d;
            }
          }
        }
      }
      // Unvisited cells are at least ring·cell away in the frame.
      if (best * FRAME_SLACK <= ring * grid.cell) break;
    }
    let nearest = Number.POSITIVE_INFINITY;
    let nearestIndex = -1;
    for (let k = 0; k < count; k++) {
      if (seenDistance[k]! > best * FRAME_SLACK) continue;
      const site = sites[seen[k]!]!;
      const d = localDistance(site.lon, site.lat, lon, lat);
      if (d < nearest) {
        nearest = d;
        nearestIndex = seen[k]!;
      }
    }
    out[0] = nearest;
    return nearestIndex;
  }

  /** Writes the indexes of sites within `reach` (frame metres) of (x, y) to out; returns how many. */
  within(x: number, y: number, reach: number, out: Int32Array): number {
    const { grid, xs, ys } = this;
    const cx0 = Math.max(0, Math.floor((x - reach - grid.x0) / grid.cell));
    const cx1 = Math.min(grid.nx - 1, Math.floor((x + reach - grid.x0) / grid.cell));
    const cy0 = Math.max(0, Math.floor((y - reach - grid.y0) / grid.cell));
    const cy1 = Math.min(grid.ny - 1, Math.floor((y + reach - grid.y0) / grid.cell));
    const reach2 = reach * reach;
    let count = 0;
    for (let gy = cy0; gy <= cy1; gy++) {
      for (let gx = cx0; gx <= cx1; gx++) {
        const c = gy * grid.nx + gx;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
          const s = grid.order[k]!;
          const dx = xs[s]! - x;
          const dy = ys[s]! - y;
          if (dx * dx + dy * dy <= reach2) out[count++] = s;
        }
      }
    }
    return count;
  }

  /** Is any site within its radius of the point? Exact geodesic near each radius. */
  reaches(lon: number, lat: number, x: number, y: number, maxRadius: number): boolean {
    const { grid, sites, xs, ys } = this;
    const reach = (maxRadius + TOLERANCE_M) * FRAME_SLACK + errorBand(maxRadius);
    const cx0 = Math.max(0, Math.floor((x - reach - grid.x0) / grid.cell));
    const cx1 = Math.min(grid.nx - 1, Math.floor((x + reach - grid.x0) / grid.cell));
    const cy0 = Math.max(0, Math.floor((y - reach - grid.y0) / grid.cell));
    const cy1 = Math.min(grid.ny - 1, Math.floor((y + reach - grid.y0) / grid.cell));
    for (let gy = cy0; gy <= cy1; gy++) {
      for (let gx = cx0; gx <= cx1; gx++) {
        const c = gy * grid.nx + gx;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
          const s = grid.order[k]!;
          const site = sites[s]!;
          const dx = xs[s]! - x;
          const dy = ys[s]! - y;
          if (
            Math.sqrt(dx * dx + dy * dy) >
            (site.radius + TOLERANCE_M) * FRAME_SLACK + errorBand(site.radius)
          )
            continue;
          if (within(site, lon, lat, localDistance(site.lon, site.lat, lon, lat))) return true;
        }
      }
    }
    return false;
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
  const { frame, grid, lon, lat, xs, ys } = points;
  for (const site of sites) {
    const limit = site.radius + TOLERANCE_M;
    const outer = limit * FRAME_SLACK + errorBand(limit);
    const inner = limit / FRAME_SLACK - errorBand(limit);
    const outer2 = outer * outer;
    const inner2 = inner > 0 ? inner * inner : -1;
    const sx = frame.x(site.lon);
    const sy = frame.y(site.lat);
    const cx0 = Math.max(0, Math.floor((sx - outer - grid.x0) / grid.cell));
    const cx1 = Math.min(grid.nx - 1, Math.floor((sx + outer - grid.x0) / grid.cell));
    const cy0 = Math.max(0, Math.floor((sy - outer - grid.y0) / grid.cell));
    const cy1 = Math.min(grid.ny - 1, Math.floor((sy + outer - grid.y0) / grid.cell));
    for (let gy = cy0; gy <= cy1; gy++) {
      for (let gx = cx0; gx <= cx1; gx++) {
        const c = gy * grid.nx + gx;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
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
}

/** Median by selection (O(n)); reorders `values`. Null when empty or infinite (no sites at all). */
function median(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const mid = n >> 1;
  const upper = select(values, mid);
  let m = upper;
  if (n % 2 === 0) {
    // After selection everything left of mid is ≤ values[mid]: the lower middle is their maximum.
    let lower = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < mid; i++) if (values[i]! > lower) lower = values[i]!;
    m = (lower + upper) / 2;
  }
  return Number.isFinite(m) ? m : null;
}

/** Hoare's quickselect: the k-th smallest value, with values[0..k) ≤ it ≤ values(k..n). */
function select(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

/** Per town, the nearest distances of its points (a fresh array each, for median selection). */
function townNearestArrays(
  points: DemandPoints,
  nearest: Float64Array | ((i: number) => number),
  only?: Set<number>,
): Map<number, Float64Array> {
  const arrays = new Map<number, Float64Array>();
  points.members.forEach((members, t) => {
    if (only && !only.has(t)) return;
    const values = new Float64Array(members.length);
    if (typeof nearest === 'function')
      for (let k = 0; k < members.length; k++) values[k] = nearest(members[k]!);
    else for (let k = 0; k < members.length; k++) values[k] = nearest[members[k]!]!;
    arrays.set(t, values);
  });
  return arrays;
}

/** Uncovered points, most elderly first, then in code order. */
function sortUncovered(points: DemandPoints, covered: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < points.count; i++) if (!covered[i]) n++;
  // One float key per point: −elderly · 2^24 + code rank, exact while elderly < 2^28; sorts natively.
  const keys = new Float64Array(n);
  const byRank = new Int32Array(points.count);
  let k = 0;
  for (let i = 0; i < points.count; i++) {
    if (covered[i]) continue;
    const rank = points.codeRank[i]!;
    byRank[rank] = i;
    keys[k++] = -points.elderly[i]! * 16_777_216 + rank;
  }
  keys.sort();
  const list = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const key = keys[j]!;
    list[j] = byRank[key - Math.floor(key / 16_777_216) * 16_777_216]!;
  }
  return list;
}

/**
 * For every point: the distance to its nearest site and (with one radius for all) whether covered.
 * Works cell by cell of the point grid: the sites that can be nearest to any point of a cell are
 * found once per cell (those about as near to the cell centre as its nearest site), so each point
 * only measures a handful of candidates.
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
  const towns = timer.step('aggregate', () => sumTowns(points, covered));
  timer.step('medians', () => {
    for (const [t, values] of townNearestArrays(points, nearest)) towns[t]!.medianNearest = median(values);
  });
  const uncovered = timer.step('uncovered', () => sortUncovered(points, covered));
  return { points, sites, nearest, covered, cellMaxNearest, towns, uncovered };
}

function sumTowns(points: DemandPoints, covered: Uint8Array): TownSums[] {
  const t = points.townCodes.length;
  const [population, elderly, coveredPopulation, coveredElderly] = [0, 0, 0, 0].map(
    () => new Float64Array(t),
  ) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const coveredVillages = new Int32Array(t);
  for (let i = 0; i < points.count; i++) {
    const town = points.town[i]!;
    population[town]! += points.population[i]!;
    elderly[town]! += points.elderly[i]!;
    if (covered[i]) {
      coveredPopulation[town]! += points.population[i]!;
      coveredElderly[town]! += points.elderly[i]!;
      coveredVillages[town]!++;
    }
  }
  return points.members.map((members, town) => ({
    villages: members.length,
    population: population[town]!,
    elderly: elderly[town]!,
    coveredPopulation: coveredPopulation[town]!,
    coveredElderly: coveredElderly[town]!,
    coveredVillages: coveredVillages[town]!,
    medianNearest: null,
  }));
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
