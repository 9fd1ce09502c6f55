// The walking network of one district in memory: edges as typed arrays with a compressed adjacency
// list, a grid of edge segments for snapping points to the nearest edge, and a multi-source
// Dijkstra over the vertices. Costs are metres (geodesic length, from road_edges); a negative cost
// means that direction may not be walked (pgRouting's convention).
//
// A point on the network is an edge and a fraction of it (0 = the edge's source, 1 = its target), as
// pgRouting's withPoints functions take them, plus the straight walk from the real point onto it.
import { LocalFrame, localDistance } from '../coverage/engine/ellipsoid.ts';

export interface EdgeRows {
  id: Float64Array;
  source: Float64Array;
  target: Float64Array;
  cost: Float64Array;
  reverseCost: Float64Array;
  /** lon, lat pairs of every edge, one after the other; edge e is coords[2·offset[e] .. 2·offset[e+1]). */
  coords: Float64Array;
  offset: Int32Array;
}

export interface Graph {
  edgeCount: number;
  vertexCount: number;
  edgeId: Float64Array;
  /** pgRouting vertex id of each dense vertex index. */
  vertexId: Float64Array;
  src: Int32Array;
  dst: Int32Array;
  cost: Float64Array;
  reverseCost: Float64Array;
  coords: Float64Array;
  offset: Int32Array;
  frame: LocalFrame;
  /** Frame coordinates (metres) of every vertex of every edge line, indexed like coords / 2. */
  xs: Float64Array;
  ys: Float64Array;
  /** Frame length of each edge (for fractions along it). */
  frameLength: Float64Array;
  /** Adjacency: for vertex v, steps adjStart[v] .. adjStart[v+1]: to adjTo, over adjEdge, costing adjCost. */
  adjStart: Int32Array;
  adjTo: Int32Array;
  adjEdge: Int32Array;
  adjCost: Float64Array;
  segments: SegmentGrid;
}

/** Segments (edge, k-th segment) bucketed by grid cell: items of cell c are seg[start[c] .. start[c+1]). */
interface SegmentGrid {
  cell: number;
  x0: number;
  y0: number;
  nx: number;
  ny: number;
  start: Int32Array;
  /** Index into the line vertices (the segment from vertex i to i+1 of its edge). */
  seg: Int32Array;
  edgeOf: Int32Array;
}

const SEGMENT_CELL_M = 250;

export function buildGraph(rows: EdgeRows): Graph {
  const edgeCount = rows.id.length;
  const vertexIndex = new Map<number, number>();
  const vertexIds: number[] = [];
  const dense = (id: number) => {
    let v = vertexIndex.get(id);
    if (v === undefined) {
      v = vertexIds.length;
      vertexIndex.set(id, v);
      vertexIds.push(id);
    }
    return v;
  };
  const src = new Int32Array(edgeCount);
  const dst = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    src[e] = dense(rows.source[e]!);
    dst[e] = dense(rows.target[e]!);
  }
  const vertexCount = vertexIds.length;
  const pointCount = rows.coords.length / 2;
  let lonSum = 0;
  let latSum = 0;
  for (let i = 0; i < pointCount; i++) {
    lonSum += rows.coords[2 * i]!;
    latSum += rows.coords[2 * i + 1]!;
  }
  const frame =
    pointCount > 0 ? new LocalFrame(lonSum / pointCount, latSum / pointCount) : new LocalFrame(0, 0);
  const xs = new Float64Array(pointCount);
  const ys = new Float64Array(pointCount);
  for (let i = 0; i < pointCount; i++) {
    xs[i] = frame.x(rows.coords[2 * i]!);
    ys[i] = frame.y(rows.coords[2 * i + 1]!);
  }
  const frameLength = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    let s = 0;
    for (let i = rows.offset[e]!; i + 1 < rows.offset[e + 1]!; i++)
      s += Math.hypot(xs[i + 1]! - xs[i]!, ys[i + 1]! - ys[i]!);
    frameLength[e] = s;
  }

  const degree = new Int32Array(vertexCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    if (rows.cost[e]! >= 0) degree[src[e]! + 1]!++;
    if (rows.reverseCost[e]! >= 0) degree[dst[e]! + 1]!++;
  }
  for (let v = 0; v < vertexCount; v++) degree[v + 1]! += degree[v]!;
  const adjStart = degree.slice();
  const fill = degree.slice(0, vertexCount);
  const steps = adjStart[vertexCount]!;
  const adjTo = new Int32Array(steps);
  const adjEdge = new Int32Array(steps);
  const adjCost = new Float64Array(steps);
  for (let e = 0; e < edgeCount; e++) {
    if (rows.cost[e]! >= 0) {
      const k = fill[src[e]!]!++;
      adjTo[k] = dst[e]!;
      adjEdge[k] = e;
      adjCost[k] = rows.cost[e]!;
    }
    if (rows.reverseCost[e]! >= 0) {
      const k = fill[dst[e]!]!++;
      adjTo[k] = src[e]!;
      adjEdge[k] = e;
      adjCost[k] = rows.reverseCost[e]!;
    }
  }
  return {
    edgeCount,
    vertexCount,
    edgeId: rows.id,
    vertexId: Float64Array.from(vertexIds),
    src,
    dst,
    cost: rows.cost,
    reverseCost: rows.reverseCost,
    coords: rows.coords,
    offset: rows.offset,
    frame,
    xs,
    ys,
    frameLength,
    adjStart,
    adjTo,
    adjEdge,
    adjCost,
    segments: buildSegmentGrid(xs, ys, rows.offset, edgeCount),
  };
}

