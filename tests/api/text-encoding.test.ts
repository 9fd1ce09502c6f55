// Text that reaches a header, an SVG/PDF or a query is encoded for it. Every download route names
// its file through one RFC 6266/5987 header (a quote in a line code cannot add a parameter, a
// Chinese code cannot make the header a 500); control characters in a record's text do not break
// a label; CQL2 too deep or outside a CRS's area is a coded 400 naming `filter`, in both languages.
// Real app, real PostGIS; the records made here are removed afterwards.
import { parse as parseDisposition } from 'content-disposition';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProblem } from '../../server/contract/problems.ts';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper (beforeAll/afterAll), not a React hook
const ctx = useTestApp();
const CODES = { quote: 'TXT-"; filename="evil.exe', chinese: '渝川界线甲', controls: 'TXT-CTRL' };
const lines: Record<keyof typeof CODES, number> = { quote: 0, chinese: 0, controls: 0 };
let marker = 0;
let town = '';

async function removeRecords(): Promise<void> {
  const codes = Object.values(CODES);
  await sql`DELETE FROM boundary_markers WHERE line_id IN (SELECT id FROM boundary_lines WHERE code = ANY(${codes}))`.execute(
    ctx.app.db,
  );
  await sql`DELETE FROM boundary_lines WHERE code = ANY(${codes})`.execute(ctx.app.db);
}

beforeAll(async () => {
  await removeRecords();
  // Text written before the API refused control characters (or by SQL): a label must still render.
  for (const [key, code] of Object.entries(CODES) as [keyof typeof CODES, string][]) {
    const name = key === 'controls' ? '\u0001东\u0007线\u001b[31m\u0000\u007f\u0085界' : `测试界线 ${key}`;
    const { rows } = await sql<{ id: string }>`
      INSERT INTO boundary_lines (code, name, level, district_code, left_unit_code, left_unit_name,
        right_unit_code, right_unit_name, status, geom, origin)
      SELECT ${code}, ${name.replace('\u0000', '')}, level, district_code, left_unit_code, left_unit_name,
        right_unit_code, right_unit_name, 'undelimited', geom, origin
      FROM boundary_lines WHERE deleted_at IS NULL ORDER BY id LIMIT 1 RETURNING id::text AS id`.execute(
      ctx.app.db,
    );
    lines[key] = Number(rows[0]!.id);
    const added = await sql<{ id: string }>`
      INSERT INTO boundary_markers (line_id, number, marker_type, material, condition, geom, origin)
      SELECT l.id, '001Q', 'single', 'granite', 'intact', ST_LineInterpolatePoint(ST_GeometryN(l.geom, 1), 0.5), l.origin
      FROM boundary_lines l WHERE l.id = ${lines[key]} RETURNING id::text AS id`.execute(ctx.app.db);
    if (key === 'controls') marker = Number(added.rows[0]!.id);
  }
  const towns = await sql<{ code: string }>`SELECT town_code AS code FROM place_names
    WHERE town_code IS NOT NULL GROUP BY town_code ORDER BY count(*) DESC LIMIT 1`.execute(ctx.app.db);
  town = towns.rows[0]!.code;
});
afterAll(removeRecords);

const get = (url: string, remoteAddress = '10.5.0.1') =>
  ctx.app.inject({ method: 'GET', url, remoteAddress });

/** The header parsed strictly (RFC 6266); a second `filename` or a bad quote makes `parse` throw. */
function disposition(header: unknown) {
  expect(typeof header).toBe('string');
  const parsed = parseDisposition(header as string);
  // Exactly the one name, as `filename` (ASCII fallback) and, when not ASCII, `filename*` (RFC 5987).
  expect(Object.keys(parsed.parameters).filter((k) => k !== 'filename')).toEqual([]);
  return parsed;
}

