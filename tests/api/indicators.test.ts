// GET /api/indicators on a fixture whose values are worked out by hand (tests/fixtures/coverage/indicators.ts).
// Operating beds: I1 100 (70 nursing, public) in T1, I2 50 (10, private) in T2, I3 50 (20, 公建民营) in T1;
// the planned I4 (500) does not count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INDICATOR_DISTRICT,
  insertIndicatorFixture,
  removeIndicatorFixture,
  T1,
  T2,
} from '../fixtures/coverage/indicators.ts';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
beforeAll(async () => insertIndicatorFixture(ctx.app.db));
afterAll(async () => removeIndicatorFixture(ctx.app.db));

type Indicator = {
  key: string;
  value: number | null;
  target: number | null;
  met: boolean | null;
  failingTowns: { code: string; value: number | null }[];
};

describe('indicators', () => {
  let byKey: Map<string, Indicator>;
  beforeAll(async () => {
    const response = await ctx.app.inject({ url: `/api/indicators?district=${INDICATOR_DISTRICT}` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.district).toEqual({ code: INDICATOR_DISTRICT, name: '指标测试区' });
    expect(body.unsupported.map((u: { key: string }) => u.key)).toEqual(['lottery_outlets']);
    byKey = new Map(body.indicators.map((i: Indicator) => [i.key, i]));
  });
  const failing = (key: string) => byKey.get(key)!.failingTowns.map((t) => t.code);

  it('elderly beds: 200, no published target outside Dazu', () => {
    expect(byKey.get('elderly_beds')).toMatchObject({ value: 200, target: null, met: null });
  });

  it('nursing-bed share 100 / 200 = 50 % < 60 %; T2 (20 %) falls short, T1 (60 %) does not', () => {
    expect(byKey.get('nursing_bed_share')).toMatchObject({ value: 0.5, target: 0.6, met: false });
    expect(byKey.get('nursing_bed_share')!.failingTowns).toEqual([{ code: T2, name: '二镇', value: 0.2 }]);
  });

  it('government-operated share 100 / 200 = 50 % > 40 %; T1 (67 %) is over', () => {
    expect(byKey.get('government_operated_share')).toMatchObject({ value: 0.5, target: 0.4, met: false });
    expect(failing('government_operated_share')).toEqual([T1]);
  });

  it('towns with a comprehensive elderly centre: 1 of 2', () => {
    expect(byKey.get('towns_with_elderly_centre')).toMatchObject({ value: 0.5, target: 0.9, met: false });
    expect(failing('towns_with_elderly_centre')).toEqual([T2]);
  });

  it('public burial coverage: the cemetery at T1’s seat (8 km) does not reach T2’s seat (24 km away)', () => {
    expect(byKey.get('public_burial_coverage')).toMatchObject({ value: 0.5, target: 1, met: false });
    const [t2] = byKey.get('public_burial_coverage')!.failingTowns;
    expect(t2!.code).toBe(T2);
    expect(t2!.value).toBeGreaterThan(23_000);
  });

  it('community standards: urban C1 meets, C2 has no centre; rural V2 meets, V1 (50 m² for 200 households) does not', () => {
    expect(byKey.get('urban_community_standard')).toMatchObject({ value: 0.5, met: false });
    expect(failing('urban_community_standard')).toEqual([T2]);
    expect(byKey.get('rural_community_standard')).toMatchObject({ value: 0.5, met: false });
    expect(failing('rural_community_standard')).toEqual([T1]);
  });

  it('centre area per 100 households: 550 m² / 2000 households = 27.5 m² < 30', () => {
    expect(byKey.get('community_area_per_100_hh')).toMatchObject({ value: 27.5, target: 30, met: false });
    expect(byKey.get('community_area_per_100_hh')!.failingTowns).toEqual([
      { code: T2, name: '二镇', value: 12.5 },
    ]);
  });

  it('volunteer points: 1 of 3 centres', () => {
    expect(byKey.get('volunteer_point_share')).toMatchObject({ value: 0.333333, target: 1, met: false });
    expect(failing('volunteer_point_share')).toEqual([T1, T2]);
  });

  it('minors-protection stations: 1 of 2 towns = 50 %, met', () => {
    expect(byKey.get('towns_with_minors_station')).toMatchObject({ value: 0.5, target: 0.5, met: true });
    expect(failing('towns_with_minors_station')).toEqual([T1]);
  });

  it('Dazu has its published bed target of 10,000', async () => {
    const response = await ctx.app.inject({ url: '/api/indicators?district=500111' });
    const beds = response.json().indicators.find((i: Indicator) => i.key === 'elderly_beds');
    expect(beds.target).toBe(10000);
    expect(typeof beds.met).toBe('boolean');
  });

  it('unknown district → 404, bad code → 400', async () => {
    expect((await ctx.app.inject({ url: '/api/indicators?district=999997' })).statusCode).toBe(404);
    const bad = await ctx.app.inject({ url: '/api/indicators?district=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.district');
  });
});
