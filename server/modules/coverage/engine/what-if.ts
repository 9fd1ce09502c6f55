// What-if sites: the baseline plus proposed sites, computed only around the proposed sites.
import type { Baseline } from './baseline.ts';
import { localDistance } from './ellipsoid.ts';
import { FRAME_SLACK, markCovered, type Site } from './geodesic.ts';
import { distanceToCell } from './grid.ts';
import { setTownMedians, type TownSums } from './towns.ts';

export interface WhatIf {
  towns: TownSums[];
  /** Points that the proposed sites newly cover. */
  newlyCovered: number[];
  /** Points whose nearest site is now a proposed one, with the new distance. */
  nearerNow: Map<number, number>;
  /** Per proposed site: points it covers that nothing else (baseline or an earlier proposed site) did. */
  perSite: { population: number; elderly: number; villages: number }[];
  isCovered(i: number): boolean;
  nearest(i: number): number;
}

export function applyProposed(base: Baseline, proposed: Site[]): WhatIf {
  const { points } = base;
  const { frame, grid, lon, lat } = points;
  const covered = base.covered.slice();
  const newlyCovered: number[] = [];
  const perSite = proposed.map((site) => {
    const sums = { population: 0, elderly: 0, villages: 0 };
    markCovered(points, [site], covered, (i) => {
      newlyCovered.push(i);
      sums.population += points.population[i]!;
      sums.elderly += points.elderly[i]!;
      sums.villages++;
    });
    return sums;
  });
  const nearerNow = new Map<number, number>();
  for (const site of proposed) {
    const sx = frame.x(site.lon);
    const sy = frame.y(site.lat);
    for (let cy = 0; cy < grid.ny; cy++) {
      for (let cx = 0; cx < grid.nx; cx++) {
        const c = cy * grid.nx + cx;
        // No point of this cell can get nearer: all are closer to their site than to this cell.
        if (distanceToCell(grid, cx, cy, sx, sy) >= base.cellMaxNearest[c]! * FRAME_SLACK) continue;
        for (let k = grid.start[c]!; k < grid.start[c + 1]!; k++) {
          const i = grid.order[k]!;
          const d = localDistance(site.lon, site.lat, lon[i]!, lat[i]!);
          if (d < (nearerNow.get(i) ?? base.nearest[i]!)) nearerNow.set(i, d);
        }
      }
    }
  }
  const towns = base.towns.map((t) => ({ ...t }));
  for (const i of newlyCovered) {
    const t = towns[points.town[i]!]!;
    t.coveredPopulation += points.population[i]!;
    t.coveredElderly += points.elderly[i]!;
    t.coveredVillages++;
  }
  const touched = new Set<number>();
  for (const i of nearerNow.keys()) touched.add(points.town[i]!);
  const nearest = (i: number) => nearerNow.get(i) ?? base.nearest[i]!;
  setTownMedians(points, towns, nearest, touched);
  return { towns, newlyCovered, nearerNow, perSite, isCovered: (i) => covered[i] === 1, nearest };
}
