// Synthetic locations and populations for the real villages/communities of each town. Communities
// (社区) cluster round the town seat, as urban neighbourhoods do; villages (村) spread over the rest of the
// town by best-candidate sampling, which gives an even, natural-looking scatter.
import { pointInside, pointNear, type TownState, type VillageKind, type VillageState } from './context.ts';
import { dist, type XY } from './geometry.ts';
import type { Random } from './random.ts';

const VILLAGE_MARGIN_KM = 0.12;

export function placeVillages(
  town: TownState,
  members: { code: string; name: string; kind: VillageKind }[],
  rng: Random,
): VillageState[] {
  const placed: XY[] = [town.seat];
  const communities = members.filter((m) => m.kind === 'community').length;
  const out: VillageState[] = [];
  for (const m of members) {
    let at: XY;
    if (m.kind === 'community') {
      const reach = 0.5 + 0.2 * communities;
      at = spaced(() => pointNear(town, town.seat, 0.15, reach, rng, VILLAGE_MARGIN_KM), placed, 0.25);
    } else {
      let best: XY = town.seat;
      let bestD = -1;
      for (let k = 0; k < 16; k++) {
        const c = pointInside(town, rng, VILLAGE_MARGIN_KM);
        const d = Math.min(...placed.map((p) => dist(p, c)));
        if (d > bestD) {
          bestD = d;
          best = c;
        }
      }
      at = best;
    }
    placed.push(at);
    out.push({ ...m, town, at, ...population(m.kind, town.kind, rng) });
  }
  return out;
}

function spaced(draw: () => XY, placed: XY[], minGap: number): XY {
  let last = draw();
  for (let k = 0; k < 20; k++) {
    if (placed.every((p) => dist(p, last) >= minGap)) return last;
    last = draw();
  }
  return last;
}

function population(
  kind: VillageKind,
  townKind: TownState['kind'],
  rng: Random,
): { population: number; elderly: number; households: number } {
  const population =
    kind === 'village'
      ? rng.int(1000, 4000)
      : townKind === 'subdistrict'
        ? rng.int(4500, 12000)
        : rng.int(3000, 7500);
  // Rural villages have lost their young people to the cities: a higher elderly share.
  const elderlyShare = kind === 'village' ? rng.range(0.22, 0.3) : rng.range(0.18, 0.25);
  return {
    population,
    elderly: Math.round(population * elderlyShare),
    households: Math.round(population / rng.range(2.6, 3.0)),
  };
}
