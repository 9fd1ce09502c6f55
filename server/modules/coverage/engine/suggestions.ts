// Greedy siting: where k new sites would newly cover the most elderly people.
import { localDistance } from './ellipsoid.ts';
import { markCovered, type Site, searchReach, within } from './geodesic.ts';
import { runBuffer, runsNear } from './grid.ts';
import type { DemandPoints } from './points.ts';

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
  const { grid, lon, lat, population, elderly } = points;
  const runs = runBuffer(grid);
  const gain = (c: Candidate) => {
    const sums = { population: 0, elderly: 0, villages: 0 };
    const site: Site = c;
    const n = runsNear(
      points.grid,
      points.frame.x(c.lon),
      points.frame.y(c.lat),
      searchReach(site.radius),
      runs,
    );
    for (let r = 0; r < 2 * n; r += 2) {
      for (let k = runs[r]!; k < runs[r + 1]!; k++) {
        const i = grid.order[k]!;
        if (state[i]) continue;
        if (within(site, lon[i]!, lat[i]!, localDistance(c.lon, c.lat, lon[i]!, lat[i]!))) {
          sums.population += population[i]!;
          sums.elderly += elderly[i]!;
          sums.villages++;
        }
      }
    }
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