function buildSegmentGrid(
  xs: Float64Array,
  ys: Float64Array,
  offset: Int32Array,
  edgeCount: number,
): SegmentGrid {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    minX = Math.min(minX, xs[i]!);
    maxX = Math.max(maxX, xs[i]!);
    minY = Math.min(minY, ys[i]!);
    maxY = Math.max(maxY, ys[i]!);
  }
  if (xs.length === 0) minX = minY = maxX = maxY = 0;
  const cell = SEGMENT_CELL_M;
  const nx = Math.max(1, Math.floor((maxX - minX) / cell) + 1);
  const ny = Math.max(1, Math.floor((maxY - minY) / cell) + 1);
  // Two passes over every segment's bbox cells: count, then fill.
  const counts = new Int32Array(nx * ny + 1);
  const visit = (fn: (c: number, i: number, e: number) => void) => {
    for (let e = 0; e < edgeCount; e++) {
      for (let i = offset[e]!; i + 1 < offset[e + 1]!; i++) {
        const cx0 = Math.floor((Math.min(xs[i]!, xs[i + 1]!) - minX) / cell);
        const cx1 = Math.floor((Math.max(xs[i]!, xs[i + 1]!) - minX) / cell);
        const cy0 = Math.floor((Math.min(ys[i]!, ys[i + 1]!) - minY) / cell);
        const cy1 = Math.floor((Math.max(ys[i]!, ys[i + 1]!) - minY) / cell);
        for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) fn(cy * nx + cx, i, e);
      }
    }
  };
  visit((c) => counts[c + 1]!++);
  for (let c = 0; c < nx * ny; c++) counts[c + 1]! += counts[c]!;
  const start = counts.slice();
  const fill = counts.slice(0, nx * ny);
  const seg = new Int32Array(start[nx * ny]!);
  const edgeOf = new Int32Array(start[nx * ny]!);
  visit((c, i, e) => {
    const k = fill[c]!++;
    seg[k] = i;
    edgeOf[k] = e;
  });
  return { cell, x0: minX, y0: minY, nx, ny, start, seg, edgeOf };
}

/** Where points meet the network: per point its edge (−1: none within the cap), fraction and the straight walk onto it. */
export interface Snaps {
  edge: Int32Array;
  fraction: Float64Array;
  /** Metres from the point to the network (geodesic); Infinity when off the network. */
  offset: Float64Array;
}

