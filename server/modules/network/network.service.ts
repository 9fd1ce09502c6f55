// Coverage by walking distance on a district's road network. The graph is loaded once per network
// version and district; demand points are snapped to it once per (points, graph). A selection's
// facilities are the sources of ONE multi-source Dijkstra (a virtual super-source joined to each
// facility's point on the network by its off-network walk), so the cost does not grow with the
// number of facilities; a what-if site runs a second search from the new sites only, pruned where
// the existing facilities are already nearer, and touches only the points around it.
//
// A point's walking distance = straight walk onto its nearest edge (capped) + along the network +
// straight walk from the facility's edge to the facility. Points or facilities farther than the cap
// from every road are off the network: reported, never covered.
import type { MultiLineString } from 'geojson';
import type pg from 'pg';
import { OFF_NETWORK_CAP_M, REFERENCE_SPEED_MPS, SPEED_PRESET_TERMS } from '../../contract/network.ts';

const ELDERLY_SPEED_MPS = SPEED_PRESET_TERMS.find((t) => t.code === 'elderly')!.mps;

import type { Database } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import { type DemandPoints, type Site, summarise, type TownSums } from '../coverage/engine/index.ts';
import { setTownMedians } from '../coverage/engine/towns.ts';
import {
  buildGraph,
  edgePiece,
  type Graph,
  multiSourceSearch,
  pointValues,
  reachedPieces,
  type Search,
  type Snaps,
  type Source,
  snapPoints,
  sourcesByEdge,
  valueAt,
} from './graph.ts';
import { loadEdges, networkVersion } from './network.repository.ts';

/** On the limit counts as covered (as for the straight measure). */
const TOLERANCE_M = 0.001;
const MAX_CACHED = 12;

export interface StepTimer {
  step<T>(name: string, work: () => T): T;
}

export interface NetworkBaseline {
  graph: Graph;
  points: DemandPoints;
  snaps: Snaps;
  sites: Site[];
  siteSnaps: Snaps;
  /** Searches by distance (nearest facility) and, when radii differ, by slack (distance − radius). */
  nearest: Measure;
  slack: Measure | null;
  /** Per point: walking metres to the nearest facility (Infinity: unreachable or off the network). */
  pointNearest: Float64Array;
  covered: Uint8Array;
  towns: TownSums[];
  /** Uncovered points, most elderly first. */
  uncoveredOrder: Int32Array;
  /** The reached streets, once asked for. */
  pieces: [number, number][][] | null;
  reach: { uniform: number | null };
}

interface Measure {
  sources: Source[];
  /** Which site each source is. */
  siteOf: Int32Array;
  byEdge: Map<number, number[]>;
  search: Search;
}

export interface NetworkWhatIf {
  towns: TownSums[];
  pointNearest: (i: number) => number;
  isCovered: (i: number) => boolean;
  newlyCovered: Set<number>;
  perSite: { population: number; elderly: number; villages: number }[];
  nearest: Measure;
  slack: Measure | null;
  /** One radius for the proposed sites and the baseline, or null (then by slack). */
  uniform: number | null;
  /** The edges the what-if searches touched. */
  edges: Set<number>;
}

/** Points by the edge they snapped to: points of edge e are order[start[e] .. start[e+1]). */
interface PointsByEdge {
  start: Int32Array;
  order: Int32Array;
}

export const noNetwork = (district: string) => invalid('body.measure', 'no_walking_network', { district });

const services = new WeakMap<Database, NetworkService>();
export function networkServiceFor(db: Database, pool: pg.Pool): NetworkService {
  let service = services.get(db);
  if (!service) {
    service = new NetworkService(db, pool);
    services.set(db, service);
  }
  return service;
}

export class NetworkService {
  private readonly graphs = new Map<string, { version: string; graph: Promise<Graph | null> }>();
  private readonly snapCache = new WeakMap<
    DemandPoints,
    { graph: Graph; snaps: Snaps; byEdge: PointsByEdge }
  >();
  private readonly baselines = new Map<string, NetworkBaseline>();

  constructor(
    private readonly db: Database,
    private readonly pool: pg.Pool,
  ) {}

  /** The district's graph, or null when it has no walkable roads. */
  async graph(district: string): Promise<Graph | null> {
    const version = await networkVersion(this.db);
    const cached = this.graphs.get(district);
    if (cached && cached.version === version) return cached.graph;
    const loading = loadEdges(this.pool, district).then((rows) =>
      rows.id.length > 0 ? buildGraph(rows) : null,
    );
    this.graphs.set(district, { version, graph: loading });
    loading.catch(() => this.graphs.delete(district));
    return loading;
  }

  /** Forget cached selections (the benchmark uses it to time a cold selection). */
  clearSelections(): void {
    this.baselines.clear();
  }

