// The working state of one district while the generator builds it: real names and codes from the
// extracts, synthetic shapes in the local kilometre frame, and helpers to put points inside a town.
import {
  bboxOf,
  dist,
  insideWithMargin,
  type LocalFrame,
  type LocalMultiPolygon,
  type XY,
} from './geometry.ts';
import type { DistrictProfile } from './profiles.ts';
import type { Random } from './random.ts';
import type { SharedEdge } from './towns.ts';

export type TownKind = 'town' | 'township' | 'subdistrict';
export type VillageKind = 'village' | 'community';

export interface TownState {
  code: string;
  name: string;
  /** Name without the generic term: 龙水镇 → 龙水. */
  short: string;
  kind: TownKind;
  shape: LocalMultiPolygon;
  seat: XY;
  /** Distance of the seat from the district's urban core, km. */
  coreDistance: number;
}

export interface VillageState {
  code: string;
  name: string;
  kind: VillageKind;
  town: TownState;
  at: XY;
  population: number;
  elderly: number;
  households: number;
}

export interface DistrictContext {
  code: string;
  name: string;
  profile: DistrictProfile;
  frame: LocalFrame;
  outline: LocalMultiPolygon;
  core: XY;
  towns: TownState[];
  villages: VillageState[];
  edges: SharedEdge[];
}

export function townKind(name: string): TownKind {
  if (name.endsWith('街道')) return 'subdistrict';
  if (name.endsWith('乡')) return 'township';
  return 'town';
}

export function townShort(name: string): string {
  return name.replace(/(街道|镇|乡)$/, '');
}

/** Official committee name → common name: 双河村村民委员会 → 双河村, 东方广场社区居民委员会 → 东方广场社区. */
export function villageName(official: string): { name: string; kind: VillageKind } {
  const isResidents = official.endsWith('居民委员会');
  const name = official.replace(/(村民委员会|居民委员会)$/, '');
  return { name, kind: isResidents || name.endsWith('社区') ? 'community' : 'village' };
}

/**
 * A random point inside `town`, `minR`..`maxR` km from `centre` and at least `margin` km inside the
 * town's edge. Falls back to widening the ring, then to the centre itself (which is always inside).
 */
export function pointNear(
  town: TownState,
  centre: XY,
  minR: number,
  maxR: number,
  rng: Random,
  margin = 0.05,
): XY {
  for (let widen = 1; widen <= 4; widen *= 2) {
    for (let attempt = 0; attempt < 40; attempt++) {
      const r = rng.range(minR, maxR * widen);
      const a = rng.range(0, 2 * Math.PI);
      const p: XY = [centre[0] + r * Math.cos(a), centre[1] + r * Math.sin(a)];
      if (insideWithMargin(town.shape, p, margin)) return p;
    }
  }
  return centre;
}

/** A uniformly random point well inside the town. */
export function pointInside(town: TownState, rng: Random, margin: number): XY {
  const [minX, minY, maxX, maxY] = bboxOf(town.shape.flatMap((poly) => poly[0]!));
  for (let attempt = 0; attempt < 400; attempt++) {
    const p: XY = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (insideWithMargin(town.shape, p, margin)) return p;
  }
  return town.seat;
}

export function nearestVillages(
  ctx: DistrictContext,
  p: XY,
  n: number,
  filter?: (v: VillageState) => boolean,
): VillageState[] {
  return ctx.villages
    .filter((v) => !filter || filter(v))
    .map((v) => ({ v, d: dist(v.at, p) }))
    .sort((a, b) => a.d - b.d || a.v.code.localeCompare(b.v.code))
    .slice(0, n)
    .map((x) => x.v);
}
