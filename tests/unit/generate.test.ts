// The demo-data generator: synthetic towns tile each real district outline, every point lies where it
// belongs, the schema's CHECK constraints hold, Dazu matches the counts in its plans, and the output is
// deterministic. The data set is generated once per file and shared by the tests.
import { createHash } from 'node:crypto';
import {
  area,
  bbox,
  booleanPointInPolygon,
  booleanValid,
  featureCollection,
  intersect,
  lineString,
  multiPolygon,
  point,
  pointToLineDistance,
  union,
} from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS, generateDemo } from '../../data/generate.ts';
import type { DemoDataset, DemoTown } from '../../server/db/dataset-types.ts';

const data: DemoDataset = generateDemo();
const townByCode = new Map(data.towns.map((t) => [t.code, t]));
const villageByCode = new Map(data.villages.map((v) => [v.code, v]));
const townFeature = (t: DemoTown): Feature<MultiPolygon> => multiPolygon(t.geom.coordinates);
const sha256 = (d: DemoDataset) => createHash('sha256').update(JSON.stringify(d)).digest('hex');

function boxesOverlap(a: number[], b: number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}

describe.each(DEMO_DISTRICTS.map((code) => [code]))('district %s', (code) => {
  const district = data.districts.find((d) => d.code === code)!;
  const towns = data.towns.filter((t) => t.district_code === code);
  const outline = multiPolygon(district.outline.coordinates);
  const outlineArea = area(outline);

  it('has valid town polygons that tile the outline: no gap, no overlap', () => {
    for (const t of towns) expect(booleanValid(townFeature(t)), t.name).toBe(true);
    const sum = towns.reduce((s, t) => s + area(townFeature(t)), 0);
    expect(Math.abs(sum - outlineArea) / outlineArea).toBeLessThan(0.001);

    let overlap = 0;
    const boxes = towns.map((t) => bbox(townFeature(t)));
    for (let i = 0; i < towns.length; i++)
      for (let j = i + 1; j < towns.length; j++) {
        if (!boxesOverlap(boxes[i]!, boxes[j]!)) continue;
        const both = intersect(featureCollection([townFeature(towns[i]!), townFeature(towns[j]!)]));
        if (both) overlap += area(both);
      }
    expect(overlap / outlineArea).toBeLessThan(1e-5);

    const all = union(featureCollection(towns.map(townFeature) as Feature<Polygon | MultiPolygon>[]))!;
    expect(Math.abs(area(all) - outlineArea) / outlineArea).toBeLessThan(0.001);
    const common = intersect(featureCollection([all, outline] as Feature<Polygon | MultiPolygon>[]))!;
    expect(Math.abs(area(common) - outlineArea) / outlineArea).toBeLessThan(0.001);
  });

  it('puts every town seat and village inside its own town', () => {
    for (const t of towns) expect(booleanPointInPolygon(t.seat, townFeature(t)), t.name).toBe(true);
    for (const v of data.villages.filter((x) => x.district_code === code)) {
      expect(booleanPointInPolygon(v.geom, townFeature(townByCode.get(v.town_code)!)), v.name).toBe(true);
      expect(v.elderly_population).toBeLessThanOrEqual(v.population);
    }
  });

  it("puts every facility inside its town, village-level ones in their village's town", () => {
    for (const f of data.facilities.filter((x) => x.district_code === code)) {
      const town = townByCode.get(f.town_code!)!;
      expect(booleanPointInPolygon(f.geom, townFeature(town)), f.name).toBe(true);
      if (f.village_code) expect(villageByCode.get(f.village_code)!.town_code).toBe(f.town_code);
    }
  });

  it('places markers on their line (≤ 50 m) and numbers them 001… along it', () => {
    const lines = data.boundaryLines.filter((l) => l.district_code === code);
    expect(lines.length).toBeGreaterThan(towns.length);
    let markers = 0;
    for (const line of lines) {
      const parts = line.geom.coordinates.map((c) => lineString(c));
      const numbers: string[] = [];
      for (const m of line.markers) {
        const metres = Math.min(
          ...parts.map((p) => pointToLineDistance(point(m.geom.coordinates), p, { units: 'meters' })),
        );
        expect(metres, `${line.code} ${m.number}`).toBeLessThanOrEqual(50);
        expect(m.number).toMatch(/^[0-9]{3}[ABCDEQ]$/);
        const letter = m.number.slice(3);
        expect({ single: 'Q', double: 'AB', triple: 'CDE' }[m.marker_type]).toContain(letter);
        if (numbers[numbers.length - 1] !== m.number.slice(0, 3)) numbers.push(m.number.slice(0, 3));
      }
      expect(numbers).toEqual(numbers.map((_, i) => String(i + 1).padStart(3, '0')));
      expect(new Set(line.markers.map((m) => m.number)).size).toBe(line.markers.length);
      markers += line.markers.length;
    }
    expect(markers).toBeGreaterThan(150);
  });
});

