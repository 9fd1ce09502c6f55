// The sites of one selection on a grid of their own, for nearest-site and within-reach searches.
import { type LocalFrame, localDistance } from './ellipsoid.ts';
import { FRAME_SLACK, type Site, searchReach, within } from './geodesic.ts';
import { buildGrid, type Grid, runBuffer, runsNear } from './grid.ts';

/**
 * Nearest-site search over a grid of sites in frame coordinates, widening ring by ring. Frame
 * distances are cheap but off by up to 1 %, so every site within FRAME_SLACK of the best frame
 * distance is re-measured on the ellipsoid and the truly nearest one wins.
 */
export class SiteIndex {
  readonly grid: Grid;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  private readonly seen: Int32Array;
  private readonly seenDistance: Float64Array;
  private readonly runs: Int32Array;
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
    this.runs = runBuffer(this.grid);
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

  /**
   * Writes the indexes of sites within `reach` (frame metres) of (x, y) to out; returns how many.
   * Called once per point cell of a district, so its cell walk is written out here: through
   * runsNear it took twice as long.
   */
  within(x: number, y: number, reach: number, out: Int32Array): number {
    const { grid, xs, ys } = this;
    const reach2 = reach * reach;
    let count = 0;
    const cx0 = Math.max(0, Math.floor((x - reach - grid.x0) / grid.cell));
    const cx1 = Math.min(grid.nx - 1, Math.floor((x + reach - grid.x0) / grid.cell));
    const cy0 = Math.max(0, Math.floor((y - reach - grid.y0) / grid.cell));
    const cy1 = Math.min(grid.ny - 1, Math.floor((y + reach - grid.y0) / grid.cell));
    for (let gy = cy0; gy <= cy1; gy++) {
      for (let k = grid.start[gy * grid.nx + cx0]!; k < grid.start[gy * grid.nx + cx1 + 1]!; k++) {
        const s = grid.order[k]!;
        const dx = xs[s]! - x;
        const dy = ys[s]! - y;
        if (dx * dx + dy * dy <= reach2) out[count++] = s;
      }
    }
    return count;
  }

  /** Is any site within its radius of the point? Exact geodesic near each radius. */
  reaches(lon: number, lat: number, x: number, y: number, maxRadius: number): boolean {
    const { sites, xs, ys } = this;
    const { order } = this.grid;
    const runs = this.runs;
    const n = runsNear(this.grid, x, y, searchReach(maxRadius), runs);
    for (let r = 0; r < 2 * n; r += 2) {
      for (let k = runs[r]!; k < runs[r + 1]!; k++) {
        const s = order[k]!;
        const site = sites[s]!;
        const dx = xs[s]! - x;
        const dy = ys[s]! - y;
        if (Math.sqrt(dx * dx + dy * dy) > searchReach(site.radius)) continue;
        if (within(site, lon, lat, localDistance(site.lon, site.lat, lon, lat))) return true;
      }
    }
    return false;
  }
}
