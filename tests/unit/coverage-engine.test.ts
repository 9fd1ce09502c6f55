// The coverage engine end to end on hand-placed villages (no database): distances on the
// ellipsoid against a published geodesic, the geodesic measure, the baseline, what-if sites and
// greedy siting. Villages are placed with turf (a sphere), at distances far enough from every
// radius that the sphere's 0.3 % cannot change an answer; a brute force over all sites with the
// exact geodesic checks the grid searches on random data.
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { Random } from '../../data/generator/random.ts';
import { computeBaseline } from '../../server/modules/coverage/engine/baseline.ts';
import { localDistance, vincentyDistance } from '../../server/modules/coverage/engine/ellipsoid.ts';
import { type Site, TOLERANCE_M, within } from '../../server/modules/coverage/engine/geodesic.ts';
import { makeDemandPoints } from '../../server/modules/coverage/engine/points.ts';
import { greedySuggestions } from '../../server/modules/coverage/engine/suggestions.ts';
import { applyProposed } from '../../server/modules/coverage/engine/what-if.ts';

/** Equal but for the sphere's error (turf placed the villages): within 0.4 %. */
const roughly = (actual: number | null | undefined, expected: number) =>
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(expected * 0.004);
const timer = { step: <T>(_: string, work: () => T) => work() };
const ORIGIN: [number, number] = [106.55, 29.56];
/** The point `metres` from ORIGIN towards `bearing` (degrees), on the sphere. */
const at = (metres: number, bearing = 0): [number, number] =>
  turf.destination(ORIGIN, metres, bearing, { units: 'meters' }).geometry.coordinates as [number, number];

describe('ellipsoid distances', () => {
  // Geoscience Australia's worked example of Vincenty's inverse formula: Flinders Peak to
  // Buninyong, 54 972.271 m on GRS80 (WGS84 differs by far less than a millimetre here).
  const flinders = [144 + 25 / 60 + 29.5244 / 3600, -(37 + 57 / 60 + 3.7203 / 3600)] as const;
  const buninyong = [143 + 55 / 60 + 35.3839 / 3600, -(37 + 39 / 60 + 10.1561 / 3600)] as const;

  it('matches the published geodesic to the millimetre', () => {
    expect(vincentyDistance(...flinders, ...buninyong)).toBeCloseTo(54_972.271, 3);
  });
  it('gives a degree of longitude on the equator as a/360·2π', () => {
    expect(vincentyDistance(0, 0, 1, 0)).toBeCloseTo((6_378_137 * Math.PI) / 180, 3);
    expect(localDistance(0, 0, 1, 0)).toBeCloseTo((6_378_137 * Math.PI) / 180, 3);
  });
  it('keeps the cheap distance within 1e-6 of the exact one at district scale', () => {
    for (const [d, b] of [
      [300, 10],
      [5_000, 75],
      [40_000, 200],
    ] as const) {
      const [lon, lat] = at(d, b);
      const exact = vincentyDistance(...ORIGIN, lon, lat);
      expect(Math.abs(localDistance(...ORIGIN, lon, lat) - exact) / exact).toBeLessThan(1e-6);
    }
  });
});

describe('the geodesic measure', () => {
  it('counts a point on the radius (within 1 mm) as covered, and 2 mm beyond it as not', () => {
    const [lon, lat] = [143 + 55 / 60 + 35.3839 / 3600, -(37 + 39 / 60 + 10.1561 / 3600)];
    const site = (radius: number): Site => ({
      lon: 144 + 25 / 60 + 29.5244 / 3600,
      lat: -(37 + 57 / 60 + 3.7203 / 3600),
      radius,
    });
    const cheap = localDistance(site(0).lon, site(0).lat, lon, lat);
    expect(within(site(54_972.271), lon, lat, cheap)).toBe(true);
    expect(within(site(54_972.271 - TOLERANCE_M * 2), lon, lat, cheap)).toBe(false);
  });
});

/** Villages in one or two towns; elderly and population chosen so every sum is unambiguous. */
function district(places: { at: [number, number]; elderly: number; town?: number }[]) {
  return makeDemandPoints({
    codes: places.map((_, i) => `V${String(i).padStart(2, '0')}`),
    names: places.map((_, i) => `village ${i}`),
    lon: Float64Array.from(places, (p) => p.at[0]),
    lat: Float64Array.from(places, (p) => p.at[1]),
    population: Float64Array.from(places, (p) => p.elderly * 4),
    elderly: Float64Array.from(places, (p) => p.elderly),
    town: Int32Array.from(places, (p) => p.town ?? 0),
    townCodes: ['T0', 'T1'],
  });
}

