// The demand points (villages) of one district, held in typed arrays and loaded once per data
// version (see coverage.service.ts).
import { LocalFrame } from './ellipsoid.ts';
import { buildGrid, type Grid } from './grid.ts';

const POINT_CELL_M = 500;

/** The villages of a district as column arrays, in code order. */
export interface DemandRows {
  codes: string[];
  names: string[];
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
  elderly: Float64Array;
  /** Index into townCodes. */
  town: Int32Array;
  townCodes: string[];
}

/** The same columns reordered cell by cell of the point grid, with the indexes searches need. */
export interface DemandPoints extends DemandRows {
  count: number;
  /** Position of each point in code order (the input order). */
  codeRank: Int32Array;
  /** Per town (index into townCodes), the indexes of its points. */
  members: Int32Array[];
  frame: LocalFrame;
  /** Frame coordinates (metres east/north of the frame origin), for candidate searches only. */
  xs: Float64Array;
  ys: Float64Array;
  grid: Grid;
}

/**
 * Builds the in-memory points. They are reordered cell by cell of the grid, so a cell's points are
 * contiguous in every array: the passes over a million points then read memory in order instead of
 * jumping around (which cost more than the arithmetic). `codeRank` keeps the order by code.
 */
export function makeDemandPoints(rows: DemandRows): DemandPoints {
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

/** The area the point grid spans (at least 1 km²), for sizing the site grid. */
export const districtArea = (points: DemandPoints) => {
  const g = points.grid;
  return Math.max(1e6, g.nx * g.ny * g.cell * g.cell);
};