describe('schema constraints', () => {
  it('holds for codes, enums and cross-field checks', () => {
    for (const t of data.towns) expect(t.code).toMatch(/^[0-9]{9}$/);
    for (const v of data.villages) expect(v.code).toMatch(/^[0-9]{12}$/);
    for (const f of data.facilities) {
      expect(f.code).toMatch(/^[0-9]{6}-F[0-9]{4}$/);
      if (f.nursing_beds !== null) expect(f.nursing_beds).toBeLessThanOrEqual(f.beds ?? 0);
      if (f.phone !== null) expect(f.phone).toMatch(/^[0-9+() -]{3,30}$/);
      expect(f.name.length).toBeLessThanOrEqual(120);
      expect((f.address ?? '').length).toBeLessThanOrEqual(200);
    }
    for (const l of data.boundaryLines) {
      expect(l.code).toMatch(/^[0-9]{6}-L[0-9]{3}$/);
      expect(l.left_unit_code).not.toBe(l.right_unit_code);
      if (l.status === 'delimited') expect(l.agreement_number).toMatch(/^.+勘〔\d{4}〕第\d{3}号$/);
    }
    for (const p of data.placeNames) {
      expect(p.code).toMatch(/^[0-9]{6}-P[0-9]{5}$/);
      expect(p.protection_list === null).toBe(p.protection_year === null);
      for (const a of p.aliases)
        if (a.valid_from && a.valid_to) expect(a.valid_from <= a.valid_to).toBe(true);
    }
    const codes = [...data.facilities, ...data.placeNames, ...data.boundaryLines].map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('Dazu (500111)', () => {
  const count = (subtype: string) =>
    data.facilities.filter((f) => f.district_code === '500111' && f.subtype === subtype).length;

  it('has the real 27 towns/streets and 309 villages/communities', () => {
    expect(data.towns.filter((t) => t.district_code === '500111')).toHaveLength(27);
    expect(data.villages.filter((v) => v.district_code === '500111')).toHaveLength(309);
    expect(data.villages.find((v) => v.code === '500111001001')?.name).toBe('学坝社区');
  });

  it('has the facility counts of the plans', () => {
    expect(count('town_centre')).toBe(21);
    expect(count('village_point')).toBe(201);
    expect(count('funeral_home')).toBe(1);
    expect(count('rural_public_cemetery')).toBe(14);
    expect(count('funeral_service_point')).toBe(7);
    const beds = data.facilities
      .filter((f) => f.district_code === '500111')
      .reduce((s, f) => s + (f.beds ?? 0), 0);
    expect(beds).toBeGreaterThan(7000);
    expect(beds).toBeLessThan(8000);
  });

  it("lists the five names on Chongqing's first historical place-name protection list", () => {
    const listed = data.placeNames.filter((p) => p.district_code === '500111' && p.is_historical);
    expect(listed.map((p) => p.name).sort()).toEqual(
      ['巴岳山', '宝顶山', '濑溪河', '龙水镇', '邮亭铺'].sort(),
    );
    for (const p of listed) {
      expect(p.protection_list).toBe('重庆市第一批历史地名保护名录');
      expect(p.protection_batch).toBe(1);
      expect(p.protection_year).not.toBeNull();
    }
    expect(data.placeNames.find((p) => p.name === '龙水镇')?.pinyin).toBe('Lóngshuǐ Zhèn');
  });
});

describe('determinism', () => {
  // A second full generation: allow for a busy 2-core machine.
  it('produces the same data set twice', { timeout: 60_000 }, () => {
    expect(sha256(generateDemo())).toBe(sha256(data));
  });
});
