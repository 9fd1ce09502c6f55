// OGC API – Features Parts 1–3 against the real app and database: landing page, conformance,
// links, bbox by intersection (6 numbers, antimeridian, bbox-crs), datetime, capped limit,
// schema and queryables, CQL2 text and JSON (with what must be refused), and Part 2 CRS output
// checked against proj4's own Gauss-Krüger projection.
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';

interface Page extends FeatureCollection {
  numberMatched: number;
  numberReturned: number;
  links: { rel: string; href: string }[];
  error: { details: { field: string; problem: string }[] };
}

import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper, not a React hook
const ctx = useTestApp();
const DAZU = '500111';
const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await ctx.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
};
const items = async (collection: string, query: string) =>
  get(`/api/collections/${collection}/items?${query}`) as Promise<{
    status: number;
    headers: Record<string, unknown>;
    body: Page;
  }>;
const ids = (fc: FeatureCollection) => fc.features.map((f) => f.id).sort();

describe('landing page and conformance', () => {
  it('links to the API definition, docs, conformance and data, and every link resolves', async () => {
    const { status, body } = await get('/api');
    expect(status).toBe(200);
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
    expect(Object.keys(rels).sort()).toEqual(
      ['conformance', 'data', 'self', 'service-desc', 'service-doc'].sort(),
    );
    for (const rel of ['conformance', 'data', 'service-desc']) {
      const path = new URL(rels[rel]).pathname;
      expect((await ctx.app.inject({ method: 'GET', url: path })).statusCode, rel).toBe(200);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/' })).statusCode).toBe(200);
  });

  it('claims core, GeoJSON, OpenAPI, CRS, filter and CQL2 classes', async () => {
    const { body } = await get('/api/conformance');
    for (const c of [
      'ogcapi-features-1/1.0/conf/core',
      'ogcapi-features-2/1.0/conf/crs',
      'ogcapi-features-3/1.0/conf/filter',
      'cql2/1.0/conf/cql2-text',
    ])
      expect(body.conformsTo).toContain(`http://www.opengis.net/spec/${c}`);
    expect(body.conformsTo.some((c: string) => c.endsWith('/conf/html'))).toBe(false); // no HTML encoding
  });

  it('describes collections with extents of their data, CRS lists and links', async () => {
    const { body } = await get('/api/collections/facilities');
    const all = await items('facilities', 'limit=10000');
    const [w, s, e, n] = turf.bbox(all.body);
    const [bw, bs, be, bn] = body.extent.spatial.bbox[0];
    expect([bw, bs, be, bn].map((v: number) => Math.round(v * 1e4))).toEqual(
      [w, s, e, n].map((v) => Math.round(v * 1e4)),
    );
    expect(body.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/4544');
    expect(body.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(body.links.map((l: { rel: string }) => l.rel)).toEqual(
      expect.arrayContaining([
        'self',
        'items',
        'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        'describedby',
      ]),
    );
  });
});

describe('items: bbox, datetime, limit, links', () => {
  it('bbox means the geometry intersects the box, not its envelope', async () => {
    const towns = (await items('towns', `district=${DAZU}&limit=1000`)).body;
    // A small box at the north-east corner of each town's envelope: usually outside the town itself.
    let checked = 0;
    for (const town of towns.features.slice(0, 12)) {
      const [, , e, n] = turf.bbox(town);
      const box = [e - 0.004, n - 0.004, e - 0.001, n - 0.001] as [number, number, number, number];
      const boxPolygon = turf.bboxPolygon(box);
      const expected = towns.features
        .filter((t) => turf.booleanIntersects(t as Feature<Polygon>, boxPolygon))
        .map((t) => t.id);
      const byEnvelope = towns.features.filter((t) => {
        const [tw, ts, te, tn] = turf.bbox(t);
        return tw <= box[2] && te >= box[0] && ts <= box[3] && tn >= box[1];
      });
      const got = await items('towns', `district=${DAZU}&bbox=${box.join(',')}`);
      expect(ids(got.body)).toEqual(expected.sort());
      if (byEnvelope.length > expected.length) checked++;
    }
    expect(checked, 'some boxes touch envelopes but not towns').toBeGreaterThan(0);
  });

  it('takes 6 numbers and boxes across the antimeridian', async () => {
    const plain = await items('facilities', 'bbox=100,20,110,40&limit=1');
    const six = await items('facilities', 'bbox=100,20,-100,110,40,9000&limit=1');
    // West 170 to east 110, the long way round: covers Chongqing too.
    const across = await items('facilities', 'bbox=170,20,110,40&limit=1');
    const nothing = await items('facilities', 'bbox=170,20,-170,40&limit=1');
    expect(plain.body.numberMatched).toBeGreaterThan(0);
    expect(six.body.numberMatched).toBe(plain.body.numberMatched);
    expect(across.body.numberMatched).toBe(plain.body.numberMatched);
    expect(nothing.status).toBe(200);
    expect(nothing.body.numberMatched).toBe(0);
  });

  it('reads bbox-crs in that CRS (EPSG:4326 is latitude first; a Gauss-Krüger zone is northing first)', async () => {
    const lonLat = await items('facilities', 'bbox=105.6,29.5,105.9,29.8&limit=1');
    const latLon = await items(
      'facilities',
      `bbox=29.5,105.6,29.8,105.9&bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4326')}&limit=1`,
    );
    expect(latLon.body.numberMatched).toBe(lonLat.body.numberMatched);
    const gk = proj4(
      'EPSG:4326',
      '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
    );
    const [e1, n1] = gk.forward([105.65, 29.55]);
    const [e2, n2] = gk.forward([105.85, 29.75]);
    const inZone = await items('facilities', `bbox=${n1},${e1},${n2},${e2}&bbox-crs=EPSG:4544&limit=10000`);
    const expected = (await items('facilities', 'limit=10000')).body.features.filter((f) => {
      const [e, n] = gk.forward((f.geometry as unknown as { coordinates: [number, number] }).coordinates);
      return e >= e1! && e <= e2! && n >= n1! && n <= n2!;
    });
    expect(ids(inZone.body)).toEqual(ids({ type: 'FeatureCollection', features: expected }));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('caps limit instead of refusing it, and pages with next/prev links', async () => {
    const capped = await items('villages', 'limit=50000');
    expect(capped.status).toBe(200);
    expect(capped.body.numberReturned).toBeLessThanOrEqual(10_000);
    const first = await items('villages', `district=${DAZU}&limit=7`);
    const next = first.body.links.find((l) => l.rel === 'next')!;
    const second = await get(new URL(next.href).pathname + new URL(next.href).search);
    expect(second.body.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(true);
    expect(second.body.features[0].id).not.toBe(first.body.features[0]!.id);
    for (const feature of first.body.features as (Feature & { links: { rel: string }[] })[])
      expect(feature.links.map((l) => l.rel)).toContain('self');
    expect(first.body.links.map((l) => l.rel)).toEqual(
      expect.arrayContaining(['self', 'collection', 'next']),
    );
  });

  it('datetime: place names in force at a time; records changed in an interval', async () => {
    const all = (await items('place-names', 'limit=10000')).body.features;
    const approved = (f: Feature) => f.properties?.approvedDate as string | null;
    const at = '2000-06-01';
    const inForce = await items('place-names', `datetime=${at}&limit=10000`);
    expect(ids(inForce.body)).toEqual(
      ids({ type: 'FeatureCollection', features: all.filter((f) => !approved(f) || approved(f)! <= at) }),
    );
    expect(
      all.some((f) => approved(f) && approved(f)! > at),
      'some names are approved later',
    ).toBe(true);
    const future = await items('facilities', 'datetime=2999-01-01T00:00:00Z/..');
    expect(future.body.numberMatched).toBe(0);
    const recent = await items('facilities', 'datetime=2000-01-01/..&limit=1');
    expect(recent.body.numberMatched).toBe((await items('facilities', 'limit=1')).body.numberMatched);
    for (const bad of ['yesterday', '2024-13-01', '../..', '2024-02-01/2024-01-01'])
      expect((await items('place-names', `datetime=${encodeURIComponent(bad)}`)).status, bad).toBe(400);
    expect((await items('towns', 'datetime=2024-01-01')).status).toBe(400); // towns have no time
  });
});

describe('schema and queryables', () => {
  it('types each property as the database does, and declares one geometry type (or mixed)', async () => {
    const { body, headers } = await get('/api/collections/facilities/schema');
    expect(String(headers['content-type'])).toContain('application/schema+json');
    const props = body.properties.properties.properties;
    expect(props.beds.type).toBe('integer');
    expect(props.name.type).toBe('string');
    expect(body.properties.geometry.format).toBe('geometry-point');
    const names = await get('/api/collections/place-names/schema');
    expect(names.body.properties.properties.properties.approvedDate).toMatchObject({
      type: 'string',
      format: 'date',
    });
    expect(names.body.properties.properties.properties.isHistorical.type).toBe('boolean');
    expect(names.body.properties.geometry.format).toBe('geometry-any');
    expect((await get('/api/collections/place-names-polygons/schema')).body.properties.geometry.format).toBe(
      'geometry-polygon',
    );
    const polygons = await items('place-names-polygons', 'limit=10000');
    expect(new Set(polygons.body.features.map((f) => f.geometry.type))).toEqual(new Set(['Polygon']));
  });

  it('lists queryables without staff-only fields for anonymous callers', async () => {
    const anonymous = await get('/api/collections/boundary-markers/queryables');
    expect(anonymous.body.properties.condition.type).toBe('string');
    expect(anonymous.body.properties.geometry.format).toBe('geometry-point');
    expect(anonymous.body.properties.note).toBeUndefined();
    const staff = await get('/api/collections/boundary-markers/queryables', {
      cookie: await signIn(ctx.app, 'viewer'),
    });
    expect(staff.body.properties.note).toBeDefined();
    const refused = await items('boundary-markers', `filter=${encodeURIComponent("note LIKE '%'")}`);
    expect(refused.status).toBe(400);
  });
});

describe('CQL2 filters', () => {
  const facilities = async () => (await items('facilities', 'limit=10000')).body.features;
  const filtered = async (filter: string, lang = 'cql2-text') =>
    items('facilities', `limit=10000&filter-lang=${lang}&filter=${encodeURIComponent(filter)}`);

  it('text and JSON give the rows the same predicate picks', async () => {
    const all = await facilities();
    const expected = all.filter(
      (f) => f.properties!.category === 'elderly_care' && (f.properties!.beds ?? -1) >= 50,
    );
    expect(expected.length).toBeGreaterThan(0);
    const text = await filtered("category = 'elderly_care' AND beds >= 50");
    const json = await filtered(
      JSON.stringify({
        op: 'and',
        args: [
          { op: '=', args: [{ property: 'category' }, 'elderly_care'] },
          { op: '>=', args: [{ property: 'beds' }, 50] },
        ],
      }),
      'cql2-json',
    );
    expect(ids(text.body)).toEqual(ids({ type: 'FeatureCollection', features: expected }));
    expect(ids(json.body)).toEqual(ids(text.body));
  });

  it('IN, LIKE, BETWEEN, IS NULL, NOT and OR', async () => {
    const all = await facilities();
    const p = (f: Feature) =>
      f.properties as {
        subtype: string;
        name: string;
        beds: number | null;
        status: string;
        openedYear: number | null;
      };
    const cases: [string, (f: Feature) => boolean][] = [
      ["subtype IN ('funeral_home', 'cemetery')", (f) => ['funeral_home', 'cemetery'].includes(p(f).subtype)],
      ["name LIKE '%敬老院'", (f) => String(p(f).name).endsWith('敬老院')],
      ['beds BETWEEN 20 AND 60', (f) => (p(f).beds ?? -1) >= 20 && (p(f).beds ?? 99) <= 60],
      ['beds IS NULL', (f) => p(f).beds === null],
      [
        "NOT (status = 'operating') OR openedYear < 2000",
        (f) => p(f).status !== 'operating' || (p(f).openedYear ?? 9999) < 2000,
      ],
      [
        "status <> 'operating' AND NOT subtype NOT IN ('village_point')",
        (f) => p(f).status !== 'operating' && p(f).subtype === 'village_point',
      ],
    ];
    for (const [filter, predicate] of cases) {
      const expected = all.filter(predicate);
      const got = await filtered(filter);
      expect(got.status, filter).toBe(200);
      expect(ids(got.body), filter).toEqual(ids({ type: 'FeatureCollection', features: expected }));
    }
  });

  it('S_INTERSECTS with a polygon, and with a filter-crs', async () => {
    const box = 'POLYGON((105.6 29.5, 105.9 29.5, 105.9 29.8, 105.6 29.8, 105.6 29.5))';
    const spatial = await filtered(`S_INTERSECTS(geometry, ${box})`);
    const byBbox = await items('facilities', 'limit=10000&bbox=105.6,29.5,105.9,29.8');
    expect(ids(spatial.body)).toEqual(ids(byBbox.body));
    const latLon = await items(
      'facilities',
      `limit=10000&filter-crs=EPSG:4326&filter=${encodeURIComponent('S_INTERSECTS(geometry, BBOX(29.5, 105.6, 29.8, 105.9))')}`,
    );
    expect(ids(latLon.body)).toEqual(ids(byBbox.body));
  });

  it('a quote in a value stays a value: no filter can inject SQL', async () => {
    const injected = await filtered("name = 'x'' OR ''1''=''1'");
    expect(injected.status).toBe(200);
    expect(injected.body.numberMatched).toBe(0);
    const count = (await items('towns', 'limit=1')).body.numberMatched;
    expect((await filtered("name = 'a'; DELETE FROM towns")).status).toBe(400);
    expect((await filtered('"name = name OR true --" = 1')).status).toBe(400);
    expect((await items('towns', 'limit=1')).body.numberMatched).toBe(count);
  });

  it.each([
    ["CASEI(name) = 'x'", 'function'],
    ['beds + 1 > 2', "unexpected character '+'"],
    ["T_AFTER(openedYear, TIMESTAMP('2020-01-01T00:00:00Z'))", 'function'],
    ["name = 'x' AND", 'ends'],
    ['nope = 1', 'not a queryable'],
    ["beds = 'ten'", 'a number'],
    ['S_CROSSES(geometry, POINT(1 2))', 'function'],
    ['', 'empty'],
  ])('refuses %s with a 400 naming query.filter', async (filter, problem) => {
    const { status, body } = await filtered(filter);
    expect(status).toBe(400);
    expect(body.error.details[0]?.field).toBe('query.filter');
    expect(body.error.details[0]?.problem).toContain(problem);
  });

  it('a queryable as a query parameter is an equality (GDAL sends these)', async () => {
    const all = await facilities();
    const name = String(all[0]?.properties?.subtypeName);
    const got = await items('facilities', `limit=10000&subtypeName=${encodeURIComponent(name)}`);
    expect(ids(got.body)).toEqual(
      ids({
        type: 'FeatureCollection',
        features: all.filter((f) => f.properties?.subtypeName === name),
      }),
    );
    expect((await items('facilities', 'colour=red')).status).toBe(400);
  });
});

describe('coordinate reference systems (Part 2)', () => {
  it('answers in a CGCS2000 Gauss-Krüger zone, northing first, with Content-Crs', async () => {
    const wgs = await items('facilities', `district=${DAZU}&limit=5`);
    const zone = await items(
      'facilities',
      `district=${DAZU}&limit=5&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4544')}`,
    );
    expect(zone.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/EPSG/0/4544>');
    expect(wgs.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    const gk = proj4(
      'EPSG:4326',
      '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
    );
    wgs.body.features.forEach((f, i) => {
      const [e, n] = gk.forward((f.geometry as unknown as { coordinates: [number, number] }).coordinates);
      const [gotN, gotE] = (zone.body.features[i]!.geometry as unknown as { coordinates: [number, number] })
        .coordinates;
      expect(Math.abs(gotN - n!)).toBeLessThan(0.5);
      expect(Math.abs(gotE - e!)).toBeLessThan(0.5);
    });
  });

  it('EPSG:4490 and EPSG:4326 are latitude first; one feature too', async () => {
    const wgs = await items('villages', `district=${DAZU}&limit=1`);
    const feature = wgs.body.features[0]!;
    const [lon, lat] = (feature.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const one = await get(`/api/collections/villages/items/${feature.id}?crs=EPSG:4490`);
    expect(one.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/EPSG/0/4490>');
    const [a, b] = one.body.geometry.coordinates;
    expect(a).toBeCloseTo(lat, 5);
    expect(b).toBeCloseTo(lon, 5);
    expect((await items('villages', 'crs=EPSG:3857')).status).toBe(400);
  });
});