describe('baseline, what-if and suggestions', () => {
  // Town 0: villages 0, 400, 1600 and 3000 m north of a site with a 1 km reach; town 1: one
  // village 8 km east.
  const points = district([
    { at: at(0), elderly: 10 },
    { at: at(400), elderly: 20 },
    { at: at(1600), elderly: 40 },
    { at: at(3000), elderly: 80 },
    { at: at(8000, 90), elderly: 5, town: 1 },
  ]);
  const code = (i: number) => points.codes[i];
  const i = (c: string) => points.codes.indexOf(c);
  const sites: Site[] = [{ lon: ORIGIN[0], lat: ORIGIN[1], radius: 1000 }];
  const base = computeBaseline(points, sites, timer);

  it('covers what lies within the radius and measures the nearest site', () => {
    expect([0, 1, 2, 3, 4].map((k) => base.covered[i(`V0${k}`)])).toEqual([1, 1, 0, 0, 0]);
    [0, 400, 1600, 3000, 8000].forEach((d, k) => {
      roughly(base.nearest[i(`V0${k}`)], d);
    });
  });

  it('sums per town and takes the median of the nearest distances', () => {
    const [t0, t1] = base.towns;
    expect(t0).toMatchObject({ villages: 4, elderly: 150, coveredElderly: 30, coveredVillages: 2 });
    expect(t0!.coveredPopulation).toBe(120);
    roughly(t0!.medianNearest, (400 + 1600) / 2);
    expect(t1).toMatchObject({ villages: 1, coveredVillages: 0 });
    roughly(t1!.medianNearest, 8000);
    expect(Array.from(base.uncovered, code)).toEqual(['V03', 'V02', 'V04']);
  });

  it('gives the same answer when the radii differ (the per-site path)', () => {
    const mixed = computeBaseline(
      points,
      [...sites, { ...sites[0]!, lon: at(3000)[0], lat: at(3000)[1], radius: 100 }],
      timer,
    );
    expect([0, 1, 2, 3, 4].map((k) => mixed.covered[i(`V0${k}`)])).toEqual([1, 1, 0, 1, 0]);
    expect(mixed.nearest[i('V03')]).toBe(0);
    roughly(mixed.nearest[i('V02')], 1400); // now nearer to the new site
  });

  it('adds proposed sites on top of the baseline without changing it', () => {
    const [lon, lat] = at(3000);
    const whatIf = applyProposed(base, [
      { lon, lat, radius: 2000 }, // covers 1600 m (1.4 km away) and 3000 m
      { lon, lat, radius: 2000 }, // the same again: nothing new
    ]);
    expect(whatIf.newlyCovered.map(code).sort()).toEqual(['V02', 'V03']);
    expect(whatIf.perSite).toEqual([
      { population: 480, elderly: 120, villages: 2 },
      { population: 0, elderly: 0, villages: 0 },
    ]);
    expect(whatIf.towns[0]).toMatchObject({ coveredElderly: 150, coveredVillages: 4 });
    expect(whatIf.nearest(i('V03'))).toBe(0);
    roughly(whatIf.nearest(i('V02')), 1400);
    expect(whatIf.nearerNow.has(i('V01'))).toBe(false); // 2.6 km from the new site, 400 m from the old
    roughly(whatIf.towns[0]!.medianNearest, (0 + 400) / 2); // of 0, 400, 1400, 0
    expect(whatIf.isCovered(i('V04'))).toBe(false);
    expect(base.covered[i('V03')]).toBe(0);
    expect(base.towns[0]!.coveredElderly).toBe(30);
  });

  it('suggests the candidates that newly cover the most elderly, greedily', () => {
    const candidates = [0, 1, 2, 3, 4].map((k) => ({
      lon: points.lon[i(`V0${k}`)]!,
      lat: points.lat[i(`V0${k}`)]!,
      radius: 1000,
      source: 'village' as const,
      villageIndex: i(`V0${k}`),
    }));
    const picked = greedySuggestions(points, base.covered, candidates, 5);
    // 3000 m covers itself only (80, 1600 m is 1.4 km away); then 1600 m covers itself only (40,
    // 400 m is 1.2 km away); then the east village (5); nothing is left after that.
    expect(picked.map((s) => [code(s.candidate.villageIndex!), s.elderly, s.villages])).toEqual([
      ['V03', 80, 1],
      ['V02', 40, 1],
      ['V04', 5, 1],
    ]);
  });
});

describe('the grid searches against a brute force', () => {
  const rng = new Random('coverage-engine-test');
  const random = () => rng.next();
  const places = Array.from({ length: 600 }, () => ({
    at: at(random() * 20_000, random() * 360),
    elderly: 1 + Math.floor(random() * 50),
    town: random() < 0.5 ? 0 : 1,
  }));
  const points = district(places);
  const sites: Site[] = Array.from({ length: 25 }, () => {
    const [lon, lat] = at(random() * 20_000, random() * 360);
    return { lon, lat, radius: 500 + Math.floor(random() * 3) * 1000 };
  });

  it('finds every point within reach and the nearest site of each', () => {
    const base = computeBaseline(points, sites, timer);
    for (let p = 0; p < points.count; p++) {
      const exact = sites.map((s) => vincentyDistance(s.lon, s.lat, points.lon[p]!, points.lat[p]!));
      const covered = sites.some((s, k) => exact[k]! <= s.radius + TOLERANCE_M);
      expect(base.covered[p], `point ${p}`).toBe(covered ? 1 : 0);
      expect(Math.abs(base.nearest[p]! - Math.min(...exact))).toBeLessThan(0.05);
    }
  });
});
