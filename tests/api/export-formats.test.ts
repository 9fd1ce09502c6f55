// Shapefile, GeoPackage and XLSX exports, read back with real GDAL (ogrinfo, ogr2ogr): the same
// rows as the OGC API for the same filter, the declared SRS, Chinese names as in the database,
// UTF-8 .cpg and .prj in the zip, Chinese XLSX headers with codes as text cells, no staff-only
// fields for anonymous callers, a Shapefile that re-imports as updates of the same records, and at
// most two GDAL exports at a time.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { iter } from 'but-unzip';
import { parse as parseDisposition } from 'content-disposition';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';
import { readCsvText } from '../helpers/csv.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
const run = promisify(execFile);
let tmp = '';
let planner = '';
let admin = '';
let fileNumber = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'civic-export-test-'));
  planner = await signIn(ctx.app, 'planner', 'test-export-formats-planner');
  admin = await signIn(ctx.app, 'admin', 'test-export-formats-admin');
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const get = (url: string, cookie?: string) =>
  ctx.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });

/** Downloads an export into the temp folder under the name the server suggests (GDAL goes by the extension). */
async function download(url: string, cookie?: string): Promise<string> {
  const response = await get(url, cookie);
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  const name = parseDisposition(String(response.headers['content-disposition'])).parameters.filename;
  expect(name).toBeDefined();
  const file = path.join(tmp, `${++fileNumber}-${name}`);
  await writeFile(file, response.rawPayload);
  return file;
}

/** `ogrinfo -so -al`: layer names, feature counts, SRS and fields, as text (GDAL 3.6 has no -json). */
async function ogrSummary(file: string): Promise<string> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', file], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
const featureCount = (summary: string) =>
  [...summary.matchAll(/^Feature Count: (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
const layerNames = (summary: string) => [...summary.matchAll(/^Layer name: (.+)$/gm)].map((m) => m[1]);
/** The EPSG code of each layer's SRS (the top-level ID of its WKT). */
const layerEpsg = (summary: string) => [...summary.matchAll(/^ {4}ID\["EPSG",(\d+)\]\]$/gm)].map((m) => m[1]);
/** Field names of the layers, from the "name: Type (width)" lines. */
const fieldNames = (summary: string): Set<string> =>
  new Set(
    [...summary.matchAll(/^([^\s:][^:\n]*): (?:String|Integer|Integer64|Real|Date|DateTime)/gm)].map(
      (m) => m[1] ?? '',
    ),
  );

interface OgrFeature {
  properties: Record<string, unknown>;
  geometry: { type: string } | null;
}
/** Every feature of every layer, through ogr2ogr → GeoJSON. */
async function ogrFeatures(file: string): Promise<OgrFeature[]> {
  const features: OgrFeature[] = [];
  for (const layer of layerNames(await ogrSummary(file))) {
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, layer!], {
      maxBuffer: 256 * 1024 * 1024,
    });
    features.push(...(JSON.parse(stdout) as { features: OgrFeature[] }).features);
  }
  return features;
}