describe('Content-Disposition on every download route', () => {
  it('a quote in a line code stays inside the one file name', async () => {
    const r = await get(`/api/labels/boundary-lines/${lines.quote}/markers.pdf`);
    expect(r.statusCode).toBe(200);
    const parsed = disposition(r.headers['content-disposition']);
    expect(parsed.type).toBe('inline');
    expect(parsed.parameters.filename).toBe('markers-TXT-_; filename=_evil.exe.pdf');
    expect(String(r.headers['content-disposition'])).not.toMatch(/filename="evil/);
  });

  it('a Chinese line code: the A4 sheet is served, named in Chinese (filename*) with an ASCII fallback', async () => {
    const r = await get(`/api/labels/boundary-lines/${lines.chinese}/markers.pdf`, '10.5.0.2');
    expect(r.statusCode).toBe(200);
    expect(r.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(String(r.headers['content-disposition'])).toMatch(/filename\*=UTF-8''/);
    expect(disposition(r.headers['content-disposition']).parameters.filename).toBe('markers-渝川界线甲.pdf');
  });

  it('every label and export route sends a header that parses to one file name', async () => {
    const urls = [
      `/api/labels/boundary-markers/${marker}.png`,
      `/api/labels/boundary-markers/${marker}.pdf`,
      `/api/labels/boundary-lines/${lines.controls}/markers.pdf`,
      `/api/labels/towns/${town}/place-names.pdf`,
      ...['geojson', 'csv', 'shp', 'gpkg', 'xlsx'].map((f) => `/api/exports/villages.${f}?district=500111`),
    ];
    const place = await sql<{
      id: string;
    }>`SELECT id::text AS id FROM place_names ORDER BY id LIMIT 1`.execute(ctx.app.db);
    urls.push(
      `/api/labels/place-names/${place.rows[0]!.id}.png`,
      `/api/labels/place-names/${place.rows[0]!.id}.pdf`,
    );
    for (const [i, url] of urls.entries()) {
      const r = await get(url, `10.5.1.${i + 1}`);
      expect(r.statusCode, url).toBe(200);
      expect(disposition(r.headers['content-disposition']).parameters.filename, url).toMatch(
        /^[^"\\/]+\.\w+/,
      );
    }
  });
});

describe('labels of text with control characters', () => {
  it('the PNG renders (no 500), with the text that can be drawn', async () => {
    const r = await get(`/api/labels/boundary-markers/${marker}.png`, '10.5.2.1');
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    const meta = await sharp(r.rawPayload).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(1000);
  });

  it('the PDF and the sheet render too', async () => {
    expect((await get(`/api/labels/boundary-markers/${marker}.pdf`, '10.5.2.2')).statusCode).toBe(200);
    expect(
      (await get(`/api/labels/boundary-lines/${lines.controls}/markers.pdf`, '10.5.2.3')).statusCode,
    ).toBe(200);
  });
});

describe('CQL2 filters that cannot be run are 400s naming filter', () => {
  const items = (query: Record<string, string>) =>
    ctx.app.inject({
      method: 'GET',
      url: '/api/collections/facilities/items',
      query: { limit: '1', ...query },
    });

  const expectProblem = async (query: Record<string, string>, field: string, code: string) => {
    const r = await items(query);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(400);
    const detail = r.json().error.details[0];
    expect(detail).toMatchObject({ field, code });
    expect(renderProblem(detail, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    expect(renderProblem(detail, 'en')).toBe(detail.problem);
    return detail;
  };

  it('3,000 nested NOT (text), 3,000 parentheses, and 3,000 nested not (JSON)', async () => {
    await expectProblem({ filter: `${'NOT '.repeat(3000)}"code" = 'x'` }, 'query.filter', 'filter_too_deep');
    await expectProblem(
      { filter: `${'('.repeat(3000)}"code" = 'x'${')'.repeat(3000)}` },
      'query.filter',
      'filter_too_deep',
    );
    const json = `${'{"op":"not","args":['.repeat(3000)}true${']}'.repeat(3000)}`;
    // Longer than the 20,000 characters a filter may have: the schema's own 400 first.
    expect((await items({ filter: json, 'filter-lang': 'cql2-json' })).statusCode).toBe(400);
    const deep = `${'{"op":"not","args":['.repeat(300)}true${']}'.repeat(300)}`;
    await expectProblem({ filter: deep, 'filter-lang': 'cql2-json' }, 'query.filter', 'filter_too_deep');
  });

  it('nesting a real filter needs is still served', async () => {
    const r = await items({ filter: `${'NOT '.repeat(10)}"code" = 'x'` });
    expect(r.statusCode).toBe(200);
  });

  it('S_INTERSECTS with a huge BBOX in filter-crs EPSG:4545; a bbox parameter likewise', async () => {
    const detail = await expectProblem(
      {
        filter: 'S_INTERSECTS(geometry, BBOX(-1e10, -1e10, 1e10, 1e10))',
        'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/4545',
      },
      'query.filter',
      'outside_crs_domain',
    );
    expect(detail.params.crs).toContain('4545');
    await expectProblem(
      { bbox: '-1e10,-1e10,1e10,1e10', 'bbox-crs': 'http://www.opengis.net/def/crs/EPSG/0/4545' },
      'query.bbox',
      'outside_crs_domain',
    );
  });

  it('a box inside the zone is served', async () => {
    // Northing/easting order (the CRS's axis order), around 大足 in CGCS2000 3° CM 108E.
    const r = await items({
      filter: 'S_INTERSECTS(geometry, BBOX(3270000, 160000, 3320000, 230000))',
      'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/4545',
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  });
});
