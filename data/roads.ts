// A synthetic walking network for a demo district, deterministic like the rest of the demo: a street
// grid round each town seat, roads linking villages and seats (a spanning tree that crosses the
// district's rivers only where it must, i.e. on a few bridges), roads between neighbouring seats and
// footpaths to nearby villages that do not cross a river. Lines cross each other freely: the loader
// nodes them (every crossing is a junction), as it does for a bureau's own road file.
// Every road is origin 'synthetic' and describes no real street.
import type { LineString } from 'geojson';
import type { DemoPlaceName, DemoRoad } from '../server/db/dataset-types.ts';
import type { DistrictContext } from './generator/context.ts';
import { dist, polygonsContain, type XY } from './generator/geometry.ts';
import type { Random } from './generator/random.ts';

const GRID_STEP_KM = 0.15;
const GRID_HALF: Record<string, number> = { subdistrict: 4, town: 3, township: 2 };
/** Footpaths to villages within this distance that are not linked yet. */
const PATH_REACH_KM = 1.6;

function segmentsCross(p: XY, q: XY, a: XY, b: XY): boolean {
  const d = (q[0] - p[0]) * (b[1] - a[1]) - (q[1] - p[1]) * (b[0] - a[0]);
  if (d === 0) return false;
  const t = ((a[0] - p[0]) * (b[1] - a[1]) - (a[1] - p[1]) * (b[0] - a[0])) / d;
  const u = ((a[0] - p[0]) * (q[1] - p[1]) - (a[1] - p[1]) * (q[0] - p[0])) / d;
  return t > 0 && t < 1 && u > 0 && u < 1;
}

function crossesAny(line: XY[], barriers: XY[][]): boolean {
  for (let i = 0; i + 1 < line.length; i++)
    for (const river of barriers)
      for (let k = 0; k + 1 < river.length; k++)
        if (segmentsCross(line[i]!, line[i + 1]!, river[k]!, river[k + 1]!)) return true;
  return false;
}

/** A road from a to b that wanders a little: two inner points pushed sideways by up to `wobble` of its length. */
function wander(a: XY, b: XY, wobble: number, rng: Random): XY[] {
  const len = dist(a, b);
  const nx = -(b[1] - a[1]) / (len || 1);
  const ny = (b[0] - a[0]) / (len || 1);
  const at = (t: number): XY => {
    const off = (rng.next() * 2 - 1) * wobble * len;
    return [a[0] + (b[0] - a[0]) * t + nx * off, a[1] + (b[1] - a[1]) * t + ny * off];
  };
  return [a, at(1 / 3), at(2 / 3), b];
}

