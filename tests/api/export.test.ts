// Exports (issue 6 §2): each collection as GeoJSON and as CSV (UTF-8 with BOM), filtered by
// district, town, category and bbox; CSV round-trips through the importer's reader.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

const get = (url: string, cookie?: string) =>
  ctx.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });

describe('GET /api/exports/{collection}.{format}', () => {
  it('exports facilities of one district and category as GeoJSON', async () => {
    const response = await get('/api/exports/facilities.geojson?district=500111&category=elderly_care');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="facilities-500111-/);
    const body = response.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.length).toBeGreaterThan(10);
    for (const f of body.features) {
      expect(f.properties).toMatchObject({ districtCode: '500111', category: 'elderly_care' });
      expect(f.geometry.type).toBe('Point');
    }
  });

  it('exports CSV with a BOM, Chinese names, lon/lat columns; facility service numbers for everyone', async () => {
    const response = await get('/api/exports/facilities.csv?district=500111&town=500111001');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    const raw = response.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['code', 'name', 'townCode', 'lon', 'lat']));
    expect(header).toContain('phone'); // an institution's service number is public
    expect(lines.length).toBeGreaterThan(1);
    const townAt = header.indexOf('townCode');
    for (const line of lines.slice(1)) expect(line.split(',')[townAt]).toBe('500111001');
    expect(response.body).toMatch(/[\u4e00-\u9fff]/);

    const cookie = await signIn(ctx.app, 'planner', 'test-export-planner');
    const staff = await get('/api/exports/facilities.csv?district=500111&town=500111001', cookie);
    expect(staff.body.split('\r\n')[0]).toContain('phone');
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
    expect((await get('/api/exports/facilities.xlsx')).statusCode).toBe(400);
  });
});
