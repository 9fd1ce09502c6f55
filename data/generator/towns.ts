// Synthetic town/street polygons that tile a district outline exactly. No source publishes township
// boundaries, so they are made up: seats are placed by density-weighted Lloyd relaxation (streets 街道
// pulled towards the urban core, towns spread over the countryside), the Voronoi diagram of the seats is
// bent by a smooth injective warp so edges look natural, and each cell is clipped to the real outline.
// Neighbouring cells are built from the same warped vertices, so they share edges exactly.
import { featureCollection, intersect, point, polygon, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  allVertices,
  bboxOf,
  clipPolyline,
  densifySegment,
  dist,
  distToBoundary,
  insideWithMargin,
  type LocalMultiPolygon,
  polygonsContain,
  Warp,
  type XY,
} from './geometry.ts';
import type { Random } from './random.ts';

export interface TownSeed {
  code: string;
  kind: 'town' | 'township' | 'subdistrict';
}

export interface TownShape {
  code: string;
  shape: LocalMultiPolygon;
  seat: XY;
}

/** The common boundary of two towns (codes a < b), possibly in several pieces. */
export interface SharedEdge {
  a: string;
  b: string;
  pieces: XY[][];
}

const GRID_KM = 0.4;
const EDGE_STEP_KM = 0.25;
const SEAT_MARGIN_KM = 0.3;

function sampleGrid(outline: LocalMultiPolygon): XY[] {
  const [minX, minY, maxX, maxY] = bboxOf(allVertices(outline));
  const pts: XY[] = [];
  for (let y = minY + GRID_KM / 2; y < maxY; y += GRID_KM)
    for (let x = minX + GRID_KM / 2; x < maxX; x += GRID_KM)
      if (polygonsContain(outline, [x, y])) pts.push([x, y]);
  return pts;
}