/** Snaps each (lon, lat) to the nearest edge within `cap` metres. */
export function snapPoints(graph: Graph, lon: ArrayLike<number>, lat: ArrayLike<number>, cap: number): Snaps {
  const n = lon.length;
  const edge = new Int32Array(n).fill(-1);
  const fraction = new Float64Array(n);
  const offset = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const { segments: g, xs, ys, frame } = graph;
  // The frame is within 1 % of true distances: search 2 % beyond the cap, measure the winner exactly.
  const reach = cap * 1.02 + 1;
  for (let p = 0; p < n; p++) {
    const px = frame.x(lon[p]!);
    const py = frame.y(lat[p]!);
    const cx = Math.floor((px - g.x0) / g.cell);
    const cy = Math.floor((py - g.y0) / g.cell);
    const maxRing = Math.ceil(reach / g.cell) + 1;
    let best = Number.POSITIVE_INFINITY;
    let bestSeg = -1;
    let bestEdge = -1;
    let bestT = 0;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let gy = cy - ring; gy <= cy + ring; gy++) {
        if (gy < 0 || gy >= g.ny) continue;
        const edgeRow = gy === cy - ring || gy === cy + ring;
        const step = edgeRow || ring === 0 ? 1 : 2 * ring;
        for (let gx = cx - ring; gx <= cx + ring; gx += step) {
          if (gx < 0 || gx >= g.nx) continue;
          const c = gy * g.nx + gx;
          for (let k = g.start[c]!; k < g.start[c + 1]!; k++) {
            const i = g.seg[k]!;
            const ax = xs[i]!;
            const ay = ys[i]!;
            const dx = xs[i + 1]! - ax;
            const dy = ys[i + 1]! - ay;
            const len2 = dx * dx + dy * dy;
            let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
            t = Math.max(0, Math.min(1, t));
            const ex = ax + t * dx - px;
            const ey = ay + t * dy - py;
            const d = Math.sqrt(ex * ex + ey * ey);
            // Ties go to the lower edge index, so a point on a vertex snaps the same way every time.
            if (d < best || (d === best && g.edgeOf[k]! < bestEdge)) {
              best = d;
              bestSeg = i;
              bestEdge = g.edgeOf[k]!;
              bestT = t;
            }
          }
        }
      }
      if (best <= ring * g.cell || ring * g.cell > reach) break;
    }
    if (bestEdge < 0 || best > reach) continue;
    const e = bestEdge;
    let along = 0;
    for (let i = graph.offset[e]!; i < bestSeg; i++)
      along += Math.hypot(xs[i + 1]! - xs[i]!, ys[i + 1]! - ys[i]!);
    along += bestT * Math.hypot(xs[bestSeg + 1]! - xs[bestSeg]!, ys[bestSeg + 1]! - ys[bestSeg]!);
    const f = graph.frameLength[e]! > 0 ? Math.min(1, along / graph.frameLength[e]!) : 0;
    const [slon, slat] = pointAt(graph, e, f);
    const d = localDistance(lon[p]!, lat[p]!, slon, slat);
    if (d > cap) continue;
    edge[p] = e;
    fraction[p] = f;
    offset[p] = d;
  }
  return { edge, fraction, offset };
}

/** The lon/lat of the point at fraction f (of frame length) along edge e. */
export function pointAt(graph: Graph, e: number, f: number): [number, number] {
  const { xs, ys, coords } = graph;
  const first = graph.offset[e]!;
  const last = graph.offset[e + 1]! - 1;
  let left = f * graph.frameLength[e]!;
  for (let i = first; i < last; i++) {
    const len = Math.hypot(xs[i + 1]! - xs[i]!, ys[i + 1]! - ys[i]!);
    if (left <= len || i + 1 === last) {
      const t = len > 0 ? Math.min(1, left / len) : 0;
      return [
        coords[2 * i]! + t * (coords[2 * i + 2]! - coords[2 * i]!),
        coords[2 * i + 1]! + t * (coords[2 * i + 3]! - coords[2 * i + 1]!),
      ];
    }
    left -= len;
  }
  return [coords[2 * first]!, coords[2 * first + 1]!];
}

/** The part of edge e between fractions f0 < f1, as lon/lat positions. */
export function edgePiece(graph: Graph, e: number, f0: number, f1: number): [number, number][] {
  const { xs, ys, coords } = graph;
  const first = graph.offset[e]!;
  const last = graph.offset[e + 1]! - 1;
  const total = graph.frameLength[e]!;
  const out: [number, number][] = [pointAt(graph, e, f0)];
  let at = 0;
  for (let i = first; i < last; i++) {
    at += Math.hypot(xs[i + 1]! - xs[i]!, ys[i + 1]! - ys[i]!);
    const f = total > 0 ? at / total : 1;
    if (f > f0 && f < f1) out.push([coords[2 * i + 2]!, coords[2 * i + 3]!]);
  }
  out.push(pointAt(graph, e, f1));
  return out;
}