  /** The points' snaps to the graph (cached per points and graph). */
  snapsOf(graph: Graph, points: DemandPoints) {
    return this.demandSnaps(graph, points);
  }

  private demandSnaps(graph: Graph, points: DemandPoints) {
    const cached = this.snapCache.get(points);
    if (cached && cached.graph === graph) return cached;
    const snaps = snapPoints(graph, points.lon, points.lat, OFF_NETWORK_CAP_M);
    const entry = { graph, snaps, byEdge: pointsByEdge(graph, snaps) };
    this.snapCache.set(points, entry);
    return entry;
  }

  /** The baseline of one selection (cached under its key and the graph). */
  baseline(
    key: string,
    graph: Graph,
    points: DemandPoints,
    sites: Site[],
    timer: StepTimer,
  ): NetworkBaseline {
    const cached = this.baselines.get(key);
    if (cached && cached.graph === graph && cached.points === points) return cached;
    const { snaps } = timer.step('network.snap', () => this.demandSnaps(graph, points));
    const siteSnaps = snapPoints(
      graph,
      sites.map((s) => s.lon),
      sites.map((s) => s.lat),
      OFF_NETWORK_CAP_M,
    );
    const radius = sites[0]?.radius ?? 0;
    const uniform = sites.every((s) => s.radius === radius);
    const nearest = timer.step('network.search', () => measure(graph, sites, siteSnaps, false));
    const slack = uniform
      ? null
      : timer.step('network.searchSlack', () => measure(graph, sites, siteSnaps, true));
    const n = points.count;
    const pointNearest = new Float64Array(n);
    const covered = new Uint8Array(n);
    timer.step('network.points', () => {
      pointValues(graph, nearest.search, nearest.sources, nearest.byEdge, snaps, pointNearest);
      if (slack) {
        const slackValues = new Float64Array(n);
        pointValues(graph, slack.search, slack.sources, slack.byEdge, snaps, slackValues);
        for (let i = 0; i < n; i++) if (slackValues[i]! <= TOLERANCE_M) covered[i] = 1;
      } else if (sites.length > 0) {
        const limit = radius + TOLERANCE_M;
        for (let i = 0; i < n; i++) if (pointNearest[i]! <= limit) covered[i] = 1;
      }
    });
    const summary = summarise(
      points,
      sites,
      { nearest: pointNearest, covered, cellMaxNearest: new Float64Array(0) },
      { step: (name, work) => timer.step(`network.${name}`, work) },
    );
    const { towns, uncovered: uncoveredOrder } = summary;
    const base: NetworkBaseline = {
      graph,
      points,
      snaps,
      sites,
      siteSnaps,
      nearest,
      slack,
      pointNearest,
      covered,
      towns,
      uncoveredOrder,
      pieces: null,
      reach: { uniform: uniform && sites.length > 0 ? radius : null },
    };
    this.baselines.set(key, base);
    while (this.baselines.size > MAX_CACHED) this.baselines.delete(this.baselines.keys().next().value!);
    return base;
  }

