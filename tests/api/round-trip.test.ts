// Every export re-imports as updates of the same records: each collection in each format, downloaded
// and dry-run back into the same collection, finds every row valid and every record already there
// (0 new). Dry runs only, so the shared demo data is never changed. A CSV Excel re-saved as GBK
// (its ="…" codes gone plain) matches its records too.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper (beforeAll/afterAll), not a React hook
const ctx = useTestApp();
let admin = '';

beforeAll(async () => {
  admin = await signIn(ctx.app, 'admin', 'test-roundtrip-admin');
});

const FORMATS = ['geojson', 'csv', 'xlsx', 'gpkg', 'shp'] as const;
/** Each collection with a filter small enough for a quick dry run, and its table for the count. */
const COLLECTIONS = [
  {
    id: 'facilities',
    filter: 'district=500111&town=500111003',
    count: sql`SELECT count(*)::int AS n FROM facilities WHERE town_code = '500111003'`,
  },
  {
    id: 'villages',
    filter: 'district=500111&town=500111003',
    count: sql`SELECT count(*)::int AS n FROM villages WHERE town_code = '500111003'`,
  },
  {
    id: 'place-names',
    filter: 'district=500111&town=500111003',
    count: sql`SELECT count(*)::int AS n FROM place_names WHERE town_code = '500111003'`,
  },
  {
    id: 'towns',
    filter: 'district=500241',
    count: sql`SELECT count(*)::int AS n FROM towns WHERE district_code = '500241'`,
  },
  {
    id: 'boundary-lines',
    filter: 'district=500241',
    count: sql`SELECT count(*)::int AS n FROM boundary_lines WHERE district_code = '500241' AND deleted_at IS NULL`,
  },
  {
    id: 'boundary-markers',
    filter: 'district=500241',
    count: sql`SELECT count(*)::int AS n FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
      WHERE l.district_code = '500241' AND m.deleted_at IS NULL AND l.deleted_at IS NULL`,
  },
] as const;

async function download(url: string): Promise<Buffer> {
  const response = await ctx.app.inject({ method: 'GET', url, headers: { cookie: admin } });
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.rawPayload;
}

async function dryRun(collection: string, name: string, data: Buffer, encoding = 'auto') {
  const body = multipartBody({ collection, mode: 'dry-run', encoding }, { name, data });
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/imports',
    payload: body.payload,
    headers: { ...body.headers, cookie: admin, ...FROM_APP },
  });
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  return response.json();
}

describe('export → import round trip', () => {
  for (const collection of COLLECTIONS)
    for (const format of FORMATS)
      it(`${collection.id}.${format} re-imports as updates of the same records`, async () => {
        const n = (await collection.count.execute(ctx.app.db)).rows[0] as { n: number };
        expect(n.n).toBeGreaterThan(0);
        const data = await download(`/api/exports/${collection.id}.${format}?${collection.filter}`);
        const extension = format === 'shp' ? 'shp.zip' : format;
        const report = await dryRun(collection.id, `${collection.id}.${extension}`, data);
        expect(report.problems.slice(0, 5)).toEqual([]);
        expect(report).toMatchObject({ rowsRead: n.n, rowsValid: n.n, toInsert: 0, toUpdate: n.n });
      });

  it('a CSV that Excel re-saved as GBK, codes plain, still matches its records by code', async () => {
    const data = await download('/api/exports/villages.csv?district=500111&town=500111003');
    // What Excel writes back: the shown values (="…" gone), in the system's GBK code page.
    const text = data
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .replace(/"=""(\d+)"""/g, '$1');
    const { default: iconv } = await import('iconv-lite');
    const gbk = iconv.encode(text, 'gbk');
    const report = await dryRun('villages', '村社区-另存为.csv', gbk);
    expect(report.encoding).toBe('gbk');
    expect(report.problems.slice(0, 5)).toEqual([]);
    expect(report.toInsert).toBe(0);
    expect(report.toUpdate).toBe(report.rowsRead);
  });
});
