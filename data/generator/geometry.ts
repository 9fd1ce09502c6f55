// Planar geometry for the demo generator. Work happens in a local equirectangular frame measured in
// kilometres around each district (distortion < 0.1 % over a county), so distances and the tiling are
// isotropic; only the output is converted back to longitude/latitude, rounded to 6 decimals (~0.1 m).
import type { MultiPolygon, Position } from 'geojson';

export type XY = [number, number];
/** Polygons as rings of XY; ring 0 is the exterior. Rings are closed (first = last). */
export type Rings = XY[];
export type LocalMultiPolygon = Rings[][];

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_EQUATOR = 111.32;

export function round6(v: number): number {
  const r = Math.round(v * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

export class LocalFrame {
  private readonly kx: number;

  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.kx = KM_PER_DEG_LON_EQUATOR * Math.cos((lat0 * Math.PI) / 180);
  }

  toLocal(p: Position): XY {
    return [(p[0]! - this.lon0) * this.kx, (p[1]! - this.lat0) * KM_PER_DEG_LAT];
  }

  toLonLat(p: XY): [number, number] {
    return [round6(this.lon0 + p[0] / this.kx), round6(this.lat0 + p[1] / KM_PER_DEG_LAT)];
  }

  multiPolygonToLocal(mp: MultiPolygon): LocalMultiPolygon {
    return mp.coordinates.map((poly) => poly.map((ring) => ring.map((p) => this.toLocal(p))));
  }

  /** To GeoJSON, dropping vertices that collapse onto their neighbour after rounding. */
  multiPolygonToLonLat(mp: LocalMultiPolygon): MultiPolygon {
    return {
      type: 'MultiPolygon',
      coordinates: mp.map((poly) => poly.map((ring) => dedupeRing(ring.map((p) => this.toLonLat(p))))),
    };
  }
}

function dedupeRing(ring: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

export function dist(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function ringContains(ring: XY[], p: XY): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

export function polygonsContain(mp: LocalMultiPolygon, p: XY): boolean {
  return mp.some((poly) => ringContains(poly[0]!, p) && !poly.slice(1).some((hole) => ringContains(hole, p)));
}

function distToSegment(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

export function distToBoundary(mp: LocalMultiPolygon, p: XY): number {
  let best = Number.POSITIVE_INFINITY;
  for (const poly of mp)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++)
        best = Math.min(best, distToSegment(p, ring[i]!, ring[i + 1]!));
  return best;
}

/** Inside and at least `margin` km from every edge. */
export function insideWithMargin(mp: LocalMultiPolygon, p: XY, margin: number): boolean {
  return polygonsContain(mp, p) && distToBoundary(mp, p) >= margin;
}

export function ringArea(ring: XY[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

export function polygonsArea(mp: LocalMultiPolygon): number {
  return mp.reduce(
    (s, poly) =>
      s + Math.abs(ringArea(poly[0]!)) - poly.slice(1).reduce((h, r) => h + Math.abs(ringArea(r)), 0),
    0,
  );
}

export function bboxOf(points: Iterable<XY>): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

export function* allVertices(mp: LocalMultiPolygon): Generator<XY> {
  for (const poly of mp) for (const ring of poly) yield* ring;
}

/**
 * Interior points of the segment a→b every ≈step km. The points are computed from the endpoints in a
 * canonical order, so the two cells sharing an edge get bit-identical vertices whichever way they walk it.
 */
export function densifySegment(a: XY, b: XY, step: number): XY[] {
  const n = Math.ceil(dist(a, b) / step);
  const forward = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  const [lo, hi] = forward ? [a, b] : [b, a];
  const pts: XY[] = [];
  for (let i = 1; i < n; i++)
    pts.push([lo[0] + ((hi[0] - lo[0]) * i) / n, lo[1] + ((hi[1] - lo[1]) * i) / n]);
  return forward ? pts : pts.reverse();
}

/**
 * A smooth displacement field that turns straight Voronoi edges into natural-looking boundaries. Its
 * Lipschitz constant stays below 1 (Σ amplitude × wavenumber × √2 ≈ 0.8), so p ↦ p + d(p) is injective:
 * cells that tiled the plane before warping still tile it afterwards, with no fold-overs.
 */
export class Warp {
  private readonly terms: { ax: number; kx: number; ky: number; phase: number; axis: 0 | 1 }[] = [];

  /** `scale` > 1 gives up injectivity for stronger bends: fine for a single river, never for a tiling. */
  constructor(next: () => number, scale = 1) {
    const octaves: [number, number][] = [
      [0.5, 15],
      [0.12, 4],
      [0.03, 1.2],
    ]; // [amplitude km, wavelength km]
    for (const axis of [0, 1] as const) {
      for (const [amplitude, wavelength] of octaves) {
        const k = (2 * Math.PI) / wavelength;
        const angle = next() * 2 * Math.PI;
        this.terms.push({
          ax: amplitude * scale,
          kx: k * Math.cos(angle),
          ky: k * Math.sin(angle),
          phase: next() * 2 * Math.PI,
          axis,
        });
      }
    }
  }

  apply(p: XY): XY {
    const out: XY = [p[0], p[1]];
    for (const t of this.terms) out[t.axis] += t.ax * Math.sin(t.kx * p[0] + t.ky * p[1] + t.phase);
    return out;
  }
}

/** Parameter t on segment p→q where it crosses segment a→b, or null. */
function crossing(p: XY, q: XY, a: XY, b: XY): number | null {
  const rx = q[0] - p[0];
  const ry = q[1] - p[1];
  const sx = b[0] - a[0];
  const sy = b[1] - a[1];
  const denom = rx * sy - ry * sx;
  if (denom === 0) return null;
  const t = ((a[0] - p[0]) * sy - (a[1] - p[1]) * sx) / denom;
  const u = ((a[0] - p[0]) * ry - (a[1] - p[1]) * rx) / denom;
  return t > 0 && t < 1 && u >= 0 && u <= 1 ? t : null;
}

/** The parts of a polyline that lie inside the polygons (for boundary lines and rivers). */
export function clipPolyline(line: XY[], mp: LocalMultiPolygon): XY[][] {
  const edges: [XY, XY][] = [];
  for (const poly of mp)
    for (const ring of poly) for (let i = 0; i + 1 < ring.length; i++) edges.push([ring[i]!, ring[i + 1]!]);
  const pieces: XY[][] = [];
  let current: XY[] | null = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const p = line[i]!;
    const q = line[i + 1]!;
    const minX = Math.min(p[0], q[0]);
    const maxX = Math.max(p[0], q[0]);
    const minY = Math.min(p[1], q[1]);
    const maxY = Math.max(p[1], q[1]);
    const ts = [0, 1];
    for (const [a, b] of edges) {
      if (Math.max(a[0], b[0]) < minX || Math.min(a[0], b[0]) > maxX) continue;
      if (Math.max(a[1], b[1]) < minY || Math.min(a[1], b[1]) > maxY) continue;
      const t = crossing(p, q, a, b);
      if (t !== null) ts.push(t);
    }
    ts.sort((x, y) => x - y);
    const at = (t: number): XY => [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = ts[k]!;
      const t1 = ts[k + 1]!;
      if (t1 - t0 < 1e-12) continue;
      const inside = polygonsContain(mp, at((t0 + t1) / 2));
      if (inside) {
        if (!current) {
          current = [at(t0)];
          pieces.push(current);
        }
        current.push(at(t1));
      } else current = null;
    }
  }
  return pieces.filter((piece) => polylineLength(piece) > 0.05);
}

export function polylineLength(line: XY[]): number {
  let s = 0;
  for (let i = 0; i + 1 < line.length; i++) s += dist(line[i]!, line[i + 1]!);
  return s;
}

/** The point `d` km along the line, with the unit direction of the segment it falls on. */
export function pointAlong(line: XY[], d: number): { point: XY; dir: XY } {
  let left = d;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!;
    const b = line[i + 1]!;
    const len = dist(a, b);
    if (left <= len || i + 2 === line.length) {
      const t = len === 0 ? 0 : Math.min(1, left / len);
      const dir: XY = len === 0 ? [1, 0] : [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
      return { point: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], dir };
    }
    left -= len;
  }
  const only = line[0]!;
  return { point: only, dir: [1, 0] };
}

/** A closed star-shaped ring (simple by construction) around a centre: lakes, hills, scenic areas. */
export function blobRing(centre: XY, rx: number, ry: number, rotation: number, next: () => number): XY[] {
  const n = 36;
  const p1 = next() * 2 * Math.PI;
  const p2 = next() * 2 * Math.PI;
  const ring: XY[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = 1 + 0.12 * Math.sin(3 * a + p1) + 0.06 * Math.sin(5 * a + p2);
    const x = rx * r * Math.cos(a);
    const y = ry * r * Math.sin(a);
    ring.push([
      centre[0] + x * Math.cos(rotation) - y * Math.sin(rotation),
      centre[1] + x * Math.sin(rotation) + y * Math.cos(rotation),
    ]);
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}