/** A source of a search: a point on edge `edge` at `fraction`, starting with `start` already spent. */
export interface Source {
  edge: number;
  fraction: number;
  start: number;
}

/** What a search leaves: per vertex the best value and which source it came from, and the step into it. */
export interface Search {
  value: Float64Array;
  origin: Int32Array;
  /** The adjacency step that reached each vertex (−1 at a vertex reached straight from its source's edge). */
  via: Int32Array;
}

/** A binary min-heap of (key, vertex) with lazy deletion. */
class Heap {
  private keys = new Float64Array(1024);
  private items = new Int32Array(1024);
  size = 0;
  push(key: number, item: number) {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const it = new Int32Array(this.size * 2);
      it.set(this.items);
      this.items = it;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.items[i] = this.items[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }
  /** Pops the smallest; its key is left in `key`. */
  key = 0;
  pop(): number {
    const top = this.items[0]!;
    this.key = this.keys[0]!;
    const lastKey = this.keys[--this.size]!;
    const lastItem = this.items[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= lastKey) break;
      this.keys[i] = this.keys[child]!;
      this.items[i] = this.items[child]!;
      i = child;
    }
    this.keys[i] = lastKey;
    this.items[i] = lastItem;
    return top;
  }
}

/**
 * One Dijkstra from all sources at once (a virtual super-source joined to each by its start value).
 * Stops past `limit`. With `floor`, a vertex is only taken when it beats floor[v]: what-if searches
 * from new sites stop where the existing ones are already nearer.
 */
export function multiSourceSearch(
  graph: Graph,
  sources: Source[],
  limit = Number.POSITIVE_INFINITY,
  floor?: Float64Array,
): Search {
  const value = new Float64Array(graph.vertexCount).fill(Number.POSITIVE_INFINITY);
  const origin = new Int32Array(graph.vertexCount).fill(-1);
  const via = new Int32Array(graph.vertexCount).fill(-1);
  const heap = new Heap();
  const offer = (v: number, d: number, from: number, step: number) => {
    if (d > limit || d >= value[v]! || (floor && d >= floor[v]!)) return;
    value[v] = d;
    origin[v] = from;
    via[v] = step;
    heap.push(d, v);
  };
  sources.forEach((s, i) => {
    const e = s.edge;
    if (graph.cost[e]! >= 0) offer(graph.dst[e]!, s.start + (1 - s.fraction) * graph.cost[e]!, i, -1);
    if (graph.reverseCost[e]! >= 0) offer(graph.src[e]!, s.start + s.fraction * graph.reverseCost[e]!, i, -1);
  });
  const { adjStart, adjTo, adjCost } = graph;
  while (heap.size > 0) {
    const v = heap.pop();
    const d = heap.key;
    if (d > value[v]!) continue;
    const from = origin[v]!;
    for (let k = adjStart[v]!; k < adjStart[v + 1]!; k++) offer(adjTo[k]!, d + adjCost[k]!, from, k);
  }
  return { value, origin, via };
}

/** Sources by edge, for points that share an edge with a source. */
export function sourcesByEdge(sources: Source[]): Map<number, number[]> {
  const byEdge = new Map<number, number[]>();
  sources.forEach((s, i) => {
    const list = byEdge.get(s.edge);
    if (list) list.push(i);
    else byEdge.set(s.edge, [i]);
  });
  return byEdge;
}

/**
 * The network value of a point on edge e at fraction f (without its own off-network walk): through
 * either end of its edge, or straight along the edge from a source on the same edge. Writes the
 * source it came from to out[0] (−1: unreached).
 */