/** An XLSX sheet as rows of strings, read by GDAL with every column as text. */
async function xlsxRows(file: string): Promise<string[][]> {
  const { stdout } = await run(
    'ogr2ogr',
    ['-f', 'CSV', '/vsistdout/', file, '-oo', 'FIELD_TYPES=STRING', '-oo', 'HEADERS=FORCE'],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const { header, rows } = await readCsvText(stdout);
  return [header, ...rows];
}

async function zipEntries(file: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  for (const entry of iter(await readFile(file)))
    entries.set(entry.filename, Buffer.from(await entry.read()));
  return entries;
}

async function apiCount(collection: string, filter: string): Promise<number> {
  const response = await get(`/api/collections/${collection}/items?${filter}&limit=1`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().numberMatched;
}

const CASES: [collection: string, filter: string][] = [
  ['facilities', 'district=500111&category=elderly_care'],
  ['villages', 'district=500111&town=500111001'],
  ['place-names', 'district=500111'],
  ['boundary-lines', 'district=500111'],
  ['boundary-markers', 'district=500111'],
  ['towns', 'bbox=105.6,29.5,105.9,29.8'],
];

// ogr2ogr runs many times here; on a loaded two-core machine one test can take longer than the default 30 s.
describe('GDAL exports read back with GDAL', { timeout: 120_000 }, () => {
  it.each(CASES)('%s (%s): every format has the OGC API’s feature count', async (collection, filter) => {
    const expected = await apiCount(collection, filter);
    expect(expected).toBeGreaterThan(0);
    for (const format of ['shp', 'gpkg'] as const) {
      const summary = await ogrSummary(await download(`/api/exports/${collection}.${format}?${filter}`));
      expect(featureCount(summary), `${collection}.${format}`).toBe(expected);
      // Every layer declares CGCS2000, EPSG:4490.
      const epsg = layerEpsg(summary);
      expect(epsg.length).toBe(layerNames(summary).length);
      for (const code of epsg) expect(code).toBe('4490');
    }
    const rows = await xlsxRows(await download(`/api/exports/${collection}.xlsx?${filter}`));
    expect(rows.length - 1, `${collection}.xlsx`).toBe(expected);
  });

  it('Shapefile: a zip with .shp .shx .dbf .prj and a UTF-8 .cpg, layer named after the collection, Chinese names as stored', async () => {
    const file = await download('/api/exports/facilities.shp?district=500111&category=elderly_care');
    expect(file.endsWith('.shp.zip')).toBe(true);
    const entries = await zipEntries(file);
    expect([...entries.keys()].sort()).toEqual(
      ['facilities.cpg', 'facilities.dbf', 'facilities.prj', 'facilities.shp', 'facilities.shx'].sort(),
    );
    expect(entries.get('facilities.cpg')?.toString('utf8').trim()).toBe('UTF-8');
    expect(entries.get('facilities.prj')?.toString('utf8')).toMatch(/China.*2000/);
    const summary = await ogrSummary(file);
    expect(layerNames(summary)).toEqual(['facilities']);
    // dBASE names are at most 10 characters.
    for (const name of fieldNames(summary)) expect(name.length).toBeLessThanOrEqual(10);

    const { rows } = await sql<{ code: string; name: string; address: string | null }>`
      SELECT code, name, address FROM facilities WHERE district_code = '500111' AND category = 'elderly_care'`.execute(
      ctx.app.db,
    );
    const exported = new Map((await ogrFeatures(file)).map((f) => [f.properties.code, f.properties]));
    expect(exported.size).toBe(rows.length);
    for (const row of rows) {
      expect(exported.get(row.code)?.name).toBe(row.name);
      expect(exported.get(row.code)?.address ?? null).toBe(row.address);
    }
    expect(rows.some((r) => /[\u4e00-\u9fff]/.test(r.name))).toBe(true);
  });

  it('Shapefile: place names of three geometry types become one layer per type, together all of them', async () => {
    const file = await download('/api/exports/place-names.shp?district=500111');
    const summary = await ogrSummary(file);
    const names = layerNames(summary);
    expect(names.every((n) => /^place-names-(points|lines|polygons)$/.test(n ?? ''))).toBe(true);
    const { rows } = await sql<{ code: string; name: string; type: string }>`
      SELECT code, name, GeometryType(geom) AS type FROM place_names WHERE district_code = '500111'`.execute(
      ctx.app.db,
    );
    expect(names.length).toBe(new Set(rows.map((r) => r.type)).size);
    const exported = await ogrFeatures(file);
    expect(new Map(exported.map((f) => [f.properties.code, f.properties.name]))).toEqual(
      new Map(rows.map((r) => [r.code, r.name])),
    );
  });

  it('GeoPackage: one layer named after the collection, field names as in the API, Chinese names and geometry as stored', async () => {
    const file = await download('/api/exports/towns.gpkg?district=500111');
    const summary = await ogrSummary(file);
    expect(layerNames(summary)).toEqual(['towns']);
    expect([...fieldNames(summary)]).toEqual(
      expect.arrayContaining(['code', 'name', 'districtCode', 'areaKm2']),
    );
    const { rows } = await sql<{ code: string; name: string; area: number }>`
      SELECT code, name, ST_Area(geom) AS area FROM towns WHERE district_code = '500111'`.execute(ctx.app.db);
    const exported = await ogrFeatures(file);
    expect(exported.length).toBe(rows.length);
    const byCode = new Map(exported.map((f) => [f.properties.code, f]));
    for (const row of rows) {
      const feature = byCode.get(row.code);
      expect(feature?.properties.name).toBe(row.name);
      expect(feature?.geometry?.type).toMatch(/Polygon$/);
    }
  });

  it('XLSX: Chinese headers the import knows, codes as text cells, no formulas, the sheet named in Chinese', async () => {
    const file = await download('/api/exports/villages.xlsx?district=500111&town=500111001');
    const rows = await xlsxRows(file);
    const header = rows[0]!;
    for (const name of ['编码', '名称', '类型', '人口', '老年人口', '户数', '经度', '纬度'])
      expect(header).toContain(name);
    expect(header.every((h) => !/^[a-z]/.test(h) || h === 'WKT')).toBe(true);
    const { rows: db } = await sql<{ code: string; name: string }>`
      SELECT code, name FROM villages WHERE town_code = '500111001'`.execute(ctx.app.db);
    const at = header.indexOf('编码');
    const nameAt = header.indexOf('名称');
    expect(new Map(rows.slice(1).map((r) => [r[at], r[nameAt]]))).toEqual(
      new Map(db.map((r) => [r.code, r.name])),
    );

    // In the sheet itself: the 编码 column's cells are shared strings (t="s"), not numbers.
    const entries = await zipEntries(file);
    const workbook = entries.get('xl/workbook.xml')?.toString('utf8') ?? '';
    expect(workbook).toContain('name="村（社区）"');
    const strings = [
      ...(entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<t[^>]*>([^<]*)<\/t>/g),
    ].map((m) => m[1]);
    const sheet = entries.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
    expect(sheet).not.toMatch(/<f[ >]/);
    const codeColumn = String.fromCharCode(65 + header.indexOf('编码'));
    const codeCells = [
      ...sheet.matchAll(new RegExp(`<c r="${codeColumn}(\\d+)"([^>]*)>\\s*<v>([^<]*)</v>`, 'g')),
    ];
    expect(codeCells.length).toBe(db.length + 1);
    for (const [, rowNumber, attributes, value] of codeCells) {
      expect(attributes).toContain('t="s"');
      if (rowNumber !== '1') expect(strings[Number(value)]).toMatch(/^[0-9]{12}$/);
    }
  });

  it('leaves staff-only fields out for anonymous callers in every format, and keeps them for staff', async () => {
    const staffFields = {
      // (a facility's phone is its public service number: everyone gets it)
      shp: ['responsibl'],
      gpkg: ['note', 'responsibleSide'],
      xlsx: ['备注', '管护方'],
    };
    for (const format of ['shp', 'gpkg', 'xlsx'] as const) {
      const fields = async (collection: string, cookie?: string) => {
        const file = await download(`/api/exports/${collection}.${format}?district=500111`, cookie);
        return format === 'xlsx' ? new Set((await xlsxRows(file))[0]) : fieldNames(await ogrSummary(file));
      };
      const anonymous = new Set([...(await fields('facilities')), ...(await fields('boundary-markers'))]);
      const staff = new Set([
        ...(await fields('facilities', planner)),
        ...(await fields('boundary-markers', planner)),
      ]);
      for (const name of staffFields[format]) {
        expect(anonymous.has(name), `${format} ${name} anonymous`).toBe(false);
        expect(staff.has(name), `${format} ${name} staff`).toBe(true);
      }
      // No database ids: the key is the code.
      expect(anonymous.has('id')).toBe(false);
      expect(anonymous.has(format === 'xlsx' ? '编码' : 'code')).toBe(true);
    }
  });

  it('a Shapefile export re-imports as updates of the same records, changing nothing', async () => {
    const filter = 'district=500111&town=500111003';
    const snapshot = async () =>
      (
        await sql<{ row: unknown }>`SELECT row_to_json(x) AS row FROM (
          SELECT code, name, category, subtype, address, operator, status, beds, nursing_beds, floor_area_m2,
            opened_year, phone, town_code, village_code, district_code,
            ST_AsText(ST_SnapToGrid(geom, 1e-9)) AS geom
          FROM facilities WHERE town_code = '500111003' ORDER BY code) x`.execute(ctx.app.db)
      ).rows.map((r) => r.row);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    const file = await download(`/api/exports/facilities.shp?${filter}`);
    const send = (fields: Record<string, string>) => {
      const body = multipartBody(
        { collection: 'facilities', district: '500111', ...fields },
        { name: path.basename(file), data: awaitedFile },
      );
      return ctx.app.inject({
        method: 'POST',
        url: '/api/imports',
        payload: body.payload,
        headers: { ...body.headers, cookie: admin, ...FROM_APP },
      });
    };
    const awaitedFile = await readFile(file);
    const dry = await send({ mode: 'dry-run' });
    const response = await send({ mode: 'commit', preview: dry.json().previewId });
    expect(response.statusCode, response.body.slice(0, 2000)).toBe(200);
    const report = response.json();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      committed: true,
      rowsRead: before.length,
      inserted: 0,
      updated: before.length,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('runs at most two GDAL exports at a time and one per caller; the others get 503 with Retry-After, and the slots come back', async () => {
    const from = (ip: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/exports/place-names.gpkg', remoteAddress: ip });
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => from(`10.7.0.${i + 1}`)));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200).length).toBe(2);
    expect(statuses.filter((s) => s === 503).length).toBe(3);
    for (const busy of responses.filter((r) => r.statusCode === 503)) {
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
      expect(busy.json().error.code).toBe('busy');
    }
    // One caller asking twice at once: the second is turned away, whatever the server has free.
    const same = await Promise.all([from('10.7.1.1'), from('10.7.1.1')]);
    expect(same.map((r) => r.statusCode).sort()).toEqual([200, 503]);
    expect((await get('/api/exports/place-names.gpkg?district=500111')).statusCode).toBe(200);
  });
});