  /** The baseline plus proposed sites: searches from the new sites only, pruned by the baseline. */
  whatIf(base: NetworkBaseline, proposed: Site[], timer: StepTimer): NetworkWhatIf {
    const { graph, points, snaps } = base;
    const { byEdge: pointsOnEdge } = this.demandSnaps(graph, points);
    const proposedSnaps = snapPoints(
      graph,
      proposed.map((s) => s.lon),
      proposed.map((s) => s.lat),
      OFF_NETWORK_CAP_M,
    );
    const uniform =
      base.reach.uniform !== null && proposed.every((p) => p.radius === base.reach.uniform)
        ? base.reach.uniform
        : null;
    const nearest = timer.step('network.whatIfSearch', () =>
      measure(graph, proposed, proposedSnaps, false, base.nearest.search.value),
    );
    // By slack when radii differ; pruned by the baseline's slack when it has one.
    const slack =
      uniform === null ? measure(graph, proposed, proposedSnaps, true, base.slack?.search.value) : null;
    // Points that can change: on an edge next to a vertex the new search reached, or on a new site's edge.
    const edges = new Set<number>();
    for (const m of slack ? [nearest, slack] : [nearest]) {
      for (let v = 0; v < graph.vertexCount; v++) {
        if (m.search.value[v] === Number.POSITIVE_INFINITY) continue;
        for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) edges.add(graph.adjEdge[k]!);
      }
      for (const s of m.sources) edges.add(s.edge);
    }
    const newNearest = new Map<number, number>();
    const newlyCovered = new Set<number>();
    const perSite = proposed.map(() => ({ population: 0, elderly: 0, villages: 0 }));
    timer.step('network.whatIfPoints', () => {
      const out = new Int32Array(1);
      for (const e of edges) {
        for (let k = pointsOnEdge.start[e]!; k < pointsOnEdge.start[e + 1]!; k++) {
          const i = pointsOnEdge.order[k]!;
          const f = snaps.fraction[i]!;
          const q = snaps.offset[i]!;
          const d = valueAt(graph, nearest.search, nearest.sources, nearest.byEdge, e, f, out) + q;
          const nearestSite = out[0]! >= 0 ? nearest.siteOf[out[0]!]! : -1;
          if (d < base.pointNearest[i]!) newNearest.set(i, d);
          if (base.covered[i]) continue;
          let site = -1;
          if (slack) {
            const s = valueAt(graph, slack.search, slack.sources, slack.byEdge, e, f, out) + q;
            if (s <= TOLERANCE_M) site = slack.siteOf[out[0]!]!;
          } else if (uniform !== null && d <= uniform + TOLERANCE_M) site = nearestSite;
          if (site < 0) continue;
          newlyCovered.add(i);
          perSite[site]!.population += points.population[i]!;
          perSite[site]!.elderly += points.elderly[i]!;
          perSite[site]!.villages++;
        }
      }
    });
    const isCovered = (i: number) => base.covered[i] === 1 || newlyCovered.has(i);
    const pointNearest = (i: number) => newNearest.get(i) ?? base.pointNearest[i]!;
    // Only the towns the new sites touch change: their sums and medians.
    const towns = base.towns.map((t) => ({ ...t }));
    for (const i of newlyCovered) {
      const t = towns[points.town[i]!]!;
      t.coveredPopulation += points.population[i]!;
      t.coveredElderly += points.elderly[i]!;
      t.coveredVillages++;
    }
    const touched = new Set<number>();
    for (const i of newNearest.keys()) touched.add(points.town[i]!);
    setTownMedians(points, towns, pointNearest, touched);
    return { towns, pointNearest, isCovered, newlyCovered, perSite, nearest, slack, uniform, edges };
  }

  /** The reached network as lines: the baseline's (computed once) and, with a what-if, the new sites'. */
  serviceArea(base: NetworkBaseline, whatIf: NetworkWhatIf | null): MultiLineString {
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    if (!base.pieces) {
      const uniform = base.reach.uniform;
      const { graph, nearest, slack } = base;
      base.pieces =
        base.sites.length === 0
          ? []
          : slack
            ? reachedPieces(graph, slack.search, slack.sources, slack.byEdge, TOLERANCE_M)
            : reachedPieces(
                graph,
                nearest.search,
                nearest.sources,
                nearest.byEdge,
                (uniform ?? 0) + TOLERANCE_M,
              );
      base.pieces = base.pieces.map((line) => line.map(([x, y]) => [round(x), round(y)] as [number, number]));
    }
    const lines = [...base.pieces];
    if (whatIf) {
      const m = whatIf.slack ?? whatIf.nearest;
      const limit = whatIf.slack ? TOLERANCE_M : (whatIf.uniform ?? 0) + TOLERANCE_M;
      for (const line of reachedPieces(base.graph, m.search, m.sources, m.byEdge, limit, whatIf.edges))
        lines.push(line.map(([x, y]) => [round(x), round(y)]));
    }
    return { type: 'MultiLineString', coordinates: lines };
  }
}

/**
 * The search of one selection: each site on the network is a source starting with its own walk onto
 * the network (and, by slack, minus its radius, so "covered" = value ≤ 0 whatever each radius is).
 */
function measure(graph: Graph, sites: Site[], snaps: Snaps, bySlack: boolean, floor?: Float64Array): Measure {
  const sources: Source[] = [];
  const siteOf: number[] = [];
  sites.forEach((site, i) => {
    const e = snaps.edge[i]!;
    if (e < 0) return;
    sources.push({
      edge: e,
      fraction: snaps.fraction[i]!,
      start: snaps.offset[i]! - (bySlack ? site.radius : 0),
    });
    siteOf.push(i);
  });
  const limit = bySlack ? TOLERANCE_M : Number.POSITIVE_INFINITY;
  return {
    sources,
    siteOf: Int32Array.from(siteOf),
    byEdge: sourcesByEdge(sources),
    search: multiSourceSearch(graph, sources, limit, floor),
  };
}

function pointsByEdge(graph: Graph, snaps: Snaps): PointsByEdge {
  const start = new Int32Array(graph.edgeCount + 1);
  for (let i = 0; i < snaps.edge.length; i++) if (snaps.edge[i]! >= 0) start[snaps.edge[i]! + 1]!++;
  for (let e = 0; e < graph.edgeCount; e++) start[e + 1]! += start[e]!;
  const fill = start.slice(0, graph.edgeCount);
  const order = new Int32Array(start[graph.edgeCount]!);
  for (let i = 0; i < snaps.edge.length; i++) if (snaps.edge[i]! >= 0) order[fill[snaps.edge[i]!]!++] = i;
  return { start, order };
}