export function generateRoads(ctx: DistrictContext, placeNames: DemoPlaceName[], rng: Random): DemoRoad[] {
  const rivers = placeNames
    .filter(
      (p) => p.district_code === ctx.code && p.geom.type === 'LineString' && p.category === 'water_system',
    )
    .map((p) => (p.geom as LineString).coordinates.map((c) => ctx.frame.toLocal(c)));
  const roads: { kind: string; name: string | null; line: XY[] }[] = [];

  // Street grids: nodes on a square lattice round the seat, kept inside the town; a grid street
  // that would cross a river is left out except the one nearest the seat (the town's bridge).
  for (const town of ctx.towns) {
    const half = GRID_HALF[town.kind] ?? 2;
    const angle = rng.range(-0.4, 0.4);
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const node = (i: number, j: number): XY => [
      town.seat[0] + (i * c - j * s) * GRID_STEP_KM,
      town.seat[1] + (i * s + j * c) * GRID_STEP_KM,
    ];
    const inside = (i: number, j: number) => (i === 0 && j === 0) || polygonsContain(town.shape, node(i, j));
    const crossing: { line: XY[]; d: number }[] = [];
    for (let i = -half; i <= half; i++) {
      for (let j = -half; j <= half; j++) {
        if (!inside(i, j)) continue;
        for (const [di, dj] of [
          [1, 0],
          [0, 1],
        ] as const) {
          if (i + di > half || j + dj > half || !inside(i + di, j + dj)) continue;
          const line = [node(i, j), node(i + di, j + dj)];
          if (crossesAny(line, rivers)) crossing.push({ line, d: Math.hypot(i + di / 2, j + dj / 2) });
          else roads.push({ kind: 'residential', name: `${town.short}${j === 0 ? '正街' : '巷'}`, line });
        }
      }
    }
    crossing.sort((a, b) => a.d - b.d);
    if (crossing[0]) roads.push({ kind: 'bridge', name: `${town.short}大桥`, line: crossing[0].line });
  }

  // Villages and seats joined by a minimum spanning tree whose weight makes a river crossing cost
  // as much as a long detour, so the tree bridges each river only where there is no way round.
  const nodes: { at: XY; name: string }[] = [
    ...ctx.towns.map((t) => ({ at: t.seat, name: t.short })),
    // Roads pass near a village's centre, not through it: the walk onto the road is 20–120 m.
    ...ctx.villages.map((v) => {
      const r = rng.range(0.02, 0.12);
      const a = rng.range(0, 2 * Math.PI);
      return { at: [v.at[0] + r * Math.cos(a), v.at[1] + r * Math.sin(a)] as XY, name: v.name };
    }),
  ];
  const n = nodes.length;
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n).fill(-1);
  const weight = (a: number, b: number) =>
    dist(nodes[a]!.at, nodes[b]!.at) * (crossesAny([nodes[a]!.at, nodes[b]!.at], rivers) ? 25 : 1);
  const linked = new Set<string>();
  const pair = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  best[0] = 0;
  for (let k = 0; k < n; k++) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!inTree[i] && (u < 0 || best[i]! < best[u]!)) u = i;
    inTree[u] = 1;
    if (from[u]! >= 0) {
      const a = nodes[from[u]!]!;
      const b = nodes[u]!;
      const line = wander(a.at, b.at, 0.12, rng);
      const bridge = crossesAny([a.at, b.at], rivers);
      roads.push({ kind: bridge ? 'bridge' : 'unclassified', name: `${a.name}—${b.name}`, line });
      linked.add(pair(from[u]!, u));
    }
    for (let i = 0; i < n; i++) {
      if (inTree[i]) continue;
      const w = weight(u, i);
      if (w < best[i]!) {
        best[i] = w;
        from[i] = u;
      }
    }
  }

  // Roads between the seats of neighbouring towns (county roads, bridged where they meet a river).
  const seatIndex = new Map(ctx.towns.map((t, i) => [t.code, i]));
  for (const edge of ctx.edges) {
    const a = seatIndex.get(edge.a);
    const b = seatIndex.get(edge.b);
    if (a === undefined || b === undefined || linked.has(pair(a, b))) continue;
    linked.add(pair(a, b));
    const line = wander(nodes[a]!.at, nodes[b]!.at, 0.05, rng);
    roads.push({ kind: 'tertiary', name: `${nodes[a]!.name}—${nodes[b]!.name}公路`, line });
  }

  // Footpaths to the two nearest unlinked neighbours within reach, never across a river.
  for (let i = ctx.towns.length; i < n; i++) {
    const near = nodes
      .map((p, j) => ({ j, d: dist(p.at, nodes[i]!.at) }))
      .filter((x) => x.j !== i && x.d <= PATH_REACH_KM && !linked.has(pair(i, x.j)))
      .sort((x, y) => x.d - y.d || x.j - y.j)
      .slice(0, 2);
    for (const { j } of near) {
      if (!rng.chance(0.55)) continue;
      const line = wander(nodes[i]!.at, nodes[j]!.at, 0.2, rng);
      if (crossesAny(line, rivers)) continue;
      linked.add(pair(i, j));
      roads.push({ kind: 'path', name: null, line });
    }
  }

  return roads.map((r, i) => ({
    code: `${ctx.code}-R${String(i + 1).padStart(5, '0')}`,
    name: r.name,
    kind: r.kind,
    oneway: 'no',
    noded: false,
    district_code: ctx.code,
    geom: { type: 'LineString', coordinates: r.line.map((p) => ctx.frame.toLonLat(p)) },
    origin: 'synthetic',
  }));
}
