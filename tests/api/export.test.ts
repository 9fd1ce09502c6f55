// Exports: each collection as GeoJSON and as CSV (UTF-8 with BOM), filtered by
// district, town, category and bbox; streamed in keyset batches (complete, valid, no duplicates);
// CSV cells are guarded against formulas and codes kept as text. GDAL formats: export-formats.test.ts.
import { parse as parseDisposition } from 'content-disposition';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { undoCodeAsText } from '../../server/contract/csv.ts';
import { EXPORT_BATCH_ROWS } from '../../server/modules/exports/exports.routes.ts';
import { COLLECTIONS_BY_ID } from '../../server/modules/features/collections.ts';
import { featureBatches } from '../../server/modules/features/features.repository.ts';
import { useTestApp } from '../helpers/app.ts';
import { readCsvText } from '../helpers/csv.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

const get = (url: string, cookie?: string) =>
  ctx.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });

describe('GET /api/exports/{collection}.{format}', () => {
  it('exports facilities of one district and category as GeoJSON', async () => {
    const response = await get('/api/exports/facilities.geojson?district=500111&category=elderly_care');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/geo\+json/);
    const disposition = parseDisposition(String(response.headers['content-disposition']));
    expect(disposition.type).toBe('attachment');
    expect(disposition.parameters.filename).toMatch(/^facilities-500111-/);
    const body = response.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.length).toBeGreaterThan(10);
    for (const f of body.features) {
      expect(f.properties).toMatchObject({ districtCode: '500111', category: 'elderly_care' });
      expect(f.geometry.type).toBe('Point');
    }
  });

  it('exports CSV with a BOM, Chinese names, lon/lat columns, codes as ="…"; facility service numbers for everyone', async () => {
    const response = await get('/api/exports/facilities.csv?district=500111&town=500111001');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    const raw = response.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, rows } = await readCsvText(response.body);
    expect(header).toEqual(expect.arrayContaining(['code', 'name', 'townCode', 'lon', 'lat']));
    // The key is the code: no database id (the import reads a column called id as the code).
    expect(header).not.toContain('id');
    expect(header).toContain('phone'); // an institution's service number is public
    expect(rows.length).toBeGreaterThan(1);
    const townAt = header.indexOf('townCode');
    for (const row of rows) {
      expect(row[townAt]).toBe('="500111001"');
      expect(undoCodeAsText(row[townAt]!)).toBe('500111001');
    }
    const { rows: db } = await sql<{ code: string; name: string }>`
      SELECT code, name FROM facilities WHERE town_code = '500111001'`.execute(ctx.app.db);
    const codeAt = header.indexOf('code');
    const nameAt = header.indexOf('name');
    expect(new Map(rows.map((r) => [r[codeAt], r[nameAt]]))).toEqual(
      new Map(db.map((r) => [r.code, r.name])),
    );
  });

  it('neutralises formulas in CSV cells: a facility named =HYPERLINK(…) and an address -1+cmd|…', async () => {
    const code = `EXPT-FORMULA-${process.pid}`;
    const name = '=HYPERLINK("http://evil.example/","点这里")';
    const address = "-1+cmd|' /C calc'!A0";
    await sql`INSERT INTO facilities (code, category, subtype, name, address, operator, status, district_code, geom, origin)
      SELECT ${code}, category, subtype, ${name}, ${address}, 'public', 'planned', '500111',
        ST_SetSRID(ST_MakePoint(105.61234, 29.41234), 4326), 'manual'
      FROM facility_subtypes WHERE category = 'community' LIMIT 1`.execute(ctx.app.db);
    try {
      const response = await get('/api/exports/facilities.csv?bbox=105.6123,29.4123,105.6124,29.4124');
      expect(response.statusCode).toBe(200);
      const { header, rows } = await readCsvText(response.body);
      const row = rows.find((r) => r[header.indexOf('code')] === code);
      expect(row?.[header.indexOf('name')]).toBe(`'${name}`);
      expect(row?.[header.indexOf('address')]).toBe(`'${address}`);
      // A negative number in a text column would stay a number; real numbers are never touched.
      expect(row?.[header.indexOf('lon')]).toBe('105.61234');
    } finally {
      await sql`DELETE FROM facilities WHERE code = ${code}`.execute(ctx.app.db);
    }
  });

  it('streams a whole collection complete: valid GeoJSON, every matched feature once, no database ids', async () => {
    const count = (await get('/api/collections/facilities/items?limit=1')).json().numberMatched as number;
    // Several keyset batches, so the joins between batches are in the file too.
    expect(count).toBeGreaterThan(2 * EXPORT_BATCH_ROWS);
    const response = await get('/api/exports/facilities.geojson');
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.length).toBe(count);
    const codes = body.features.map((f: { properties: { code: string } }) => f.properties.code);
    expect(new Set(codes).size).toBe(count);
    for (const f of body.features) {
      expect(f.id).toBeUndefined();
      expect(f.properties.id).toBeUndefined();
    }
  });

  it('streams a whole collection complete as CSV: one record per matched feature, codes unique', async () => {
    const count = (await get('/api/collections/facilities/items?limit=1')).json().numberMatched as number;
    const response = await get('/api/exports/facilities.csv');
    expect(response.statusCode).toBe(200);
    const { header, rows } = await readCsvText(response.body);
    expect(rows.length).toBe(count);
    const codes = rows.map((r) => r[header.indexOf('code')]);
    expect(new Set(codes).size).toBe(count);
    for (const row of rows) expect(row.length).toBe(header.length);
  });

  it('reads in keyset batches: small batches give exactly the rows of one query, in order', async () => {
    const def = COLLECTIONS_BY_ID.get('facilities')!;
    const query = { district: '500111', filters: {} };
    const batches: number[] = [];
    const codes: string[] = [];
    for await (const batch of featureBatches(ctx.app.db, def, query, { code: 'f.code', id: 'f.id' }, 97)) {
      batches.push(batch.length);
      for (const row of batch) codes.push(String(row.properties.code));
    }
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM facilities WHERE district_code = '500111' ORDER BY id`.execute(ctx.app.db);
    expect(codes).toEqual(rows.map((r) => r.code));
    expect(batches.length).toBe(Math.ceil(rows.length / 97));
    expect(batches.slice(0, -1).every((n) => n === 97)).toBe(true);
  });

  it('filters by bbox and writes WKT for polygons', async () => {
    const inside = await get('/api/exports/villages.geojson?bbox=105.70,29.69,105.74,29.72');
    const features = inside.json().features as { geometry: { coordinates: [number, number] } }[];
    expect(features.length).toBeGreaterThan(0);
    for (const f of features) {
      expect(f.geometry.coordinates[0]).toBeGreaterThanOrEqual(105.7);
      expect(f.geometry.coordinates[1]).toBeLessThanOrEqual(29.72);
    }
    const towns = await get('/api/exports/towns.csv?district=500111');
    expect(towns.body.split('\r\n')[0]).toMatch(/,wkt$/);
    expect(towns.body).toMatch(/"MULTIPOLYGON \(\(\(/);
  });

  it('answers 400 for filters a collection does not have, and for unknown collections', async () => {
    expect((await get('/api/exports/boundary-markers.csv?category=funeral')).statusCode).toBe(400);
    expect((await get('/api/exports/facilities.csv?bbox=1,2,3')).statusCode).toBe(400);
    expect((await get('/api/exports/secrets.csv')).statusCode).toBe(400);
    expect((await get('/api/exports/facilities.pdf')).statusCode).toBe(400);
  });

  it('names the bad parameter in JSON 4xx errors', async () => {
    const cases: [string, string][] = [
      ['/api/exports/facilities.csv?bbox=1,2,3', 'query.bbox'],
      ['/api/exports/boundary-markers.geojson?category=funeral', 'query.category'],
      ['/api/exports/towns.gpkg?town=500111001', 'query.town'],
      ['/api/exports/facilities.xlsx?district=5001', 'query.district'],
      ['/api/exports/facilities.csv?colour=red', 'query.colour'],
      ['/api/exports/facilities.pdf', 'params.format'],
      ['/api/exports/secrets.shp', 'params.collection'],
    ];
    for (const [url, field] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      const fields = response.json().error.details.map((d: { field: string }) => d.field);
      expect(fields, url).toContain(field);
    }
  });

  it('declares every format’s media type and the JSON errors in the OpenAPI document', async () => {
    const spec = (await get('/docs/json')).json();
    const route = spec.paths['/api/exports/{collection}.{format}'].get;
    expect(Object.keys(route.responses['200'].content).sort()).toEqual(
      [
        'application/geo+json',
        'application/geopackage+sqlite3',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/zip',
        'text/csv',
      ].sort(),
    );
    for (const status of ['400', '503'])
      expect(route.responses[status].content['application/json'].schema.properties).toHaveProperty('error');
    const format = route.parameters.find((p: { name: string }) => p.name === 'format');
    expect(format.schema.enum).toEqual(['geojson', 'csv', 'shp', 'gpkg', 'xlsx']);
  });
});
