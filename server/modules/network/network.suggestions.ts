// Siting on the walking network: greedy maximum coverage like the straight-line suggestions, but a
// candidate covers the still-uncovered points it reaches on foot within the radius (its own walk onto
// the network included). Each candidate's reach is one bounded search from it; lazy evaluation (CELF)
// re-scores only candidates that could still win, since a gain can only shrink as sites are added.

import { OFF_NETWORK_CAP_M } from '../../contract/network.ts';
import type { Candidate, DemandPoints, Suggestion } from '../coverage/engine/index.ts';
import { type Graph, multiSourceSearch, snapPoints, sourcesByEdge, valueAt } from './graph.ts';
import type { NetworkService } from './network.service.ts';

const TOLERANCE_M = 0.001;

export function networkSuggestions(
  service: NetworkService,
  graph: Graph,
  points: DemandPoints,
  covered: Uint8Array,
  candidates: Candidate[],
  k: number,
): Suggestion[] {
  const { snaps, byEdge: pointsOnEdge } = service.snapsOf(graph, points);
  const where = snapPoints(
    graph,
    candidates.map((c) => c.lon),
    candidates.map((c) => c.lat),
    OFF_NETWORK_CAP_M,
  );
  const out = new Int32Array(1);
  /** The uncovered points candidate c reaches on foot (computed once; covered ones drop out later). */
  const reach = (c: number): Int32Array => {
    const e = where.edge[c]!;
    if (e < 0) return new Int32Array(0);
    const radius = candidates[c]!.radius;
    const sources = [{ edge: e, fraction: where.fraction[c]!, start: where.offset[c]! }];
    const search = multiSourceSearch(graph, sources, radius + TOLERANCE_M);
    const byEdge = sourcesByEdge(sources);
    const edges = new Set<number>([e]);
    for (let v = 0; v < graph.vertexCount; v++) {
      if (search.value[v] === Number.POSITIVE_INFINITY) continue;
      for (let s = graph.adjStart[v]!; s < graph.adjStart[v + 1]!; s++) edges.add(graph.adjEdge[s]!);
    }
    const list: number[] = [];
    for (const edge of edges)
      for (let j = pointsOnEdge.start[edge]!; j < pointsOnEdge.start[edge + 1]!; j++) {
        const i = pointsOnEdge.order[j]!;
        if (covered[i]) continue;
        const d = valueAt(graph, search, sources, byEdge, edge, snaps.fraction[i]!, out) + snaps.offset[i]!;
        if (d <= radius + TOLERANCE_M) list.push(i);
      }
    return Int32Array.from(list);
  };
  const state = covered.slice();
  const reached = candidates.map((_, c) => reach(c));
  const gain = (c: number) => {
    const sums = { population: 0, elderly: 0, villages: 0 };
    for (const i of reached[c]!) {
      if (state[i]) continue;
      sums.population += points.population[i]!;
      sums.elderly += points.elderly[i]!;
      sums.villages++;
    }
    return sums;
  };
  type Scored = { index: number; round: number; population: number; elderly: number; villages: number };
  const compare = (a: Scored, b: Scored) =>
    a.elderly - b.elderly || a.population - b.population || b.index - a.index;
  const scored: Scored[] = candidates.map((_, index) => ({ index, round: 0, ...gain(index) }));
  const picked: Suggestion[] = [];
  for (let round = 0; round < k; round++) {
    scored.sort((a, b) => compare(b, a));
    let best: Scored | undefined;
    for (const entry of scored) {
      if (best && compare(entry, best) <= 0) break;
      if (entry.round !== round) Object.assign(entry, gain(entry.index), { round });
      if (!best || compare(entry, best) > 0) best = entry;
    }
    if (!best || best.elderly <= 0) break;
    picked.push({
      candidate: candidates[best.index]!,
      population: best.population,
      elderly: best.elderly,
      villages: best.villages,
    });
    for (const i of reached[best.index]!) state[i] = 1;
    scored.splice(scored.indexOf(best), 1);
  }
  return picked;
}