/** Walking routes from one point to several targets: distance (metres) and the line walked, or null. */
export function walkRoutes(
  graph: Graph,
  from: { lon: number; lat: number },
  targets: { lon: number; lat: number }[],
): ({ distanceM: number; offNetworkM: number; route: [number, number][] } | null)[] {
  const start = snapPoints(graph, [from.lon], [from.lat], OFF_NETWORK_CAP_M);
  if (start.edge[0]! < 0) return targets.map(() => null);
  const sources: Source[] = [{ edge: start.edge[0]!, fraction: start.fraction[0]!, start: start.offset[0]! }];
  const search = multiSourceSearch(graph, sources);
  const byEdge = sourcesByEdge(sources);
  const ends = snapPoints(
    graph,
    targets.map((t) => t.lon),
    targets.map((t) => t.lat),
    OFF_NETWORK_CAP_M,
  );
  const out = new Int32Array(1);
  return targets.map((t, i) => {
    const e = ends.edge[i]!;
    if (e < 0) return null;
    const f = ends.fraction[i]!;
    const along = valueAt(graph, search, sources, byEdge, e, f, out);
    if (!Number.isFinite(along)) return null;
    const route = routeTo(graph, search, sources[0]!, e, f, along);
    return {
      distanceM: along + ends.offset[i]!,
      offNetworkM: start.offset[0]! + ends.offset[i]!,
      route: [[from.lon, from.lat], ...route, [t.lon, t.lat]],
    };
  });
}

/** The line walked from the source to the point at fraction f of edge e, whose value is `value`. */
function routeTo(
  graph: Graph,
  search: Search,
  source: Source,
  e: number,
  f: number,
  value: number,
): [number, number][] {
  const cost = graph.cost[e]!;
  const back = graph.reverseCost[e]!;
  // Straight along the source's own edge?
  if (source.edge === e) {
    const direct =
      f >= source.fraction
        ? cost >= 0
          ? (f - source.fraction) * cost
          : Infinity
        : back >= 0
          ? (source.fraction - f) * back
          : Infinity;
    if (source.start + direct <= value + 1e-9)
      return f >= source.fraction
        ? edgePiece(graph, e, source.fraction, f)
        : edgePiece(graph, e, f, source.fraction).reverse();
  }
  const viaSource = cost >= 0 ? search.value[graph.src[e]!]! + f * cost : Infinity;
  const end = viaSource <= value + 1e-9 ? graph.src[e]! : graph.dst[e]!;
  const last = end === graph.src[e] ? edgePiece(graph, e, 0, f) : edgePiece(graph, e, f, 1).reverse();
  return [...pathToVertex(graph, search, source, end), ...last];
}

function pathToVertex(graph: Graph, search: Search, source: Source, v: number): [number, number][] {
  const steps: number[] = [];
  let at = v;
  for (let guard = 0; guard < graph.vertexCount && search.via[at]! >= 0; guard++) {
    const k = search.via[at]!;
    steps.push(k);
    const e = graph.adjEdge[k]!;
    at = graph.adjTo[k] === graph.dst[e] ? graph.src[e]! : graph.dst[e]!;
  }
  const e = source.edge;
  const line: [number, number][] =
    at === graph.dst[e]
      ? edgePiece(graph, e, source.fraction, 1)
      : edgePiece(graph, e, 0, source.fraction).reverse();
  for (const k of steps.reverse()) {
    const edge = graph.adjEdge[k]!;
    const piece = edgePiece(graph, edge, 0, 1);
    line.push(...(graph.adjTo[k] === graph.dst[edge] ? piece : piece.reverse()));
  }
  return line;
}

/** Walking distance, time and route from a point to each target, on the network of the district the point lies in. */
export async function walksFrom(
  service: NetworkService,
  district: string | null,
  from: { lon: number; lat: number },
  targets: { lon: number; lat: number }[],
): Promise<(WalkBody | null)[]> {
  const graph = district ? await service.graph(district) : null;
  if (!graph || targets.length === 0) return targets.map(() => null);
  const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return walkRoutes(graph, from, targets).map((w) =>
    w
      ? {
          distanceM: round(w.distanceM, 1),
          minutes: round(w.distanceM / REFERENCE_SPEED_MPS / 60, 1),
          elderlyMinutes: round(w.distanceM / ELDERLY_SPEED_MPS / 60, 1),
          offNetworkM: round(w.offNetworkM, 1),
          route: {
            type: 'LineString' as const,
            coordinates: w.route.map(([x, y]) => [round(x, 6), round(y, 6)]),
          },
        }
      : null,
  );
}

export interface WalkBody {
  distanceM: number;
  minutes: number;
  elderlyMinutes: number;
  offNetworkM: number;
  route: { type: 'LineString'; coordinates: number[][] };
}
