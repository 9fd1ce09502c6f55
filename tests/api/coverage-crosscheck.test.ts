// Cross-check on the demo district: coverage computed independently with turf from the collections
// API (villages and facilities as GeoJSON) must match POST /api/coverage within 0.1 %.
//
// Turf measures on a sphere, the API on the WGS84 ellipsoid: at 30°N they differ by up to 0.3 %
// (a demo village at 499.2 m on the ellipsoid is 500.3 m on turf's sphere). So turf's angular
// distance is scaled by the ellipsoid's radius of curvature along the bearing (Euler's formula),
// which brings it within 5 cm of the geodesic at these distances.
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
const DISTRICT = '500111';

type VillageProps = { code: string; townCode: string; population: number; elderlyPopulation: number };
type FacilityProps = { subtype: string; category: string; status: string };

let villages: Feature<Point, VillageProps>[] = [];
let facilities: Feature<Point, FacilityProps>[] = [];
let defaultRadius: Map<string, number>;

async function items<P>(collection: string, query = ''): Promise<Feature<Point, P>[]> {
  const response = await ctx.app.inject({
    url: `/api/collections/${collection}/items?district=${DISTRICT}&limit=10000${query}`,
  });
  expect(response.statusCode).toBe(200);
  const body = response.json() as FeatureCollection<Point, P> & { numberMatched: number };
  expect(body.features.length).toBe(body.numberMatched);
  return body.features;
}

beforeAll(async () => {
  villages = await items<VillageProps>('villages');
  facilities = (await items<FacilityProps>('facilities', '&category=elderly_care')).filter(
    (f) => f.properties.status === 'operating',
  );
  const radii = (await ctx.app.inject({ url: '/api/coverage/radii' })).json().radii as {
    subtype: string;
    defaultRadiusM: number;
  }[];
  defaultRadius = new Map(radii.map((r) => [r.subtype, r.defaultRadiusM]));
});

const A = 6378137;
const E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
function metres(from: Feature<Point>, to: Feature<Point>): number {
  const angle = turf.distance(from, to, { units: 'radians' });
  const bearing = (turf.bearing(from, to) * Math.PI) / 180;
  const phi = (((from.geometry.coordinates[1]! + to.geometry.coordinates[1]!) / 2) * Math.PI) / 180;
  const w2 = 1 - E2 * Math.sin(phi) ** 2;
  const meridional = (A * (1 - E2)) / w2 ** 1.5;
  const normal = A / Math.sqrt(w2);
  return angle / (Math.cos(bearing) ** 2 / meridional + Math.sin(bearing) ** 2 / normal);
}

function turfCoverage(radiusOf: (f: Feature<Point, FacilityProps>) => number) {
  let population = 0;
  let covered = 0;
  let elderly = 0;
  let coveredElderly = 0;
  for (const v of villages) {
    population += v.properties.population;
    elderly += v.properties.elderlyPopulation;
    const reached = facilities.some((f) => metres(f, v) <= radiusOf(f));
    if (reached) {
      covered += v.properties.population;
      coveredElderly += v.properties.elderlyPopulation;
    }
  }
  return { population, elderly, rate: covered / population, elderlyRate: coveredElderly / elderly };
}

describe('cross-check with turf on the demo district', () => {
  it('has demo data to check', () => {
    expect(villages.length).toBeGreaterThan(100);
    expect(facilities.length).toBeGreaterThan(50);
  });

  it.each([
    ['5min', 300],
    ['10min', 500],
    ['15min', 1000],
    ['default', null],
  ] as const)('%s: covered shares agree within 0.1 %%', async (lifeCircle, meters) => {
    const expected = turfCoverage((f) => meters ?? defaultRadius.get(f.properties.subtype)!);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: {
        district: DISTRICT,
        facilities: { categories: ['elderly_care'], statuses: ['operating'] },
        lifeCircle,
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { totals } = response.json();
    expect(totals.population).toBe(expected.population);
    expect(totals.elderlyPopulation).toBe(expected.elderly);
    expect(totals.facilityCount).toBe(facilities.length);
    expect(Math.abs(totals.rate - expected.rate)).toBeLessThanOrEqual(0.001 * expected.rate);
    expect(Math.abs(totals.elderlyRate - expected.elderlyRate)).toBeLessThanOrEqual(
      0.001 * expected.elderlyRate,
    );
  });
});