export function valueAt(
  graph: Graph,
  search: Search,
  sources: Source[],
  byEdge: Map<number, number[]>,
  e: number,
  f: number,
  out: Int32Array,
): number {
  let best = Number.POSITIVE_INFINITY;
  out[0] = -1;
  const cost = graph.cost[e]!;
  const back = graph.reverseCost[e]!;
  if (cost >= 0) {
    const d = search.value[graph.src[e]!]! + f * cost;
    if (d < best) {
      best = d;
      out[0] = search.origin[graph.src[e]!]!;
    }
  }
  if (back >= 0) {
    const d = search.value[graph.dst[e]!]! + (1 - f) * back;
    if (d < best) {
      best = d;
      out[0] = search.origin[graph.dst[e]!]!;
    }
  }
  const here = byEdge.get(e);
  if (here) {
    for (const i of here) {
      const s = sources[i]!;
      let d = Number.POSITIVE_INFINITY;
      if (f >= s.fraction && cost >= 0) d = s.start + (f - s.fraction) * cost;
      else if (f < s.fraction && back >= 0) d = s.start + (s.fraction - f) * back;
      if (d < best) {
        best = d;
        out[0] = i;
      }
    }
  }
  return best;
}

/**
 * valueAt for every point at once (the hot loop of a baseline over a million points): writes each
 * point's value plus its own walk onto the network to `out` (Infinity off the network).
 */
export function pointValues(
  graph: Graph,
  search: Search,
  sources: Source[],
  byEdge: Map<number, number[]>,
  snaps: Snaps,
  out: Float64Array,
): void {
  const marks = new Uint8Array(graph.edgeCount);
  for (const e of byEdge.keys()) marks[e] = 1;
  const { cost, reverseCost, src, dst } = graph;
  const value = search.value;
  const origin = new Int32Array(1);
  for (let i = 0; i < out.length; i++) {
    const e = snaps.edge[i]!;
    if (e < 0) {
      out[i] = Number.POSITIVE_INFINITY;
      continue;
    }
    const f = snaps.fraction[i]!;
    if (marks[e]) {
      out[i] = valueAt(graph, search, sources, byEdge, e, f, origin) + snaps.offset[i]!;
      continue;
    }
    let best = Number.POSITIVE_INFINITY;
    const c = cost[e]!;
    const b = reverseCost[e]!;
    if (c >= 0) best = value[src[e]!]! + f * c;
    if (b >= 0) {
      const d = value[dst[e]!]! + (1 - f) * b;
      if (d < best) best = d;
    }
    out[i] = best + snaps.offset[i]!;
  }
}

/**
 * The reached network: every edge piece within `limit` of the search, partial edges included (the
 * part from each reached end, and round a source on the edge), as lon/lat lines. `edges` limits the
 * scan to the edges a pruned search can have touched.
 */
export function reachedPieces(
  graph: Graph,
  search: Search,
  sources: Source[],
  byEdge: Map<number, number[]>,
  limit: number,
  edges?: Iterable<number>,
): [number, number][][] {
  const lines: [number, number][][] = [];
  const intervals: [number, number][] = [];
  for (const e of edges ?? allEdges(graph.edgeCount)) {
    intervals.length = 0;
    const cost = graph.cost[e]!;
    const back = graph.reverseCost[e]!;
    const du = search.value[graph.src[e]!]!;
    const dv = search.value[graph.dst[e]!]!;
    if (cost >= 0 && du <= limit) intervals.push([0, cost > 0 ? Math.min(1, (limit - du) / cost) : 1]);
    if (back >= 0 && dv <= limit) intervals.push([back > 0 ? Math.max(0, 1 - (limit - dv) / back) : 0, 1]);
    for (const i of byEdge.get(e) ?? []) {
      const s = sources[i]!;
      const left = limit - s.start;
      if (left < 0) continue;
      const hi = cost >= 0 ? (cost > 0 ? Math.min(1, s.fraction + left / cost) : 1) : s.fraction;
      const lo = back >= 0 ? (back > 0 ? Math.max(0, s.fraction - left / back) : 0) : s.fraction;
      intervals.push([lo, hi]);
    }
    if (intervals.length === 0) continue;
    intervals.sort((a, b) => a[0] - b[0]);
    let [lo, hi] = intervals[0]!;
    for (let k = 1; k <= intervals.length; k++) {
      const next = intervals[k];
      if (next && next[0] <= hi) {
        hi = Math.max(hi, next[1]);
        continue;
      }
      if (hi > lo) lines.push(edgePiece(graph, e, lo, hi));
      if (next) [lo, hi] = next;
    }
  }
  return lines;
}

function* allEdges(count: number): Generator<number> {
  for (let e = 0; e < count; e++) yield e;
}
