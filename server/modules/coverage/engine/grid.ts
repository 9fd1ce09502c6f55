// A uniform grid over frame coordinates (metres east/north of a LocalFrame origin): the one spatial
// index of the engine, for the demand points and for the sites. Items of cell c are
// order[start[c] .. start[c+1]).

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

/** A buffer for runsNear: two numbers per grid row. */
export const runBuffer = (grid: Grid) => new Int32Array(2 * grid.ny);

/**
 * The items of every cell that intersects the square of half-side `reach` around (x, y), as runs
 * of `order`: run j is order[runs[2j] .. runs[2j+1]). Cells are numbered row by row and items are
 * stored cell by cell, so the cells of one grid row make one run. Returns the number of runs.
 * (Runs, not a callback per item: the callers' plain loops over them are what keeps a pass over a
 * million points fast.)
 */
export function runsNear(grid: Grid, x: number, y: number, reach: number, runs: Int32Array): number {
  const cx0 = Math.max(0, Math.floor((x - reach - grid.x0) / grid.cell));
  const cx1 = Math.min(grid.nx - 1, Math.floor((x + reach - grid.x0) / grid.cell));
  const cy0 = Math.max(0, Math.floor((y - reach - grid.y0) / grid.cell));
  const cy1 = Math.min(grid.ny - 1, Math.floor((y + reach - grid.y0) / grid.cell));
  if (cx0 > cx1) return 0;
  let n = 0;
  for (let cy = cy0; cy <= cy1; cy++) {
    const first = grid.start[cy * grid.nx + cx0]!;
    const last = grid.start[cy * grid.nx + cx1 + 1]!;
    if (first === last) continue;
    runs[n++] = first;
    runs[n++] = last;
  }
  return n >> 1;
}

/** Frame distance from (x, y) to the nearest edge of cell (cx, cy); 0 inside it. */
export function distanceToCell(grid: Grid, cx: number, cy: number, x: number, y: number): number {
  const dx = Math.max(0, grid.x0 + cx * grid.cell - x, x - (grid.x0 + (cx + 1) * grid.cell));
  const dy = Math.max(0, grid.y0 + cy * grid.cell - y, y - (grid.y0 + (cy + 1) * grid.cell));
  return Math.hypot(dx, dy);
}
