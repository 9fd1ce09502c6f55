// The numbers and features a coverage response is made of, the same for every measure (straight
// line, walking): rounding, rates, a town's figures, one village of an uncovered list.
import type { Feature, Point } from 'geojson';
import type { DemandPoints, TownSums } from './engine/index.ts';

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
export const ratio = (part: number, whole: number) => (whole > 0 ? round(part / whole, 6) : null);
export const metres = (value: number | null) =>
  value === null || !Number.isFinite(value) ? null : round(value, 1);

export function figures(s: Omit<TownSums, 'medianNearest'>, facilityCount: number) {
  return {
    population: s.population,
    elderlyPopulation: s.elderly,
    coveredPopulation: s.coveredPopulation,
    coveredElderly: s.coveredElderly,
    rate: ratio(s.coveredPopulation, s.population),
    elderlyRate: ratio(s.coveredElderly, s.elderly),
    facilityCount,
    villageCount: s.villages,
    coveredVillageCount: s.coveredVillages,
  };
}

/** One village of an uncovered list: where, who, and the distances the measure gives. */
export function villageFeature(
  points: DemandPoints,
  i: number,
  townNames: Map<string, string>,
  distances: Record<string, number | null>,
): Feature<Point> {
  const townCode = points.townCodes[points.town[i]!]!;
  return {
    type: 'Feature',
    id: points.codes[i]!,
    geometry: { type: 'Point', coordinates: [round(points.lon[i]!, 6), round(points.lat[i]!, 6)] },
    properties: {
      code: points.codes[i]!,
      name: points.names[i]!,
      townCode,
      townName: townNames.get(townCode) ?? null,
      population: points.population[i]!,
      elderlyPopulation: points.elderly[i]!,
      ...distances,
    },
  };
}