function nearestIndex(seats: XY[], p: XY): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let i = 0; i < seats.length; i++) {
    const s = seats[i]!;
    const d = (s[0] - p[0]) ** 2 + (s[1] - p[1]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Mitchell's best-candidate: of a few random candidates, the one farthest from what is placed. */
function bestCandidate(pool: XY[], placed: XY[], rng: Random, tries = 24): XY {
  let best = pool[0]!;
  let bestD = -1;
  for (let i = 0; i < tries; i++) {
    const c = rng.pick(pool);
    const d = placed.length === 0 ? 0 : Math.min(...placed.map((p) => dist(p, c)));
    if (d > bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function placeSeats(outline: LocalMultiPolygon, grid: XY[], core: XY, towns: TownSeed[], rng: Random): XY[] {
  const area = grid.length * GRID_KM * GRID_KM;
  const subdistricts = towns.filter((t) => t.kind === 'subdistrict').length;
  // Streets are about half the size of an average town, so the urban disc holds them at that density.
  const urbanRadius = Math.sqrt((Math.max(1, subdistricts) * (area / towns.length) * 0.5) / Math.PI);
  const density = (p: XY): number => 1 + 6 * Math.exp(-(dist(p, core) ** 2) / (2 * urbanRadius ** 2));
  const weights = grid.map(density);
  const coreSnap = grid[nearestIndex(grid, core)]!;
  const urban = grid.filter((p) => dist(p, core) < urbanRadius);
  const rural = grid.filter((p) => dist(p, core) >= urbanRadius * 0.8);

  const seats: XY[] = [];
  let firstStreet = true;
  for (const t of towns) {
    if (t.kind !== 'subdistrict') continue;
    // The first street is where the district government sits: the upstream label point.
    seats.push(firstStreet ? coreSnap : bestCandidate(urban.length > 0 ? urban : grid, seats, rng));
    firstStreet = false;
  }
  for (const t of towns)
    if (t.kind !== 'subdistrict') seats.push(bestCandidate(rural.length > 0 ? rural : grid, seats, rng));
  // Re-order so seats line up with `towns` (streets were placed first).
  const ordered: XY[] = [];
  let si = 0;
  let ti = subdistricts;
  for (const t of towns) ordered.push(t.kind === 'subdistrict' ? seats[si++]! : seats[ti++]!);

  const pinned = towns.findIndex((t) => t.kind === 'subdistrict');
  for (let iter = 0; iter < 30; iter++) {
    const sx = new Float64Array(ordered.length);
    const sy = new Float64Array(ordered.length);
    const sw = new Float64Array(ordered.length);
    grid.forEach((p, k) => {
      const i = nearestIndex(ordered, p);
      const w = weights[k]!;
      sx[i] = sx[i]! + p[0] * w;
      sy[i] = sy[i]! + p[1] * w;
      sw[i] = sw[i]! + w;
    });
    for (let i = 0; i < ordered.length; i++) {
      if (i === pinned || sw[i] === 0) continue;
      ordered[i] = [sx[i]! / sw[i]!, sy[i]! / sw[i]!];
    }
  }
  // A centroid can fall outside a concave outline: snap each seat to its nearest own grid point.
  return ordered.map((s, i) => {
    let best = s;
    let bestD = Number.POSITIVE_INFINITY;
    for (const p of grid) {
      const d = dist(p, s);
      if (d < bestD && nearestIndex(ordered, p) === i) {
        bestD = d;
        best = p;
      }
    }
    return polygonsContain(outline, best) ? best : coreSnap;
  });
}

function edgeKey(u: XY, v: XY): string {
  const a = `${u[0]},${u[1]}`;
  const b = `${v[0]},${v[1]}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function buildTowns(
  outline: LocalMultiPolygon,
  core: XY,
  towns: TownSeed[],
  rng: Random,
): { shapes: TownShape[]; edges: SharedEdge[] } {
  const grid = sampleGrid(outline);
  const seats = placeSeats(outline, grid, core, towns, rng);
  const warp = new Warp(() => rng.next());

  const [minX, minY, maxX, maxY] = bboxOf(allVertices(outline));
  const pad = 20;
  const cells = voronoi(featureCollection(seats.map((s) => point(s))), {
    bbox: [minX - pad, minY - pad, maxX + pad, maxY + pad],
  }).features;

  // Every Voronoi edge, keyed canonically, with the cells on either side.
  const edgeCells = new Map<string, { u: XY; v: XY; cells: number[] }>();
  const cellRings: XY[][] = cells.map((cell) => {
    if (!cell) throw new Error('two town seats coincide');
    return (cell as Feature<Polygon>).geometry.coordinates[0]!.map((p) => [p[0]!, p[1]!] as XY);
  });
  cellRings.forEach((ring, i) => {
    for (let k = 0; k + 1 < ring.length; k++) {
      const u = ring[k]!;
      const v = ring[k + 1]!;
      const key = edgeKey(u, v);
      const entry = edgeCells.get(key) ?? { u, v, cells: [] };
      entry.cells.push(i);
      edgeCells.set(key, entry);
    }
  });

  const outlineFeature = featureCollection([] as Feature<Polygon | MultiPolygon>[]);
  const outlineGeom: Feature<MultiPolygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'MultiPolygon', coordinates: outline },
  };
  const shapes: TownShape[] = cellRings.map((ring, i) => {
    const warped: XY[] = [];
    for (let k = 0; k + 1 < ring.length; k++) {
      const u = ring[k]!;
      warped.push(warp.apply(u));
      for (const p of densifySegment(u, ring[k + 1]!, EDGE_STEP_KM)) warped.push(warp.apply(p));
    }
    warped.push(warped[0]!);
    outlineFeature.features = [polygon([warped]), outlineGeom];
    const clipped = intersect(outlineFeature);
    if (!clipped) throw new Error(`town ${towns[i]!.code} lies outside the outline`);
    const g = clipped.geometry;
    const shape = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as LocalMultiPolygon;
    return { code: towns[i]!.code, shape, seat: finalSeat(shape, warp.apply(seats[i]!), grid) };
  });

  const edges: SharedEdge[] = [];
  for (const { u, v, cells: pair } of edgeCells.values()) {
    if (pair.length !== 2) continue;
    const line = [u, ...densifySegment(u, v, EDGE_STEP_KM), v].map((p) => warp.apply(p));
    const pieces = clipPolyline(line, outline);
    if (pieces.length === 0) continue;
    const [i, j] = pair as [number, number];
    const [a, b] = [towns[i]!.code, towns[j]!.code].sort() as [string, string];
    edges.push({ a, b, pieces });
  }
  edges.sort((x, y) => (x.a === y.a ? x.b.localeCompare(y.b) : x.a.localeCompare(y.a)));
  return { shapes, edges };
}

function finalSeat(shape: LocalMultiPolygon, preferred: XY, grid: XY[]): XY {
  if (insideWithMargin(shape, preferred, SEAT_MARGIN_KM)) return preferred;
  const byDistance = grid.slice().sort((p, q) => dist(p, preferred) - dist(q, preferred));
  const best = byDistance.find((p) => insideWithMargin(shape, p, SEAT_MARGIN_KM));
  if (best) return best;
  // Tiny towns: the grid point farthest from the edge.
  let far: XY = preferred;
  let farD = -1;
  for (const p of grid) {
    if (!polygonsContain(shape, p)) continue;
    const d = distToBoundary(shape, p);
    if (d > farD) {
      farD = d;
      far = p;
    }
  }
  return far;
}
