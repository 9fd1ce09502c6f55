// Per-town sums and medians, and the list of uncovered points: what a measure's `nearest` and
// `covered` arrays are summarised into.
import type { DemandPoints } from './points.ts';

export interface TownSums {
  villages: number;
  population: number;
  elderly: number;
  coveredPopulation: number;
  coveredElderly: number;
  coveredVillages: number;
  medianNearest: number | null;
}

/** Median by selection (O(n)); reorders `values`. Null when empty or infinite (no sites at all). */
export function median(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const mid = n >> 1;
  const upper = select(values, mid);
  let m = upper;
  if (n % 2 === 0) {
    // After selection everything left of mid is ≤ values[mid]: the lower middle is their maximum.
    let lower = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < mid; i++) if (values[i]! > lower) lower = values[i]!;
    m = (lower + upper) / 2;
  }
  return Number.isFinite(m) ? m : null;
}

/** Hoare's quickselect: the k-th smallest value, with values[0..k) ≤ it ≤ values(k..n). */
export function select(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

/** Sets medianNearest of each town (only those in `only`, when given) from per-point distances. */
export function setTownMedians(
  points: DemandPoints,
  towns: TownSums[],
  nearest: Float64Array | ((i: number) => number),
  only?: Set<number>,
): void {
  points.members.forEach((members, t) => {
    if (only && !only.has(t)) return;
    const values = new Float64Array(members.length);
    if (typeof nearest === 'function')
      for (let k = 0; k < members.length; k++) values[k] = nearest(members[k]!);
    else for (let k = 0; k < members.length; k++) values[k] = nearest[members[k]!]!;
    towns[t]!.medianNearest = median(values);
  });
}

/** Uncovered points, most elderly first, then in code order. */
export function sortUncovered(points: DemandPoints, covered: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < points.count; i++) if (!covered[i]) n++;
  // One float key per point: −elderly · 2^24 + code rank, exact while elderly < 2^28; sorts natively.
  const keys = new Float64Array(n);
  const byRank = new Int32Array(points.count);
  let k = 0;
  for (let i = 0; i < points.count; i++) {
    if (covered[i]) continue;
    const rank = points.codeRank[i]!;
    byRank[rank] = i;
    keys[k++] = -points.elderly[i]! * 16_777_216 + rank;
  }
  keys.sort();
  const list = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const key = keys[j]!;
    list[j] = byRank[key - Math.floor(key / 16_777_216) * 16_777_216]!;
  }
  return list;
}

/** Per town: villages, people and elderly, in all and covered (medians left null). */
export function sumTowns(points: DemandPoints, covered: Uint8Array): TownSums[] {
  const t = points.townCodes.length;
  const [population, elderly, coveredPopulation, coveredElderly] = [0, 0, 0, 0].map(
    () => new Float64Array(t),
  ) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const coveredVillages = new Int32Array(t);
  for (let i = 0; i < points.count; i++) {
    const town = points.town[i]!;
    population[town]! += points.population[i]!;
    elderly[town]! += points.elderly[i]!;
    if (covered[i]) {
      coveredPopulation[town]! += points.population[i]!;
      coveredElderly[town]! += points.elderly[i]!;
      coveredVillages[town]!++;
    }
  }
  return points.members.map((members, town) => ({
    villages: members.length,
    population: population[town]!,
    elderly: elderly[town]!,
    coveredPopulation: coveredPopulation[town]!,
    coveredElderly: coveredElderly[town]!,
    coveredVillages: coveredVillages[town]!,
    medianNearest: null,
  }));
}
