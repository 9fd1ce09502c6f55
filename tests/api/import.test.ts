// Imports: formats, encodings, coordinate systems, the row-by-row report, all-or-nothing
// commits and the change history. Fixtures are made here (tests/fixtures/imports/writers.ts) with
// codes no other test uses (IMPT-…, villages 500111001 9xx, markers 9xxQ), and counts are taken
// only over those codes, because other test files use the same database at the same time.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineMetres } from '../../server/contract/geodesy.ts';
import { fromWgs84 } from '../../server/modules/imports/coordinates.ts';
import {
  CGCS2000_GK_CM105_PRJ,
  csvFile,
  shapefileZip,
  toGaussKruger,
  zipFiles,
} from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';
import { importer } from '../helpers/imports.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let admin = '';
let planner = '';
let viewer = '';

beforeAll(async () => {
  // Leftovers of an earlier run of this file (our own codes only; demo rows are never touched).
  await sql`DELETE FROM facilities WHERE code LIKE 'IMPT-%'`.execute(ctx.app.db);
  await sql`DELETE FROM place_names WHERE code LIKE 'IMPT-%'`.execute(ctx.app.db);
  await sql`DELETE FROM villages WHERE code LIKE '5001110019%'`.execute(ctx.app.db);
  await sql`DELETE FROM boundary_markers m USING boundary_lines l
    WHERE l.id = m.line_id AND l.code = '500111-L001' AND m.number LIKE '95%'`.execute(ctx.app.db);
  admin = await signIn(ctx.app, 'admin', 'test-import-admin');
  planner = await signIn(ctx.app, 'planner', 'test-import-planner');
  viewer = await signIn(ctx.app, 'viewer', 'test-import-viewer');
});

// Points inside 大足区 (500111), near the seats of 龙岗街道 and 棠香街道.
const TRUTH: [number, number][] = [
  [105.7175, 29.7074],
  [105.7202, 29.7101],
  [105.7228, 29.6562],
  [105.7251, 29.6588],
];

const { send, upload } = importer(ctx, () => admin);

async function countCodes(table: 'facilities' | 'villages' | 'place_names', prefix: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE code LIKE ${`${prefix}%`}`.execute(ctx.app.db);
  return rows[0]!.n;
}

async function facilityPoint(code: string): Promise<[number, number] | undefined> {
  const { rows } = await sql<{
    p: [number, number];
  }>`SELECT json_build_array(ST_X(geom), ST_Y(geom)) AS p FROM facilities WHERE code = ${code}`.execute(
    ctx.app.db,
  );
  return rows[0]?.p;
}

const FACILITY_HEADER_ZH = ['编码', '名称', '设施类型', '运营方式', '床位数', '地址', '经度', '纬度'];

describe('POST /api/imports: who may import', () => {
  it('answers 401 to anonymous callers and 403 to viewers', async () => {
    const data = csvFile(
      ['code', 'name', 'subtype', 'operator', 'lon', 'lat'],
      [['IMPT-AUTH-1', '测试', 'care_home', 'public', 105.72, 29.7]],
    );
    const anonymous = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'dry-run' },
      { name: 'a.csv', data },
      '',
    );
    expect(anonymous.statusCode).toBe(401);
    const forbidden = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'dry-run' },
      { name: 'a.csv', data },
      viewer,
    );
    expect(forbidden.statusCode).toBe(403);
    const allowed = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'dry-run' },
      { name: 'a.csv', data },
      planner,
    );
    expect(allowed.statusCode).toBe(200);
  });
});

describe('a GBK spreadsheet of elderly-care facilities in GCJ-02', () => {
  const rows = TRUTH.map((truth, i) => {
    const [lon, lat] = fromWgs84(truth, 'gcj02');
    return [
      `IMPT-GBK-${i + 1}`,
      `大足区测试敬老院${i + 1}号`,
      '敬老院',
      '公办',
      40 + i,
      `龙岗街道测试路${i + 1}号`,
      lon!.toFixed(7),
      lat!.toFixed(7),
    ];
  });
  const data = csvFile(FACILITY_HEADER_ZH, rows, 'gbk');

  it('is detected as GBK, converted to WGS84 within 1 m of the truth, and previewed in a dry run that writes nothing', async () => {
    const response = await upload(
      { collection: 'facilities', crs: 'gcj02', mode: 'dry-run' },
      { name: '敬老院.csv', data },
    );
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      encoding: 'gbk',
      format: 'csv',
      rowsRead: 4,
      rowsValid: 4,
      rowsInvalid: 0,
      committed: false,
    });
    expect(report.preview).toHaveLength(4);
    for (const [i, item] of report.preview.entries()) {
      expect(item.name).toBe(`大足区测试敬老院${i + 1}号`);
      expect(haversineMetres(item.geometry.coordinates, TRUTH[i]!)).toBeLessThan(1);
    }
    expect(await countCodes('facilities', 'IMPT-GBK-')).toBe(0);
  });

  it('commits all rows, records the import and each change, and upserts by code on a second import', async () => {
    const first = (
      await upload({ collection: 'facilities', crs: 'gcj02', mode: 'commit' }, { name: '敬老院.csv', data })
    ).json();
    expect(first).toMatchObject({ committed: true, inserted: 4, updated: 0 });
    expect(await countCodes('facilities', 'IMPT-GBK-')).toBe(4);
    for (const [i, truth] of TRUTH.entries())
      expect(haversineMetres((await facilityPoint(`IMPT-GBK-${i + 1}`))!, truth)).toBeLessThan(1);
    const { rows: stored } = await sql<{
      subtype: string;
      category: string;
      town_code: string;
      district_code: string;
      origin: string;
      beds: number;
    }>`
      SELECT subtype, category, town_code, district_code, origin, beds FROM facilities WHERE code = 'IMPT-GBK-1'`.execute(
      ctx.app.db,
    );
    expect(stored[0]).toMatchObject({
      subtype: 'care_home',
      category: 'elderly_care',
      town_code: '500111001',
      district_code: '500111',
      origin: 'imported',
      beds: 40,
    });

    // Same file with a changed bed count: updates, with before and after in the history.
    const changed = csvFile(
      FACILITY_HEADER_ZH,
      rows.map((r, i) => (i === 0 ? [...r.slice(0, 4), 99, ...r.slice(5)] : r)),
      'gbk',
    );
    const second = (
      await upload(
        { collection: 'facilities', crs: 'gcj02', mode: 'commit' },
        { name: '敬老院-修订.csv', data: changed },
      )
    ).json();
    expect(second).toMatchObject({ committed: true, inserted: 0, updated: 4 });
    const { rows: history } = await sql<{
      action: string;
      before: { beds: number };
      after: { beds: number };
      user_name: string;
      file_name: string;
    }>`
      SELECT c.action, c.before, c.after, r.user_name, r.file_name FROM import_changes c JOIN import_runs r ON r.id = c.run_id
      WHERE c.collection = 'facilities' AND c.record_key = 'IMPT-GBK-1' AND c.run_id IN (${first.importId}, ${second.importId})
      ORDER BY c.id`.execute(ctx.app.db);
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({
      before: { beds: 40 },
      after: { beds: 99 },
      file_name: '敬老院-修订.csv',
    });

    const list = await ctx.app.inject({ method: 'GET', url: '/api/imports', headers: { cookie: admin } });
    expect(list.json().imports.some((r: { id: number }) => r.id === second.importId)).toBe(true);
  });
});

describe('BD-09 points', () => {
  it('are converted to WGS84 within 1 m', async () => {
    const rows = TRUTH.slice(0, 2).map((truth, i) => {
      const [lon, lat] = fromWgs84(truth, 'bd09');
      return [`IMPT-BD-${i + 1}`, `百度坐标测试站${i + 1}`, 'community_station', 'private', lon!, lat!];
    });
    const data = csvFile(['code', 'name', 'subtype', 'operator', 'lng', 'lat'], rows);
    const report = (
      await upload({ collection: 'facilities', crs: 'bd09', mode: 'dry-run' }, { name: 'bd.csv', data })
    ).json();
    expect(report.rowsValid).toBe(2);
    for (const [i, item] of report.preview.entries())
      expect(haversineMetres(item.geometry.coordinates, TRUTH[i]!)).toBeLessThan(1);
  });
});

describe('a zipped Shapefile with .prj (CGCS2000 Gauss–Krüger) and .cpg (GBK)', () => {
  it('is reprojected from the .prj, decoded from the .cpg, and committed', async () => {
    const zip = shapefileZip({
      fields: [
        { name: 'CODE', length: 20 },
        { name: 'NAME', length: 40 },
        { name: 'SUBTYPE', length: 30 },
        { name: 'OPERATOR', length: 30 },
      ],
      records: TRUTH.slice(0, 3).map((truth, i) => ({
        point: toGaussKruger(truth),
        values: [`IMPT-SHP-${i + 1}`, `测绘院交来的养老服务站${i + 1}`, 'community_station', 'public'],
      })),
      prj: CGCS2000_GK_CM105_PRJ,
      cpg: 'GBK',
      dbfEncoding: 'gbk',
    });
    const response = await upload(
      { collection: 'facilities', crs: 'cgcs2000', mode: 'commit' },
      { name: 'survey.zip', data: zip },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      format: 'shapefile',
      rowsValid: 3,
      inserted: 3,
      committed: true,
    });
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM facilities WHERE code = 'IMPT-SHP-1'`.execute(ctx.app.db);
    expect(rows[0]?.name).toBe('测绘院交来的养老服务站1');
    for (const [i, truth] of TRUTH.slice(0, 3).entries())
      expect(haversineMetres((await facilityPoint(`IMPT-SHP-${i + 1}`))!, truth)).toBeLessThan(1);
  });
});

describe('row-by-row report', () => {
  const header = ['code', 'name', 'category', 'subtype', 'operator', 'lon', 'lat'];
  const rows: (string | number)[][] = [
    ['IMPT-ROW-1', '好的一行', 'elderly_care', 'care_home', 'public', 105.7175, 29.7074], // row 2: valid
    ['IMPT-ROW-2', '', 'elderly_care', 'care_home', 'public', 105.7175, 29.7074], // row 3: missing name
    ['IMPT-ROW-3', '类型不对', 'elderly_care', 'spaceport', 'public', 105.7175, 29.7074], // row 4: unknown subtype
    ['IMPT-ROW-4', '大类不对', 'zoo', 'care_home', 'public', 105.7175, 29.7074], // row 5: unknown category
    ['IMPT-ROW-5', '坐标不是数', 'elderly_care', 'care_home', 'public', 'NaN', 'abc'], // row 6: NaN coordinates
    ['IMPT-ROW-6', '在北京', 'elderly_care', 'care_home', 'public', 116.39, 39.91], // row 7: outside the district
    ['IMPT-ROW-7', '重复一', 'elderly_care', 'care_home', 'public', 105.72, 29.71], // row 8: duplicate code
    ['IMPT-ROW-7', '重复二', 'elderly_care', 'care_home', 'public', 105.72, 29.71], // row 9: duplicate code
    ['IMPT-ROW-8', '另一好行', 'elderly_care', 'canteen', 'private', 105.7228, 29.6562], // row 10: valid
  ];
  const data = csvFile(header, rows);

  it('names the row, field and problem of each bad row', async () => {
    const report = (
      await upload(
        { collection: 'facilities', crs: 'wgs84', mode: 'dry-run', district: '500111' },
        { name: 'mixed.csv', data },
      )
    ).json();
    expect(report).toMatchObject({ rowsRead: 9, rowsValid: 2, rowsInvalid: 7 });
    const byRow = (row: number) => report.problems.filter((p: { row: number }) => p.row === row);
    expect(byRow(3)).toEqual([expect.objectContaining({ field: 'name', code: 'missing_required' })]);
    expect(byRow(4)).toEqual([expect.objectContaining({ field: 'subtype', code: 'unknown_subtype' })]);
    expect(byRow(5)).toEqual([expect.objectContaining({ field: 'category', code: 'unknown_category' })]);
    expect(byRow(6)).toEqual([expect.objectContaining({ field: 'lon/lat', code: 'invalid_geometry' })]);
    expect(byRow(6)[0].problem).toMatch(/not numbers/);
    expect(byRow(7)).toEqual([expect.objectContaining({ code: 'outside_district' })]);
    expect(byRow(8)).toEqual([expect.objectContaining({ field: 'code', code: 'duplicate_code' })]);
    expect(byRow(9)[0].problem).toMatch(/row 8/);
    expect(report.preview.map((p: { row: number }) => p.row)).toEqual([2, 10]);
  });

  it('commit writes nothing when any row is bad; commit-valid writes the good rows only', async () => {
    const rejected = (
      await upload({ collection: 'facilities', crs: 'wgs84', mode: 'commit' }, { name: 'mixed.csv', data })
    ).json();
    expect(rejected).toMatchObject({ committed: false, inserted: 0 });
    expect(rejected.message).toMatch(/Nothing was written/);
    expect(await countCodes('facilities', 'IMPT-ROW-')).toBe(0);
    const partial = (
      await upload(
        { collection: 'facilities', crs: 'wgs84', mode: 'commit-valid' },
        { name: 'mixed.csv', data },
      )
    ).json();
    expect(partial).toMatchObject({ committed: true, inserted: 2, rowsInvalid: 7 });
    const { rows: stored } = await sql<{
      code: string;
    }>`SELECT code FROM facilities WHERE code LIKE 'IMPT-ROW-%' ORDER BY code`.execute(ctx.app.db);
    expect(stored.map((r) => r.code)).toEqual(['IMPT-ROW-1', 'IMPT-ROW-8']);
  });
});

describe('malformed files: a clear answer and nothing written', () => {
  it('a truncated zip', async () => {
    const zip = shapefileZip({
      fields: [{ name: 'CODE', length: 20 }],
      records: [{ point: [105.72, 29.7], values: ['IMPT-TRUNC-1'] }],
    });
    const response = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'commit' },
      { name: 'broken.zip', data: zip.subarray(0, 150) },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/zip archive is damaged or truncated|no \.shp/);
    expect(await countCodes('facilities', 'IMPT-TRUNC-')).toBe(0);
  });

  it('wrong columns', async () => {
    const data = csvFile(
      ['编号', '单位名称', 'x坐标', 'y坐标'],
      [['IMPT-COL-1', '某单位', '105.72', '29.70']],
    );
    const response = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'commit' },
      { name: 'columns.csv', data },
    );
    expect(response.statusCode).toBe(400);
    const message: string = response.json().error.message;
    expect(message).toMatch(/no coordinate columns|no column for/);
    expect(message).toContain('单位名称'); // names the columns it found
    const noName = csvFile(['code', 'lon', 'lat'], [['IMPT-COL-2', '105.72', '29.70']]);
    const second = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'commit' },
      { name: 'columns.csv', data: noName },
    );
    expect(second.statusCode).toBe(400);
    expect(second.json().error.message).toMatch(/no column for name/);
    expect(await countCodes('facilities', 'IMPT-COL-')).toBe(0);
  });

  it('a self-intersecting polygon', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [105.71, 29.7],
          [105.73, 29.72],
          [105.73, 29.7],
          [105.71, 29.72],
          [105.71, 29.7],
        ],
      ],
    };
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [105.71, 29.7],
          [105.72, 29.7],
          [105.72, 29.71],
          [105.71, 29.71],
          [105.71, 29.7],
        ],
      ],
    };
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square,
          properties: { code: 'IMPT-PN-1', name: '测试广场', category: '非行政区域' },
        },
        {
          type: 'Feature',
          geometry: bowtie,
          properties: { code: 'IMPT-PN-2', name: '蝴蝶结地块', category: 'building' },
        },
      ],
    };
    const data = Buffer.from(JSON.stringify(geojson));
    const report = (
      await upload(
        { collection: 'place-names', crs: 'wgs84', mode: 'commit' },
        { name: 'names.geojson', data },
      )
    ).json();
    expect(report).toMatchObject({ committed: false, rowsValid: 1, rowsInvalid: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 2, field: 'geometry', code: 'invalid_geometry' }),
    ]);
    expect(report.problems[0].problem).toMatch(/Self-intersection/i);
    expect(await countCodes('place_names', 'IMPT-PN-')).toBe(0);

    // The valid one alone goes in, with pinyin and search keys (migration 0004's triggers).
    const valid = (
      await upload(
        { collection: 'place-names', crs: 'wgs84', mode: 'commit-valid' },
        { name: 'names.geojson', data },
      )
    ).json();
    expect(valid).toMatchObject({ committed: true, inserted: 1 });
    const { rows } = await sql<{
      pinyin: string;
      category: string;
      searchable: boolean;
    }>`SELECT p.pinyin, p.category,
        EXISTS (SELECT 1 FROM place_name_search s WHERE s.place_name_id = p.id) AS searchable
      FROM place_names p WHERE p.code = 'IMPT-PN-1'`.execute(ctx.app.db);
    expect(rows[0]).toMatchObject({ category: 'non_admin_region', searchable: true });
    expect(rows[0]!.pinyin).toMatch(/guǎngchǎng/i);
  });

  it('a 60 MB file is refused with a clear 413', async () => {
    const header = 'code,name,subtype,operator,lon,lat\r\n';
    const line = 'IMPT-BIG-000000,一个很大的文件里的一行,care_home,public,105.7175,29.7074\r\n';
    const data = Buffer.from(header + line.repeat(Math.ceil((60 * 1024 * 1024) / Buffer.byteLength(line))));
    expect(data.length).toBeGreaterThan(60 * 1024 * 1024);
    const response = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'commit' },
      { name: 'big.csv', data },
    );
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'payload_too_large' });
    expect(response.json().error.message).toMatch(/50 MB/);
    expect(await countCodes('facilities', 'IMPT-BIG-')).toBe(0);
  });
});

describe('no lost update', () => {
  const file = (name: string) =>
    csvFile(
      ['code', 'name', 'subtype', 'operator', 'lon', 'lat'],
      [['IMPT-LU-1', name, 'canteen', '公办', 105.7175, 29.7074]],
    );
  const nameOf = async () =>
    (await sql<{ name: string }>`SELECT name FROM facilities WHERE code = 'IMPT-LU-1'`.execute(ctx.app.db))
      .rows[0]?.name;

  it('a commit needs its dry run, of the same file', async () => {
    const data = file('甲食堂');
    const missing = await send({ collection: 'facilities', mode: 'commit' }, { name: 'a.csv', data });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('body.preview');
    const dry = (await send({ collection: 'facilities', mode: 'dry-run' }, { name: 'a.csv', data })).json();
    const other = await send(
      { collection: 'facilities', mode: 'commit', preview: dry.previewId },
      { name: 'a.csv', data: file('乙食堂') },
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().error.details[0].field).toBe('body.file');
    // another user's dry run is not yours to commit
    const theirs = await send(
      { collection: 'facilities', mode: 'commit', preview: dry.previewId },
      { name: 'a.csv', data },
      planner,
    );
    expect(theirs.statusCode).toBe(409);
    expect(await nameOf()).toBeUndefined();
  });

  it("a record changed after the dry run becomes a conflict row and keeps the other writer's version", async () => {
    await upload({ collection: 'facilities', mode: 'commit' }, { name: 'base.csv', data: file('原名食堂') });
    // Mine: a dry run that renames it.
    const mine = file('我的名字');
    const dry = (
      await send({ collection: 'facilities', mode: 'dry-run' }, { name: 'mine.csv', data: mine })
    ).json();
    expect(dry.rowsValid).toBe(1);
    // Theirs, committed in between by a colleague.
    const theirs = (
      await upload(
        { collection: 'facilities', mode: 'commit' },
        { name: 'theirs.csv', data: file('同事的名字') },
        planner,
      )
    ).json();
    expect(theirs.updated).toBe(1);
    const late = (
      await send(
        { collection: 'facilities', mode: 'commit-valid', preview: dry.previewId },
        { name: 'mine.csv', data: mine },
      )
    ).json();
    expect(late).toMatchObject({ committed: false, rowsValid: 0, updated: 0 });
    expect(late.problems).toEqual([expect.objectContaining({ row: 2, code: 'conflict' })]);
    expect(await nameOf()).toBe('同事的名字');
    // A fresh dry run sees their version, and then the commit goes through.
    const again = (
      await send({ collection: 'facilities', mode: 'dry-run' }, { name: 'mine.csv', data: mine })
    ).json();
    const ok = (
      await send(
        { collection: 'facilities', mode: 'commit', preview: again.previewId },
        { name: 'mine.csv', data: mine },
      )
    ).json();
    expect(ok).toMatchObject({ committed: true, updated: 1 });
    expect(await nameOf()).toBe('我的名字');
  });
});

describe('undo', () => {
  const undo = (id: number, cookie = admin) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/imports/${id}/undo`,
      payload: {},
      headers: { cookie, ...FROM_APP },
    });
  const beds = async (code: string) =>
    (await sql<{ beds: number | null }>`SELECT beds FROM facilities WHERE code = ${code}`.execute(ctx.app.db))
      .rows[0]?.beds;
  const header = ['code', 'name', 'subtype', 'operator', 'beds', 'lon', 'lat'];

  it('takes a whole import back in one step: created records go, changed ones return; itself recorded', async () => {
    await upload(
      { collection: 'facilities', mode: 'commit' },
      {
        name: 'u0.csv',
        data: csvFile(header, [['IMPT-UNDO-1', '撤销甲', 'canteen', '公办', 10, 105.7175, 29.7074]]),
      },
    );
    const second = (
      await upload(
        { collection: 'facilities', mode: 'commit' },
        {
          name: 'u1.csv',
          data: csvFile(header, [
            ['IMPT-UNDO-1', '撤销甲', 'canteen', '公办', 55, 105.7175, 29.7074],
            ['IMPT-UNDO-2', '撤销乙', 'canteen', '公办', 5, 105.7176, 29.7075],
          ]),
        },
      )
    ).json();
    expect(second).toMatchObject({ inserted: 1, updated: 1 });
    expect(await beds('IMPT-UNDO-1')).toBe(55);
    const response = await undo(second.importId);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ undone: second.importId, removed: 1, restored: 1 });
    expect(await beds('IMPT-UNDO-1')).toBe(10);
    expect(await beds('IMPT-UNDO-2')).toBeUndefined();
    const { rows } = await sql<{ mode: string; user_name: string; n: number }>`SELECT r.mode, r.user_name,
        (SELECT count(*)::int FROM import_changes c WHERE c.run_id = r.id) AS n
      FROM import_runs r WHERE r.undoes = ${second.importId}`.execute(ctx.app.db);
    expect(rows[0]).toMatchObject({ mode: 'undo', n: 2 });
    expect((await undo(second.importId)).statusCode).toBe(409);
    // A planner may undo facility imports; a viewer may not.
    expect((await undo(second.importId, viewer)).statusCode).toBe(403);
  });

  it('undoes nothing when a record was changed after the import', async () => {
    const first = (
      await upload(
        { collection: 'facilities', mode: 'commit' },
        {
          name: 'u2.csv',
          data: csvFile(header, [['IMPT-UNDO-3', '撤销丙', 'canteen', '公办', 7, 105.7175, 29.7074]]),
        },
      )
    ).json();
    await upload(
      { collection: 'facilities', mode: 'commit' },
      {
        name: 'u3.csv',
        data: csvFile(header, [['IMPT-UNDO-3', '撤销丙', 'canteen', '公办', 8, 105.7175, 29.7074]]),
      },
    );
    const response = await undo(first.importId);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(/IMPT-UNDO-3/);
    expect(await beds('IMPT-UNDO-3')).toBe(8);
  });

  it('keeps the original version of a never-edited marker restorable, and undoes a marker import', async () => {
    const editor = await signIn(ctx.app, 'boundary_editor', 'test-import-editor');
    // Any demo marker no one has edited yet (each run of this test edits one).
    const { rows } = await sql<{
      id: string;
      line: string;
      number: string;
      material: string;
      lon: number;
      lat: number;
    }>`
      SELECT m.id, l.code AS line, m.number, m.material, ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat FROM boundary_markers m
      JOIN boundary_lines l ON l.id = m.line_id
      WHERE l.district_code = '500111' AND m.deleted_at IS NULL AND m.off_line_exception = false AND m.condition = 'intact' AND m.version = 1
        AND NOT EXISTS (SELECT 1 FROM boundary_history h WHERE h.kind = 'boundary-markers' AND h.record_id = m.id)
      ORDER BY m.number LIMIT 1`.execute(ctx.app.db);
    const marker = rows[0]!;
    const report = (
      await upload(
        { collection: 'boundary-markers', mode: 'commit' },
        {
          name: 'm.csv',
          data: csvFile(
            ['line_code', 'number', 'material', 'condition', 'lon', 'lat'],
            [[marker.line, marker.number, marker.material, 'damaged', marker.lon, marker.lat]],
          ),
        },
        editor,
      )
    ).json();
    expect(report).toMatchObject({ committed: true, updated: 1 });
    const history = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers/${marker.id}/history`,
      headers: { cookie: editor },
    });
    const versions = history.json().items.map((h: { version: number }) => h.version);
    expect(versions).toContain(1); // the baseline, as loaded before the import
    const undone = await undo(report.importId, editor);
    expect(undone.json()).toMatchObject({ restored: 1 });
    const { rows: now } = await sql<{ condition: string; version: number }>`SELECT condition, version
      FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.app.db);
    expect(now[0]).toMatchObject({ condition: 'intact', version: 3 });
  });
});

describe('villages and boundary markers', () => {
  it('imports villages with population from WKT points, town taken from the code', async () => {
    const data = csvFile(
      ['区划代码', '名称', '类型', '人口', '老年人口', '户数', 'WKT'],
      [
        ['500111001901', '测试新村', '村', 1200, 300, 400, 'POINT (105.7175 29.7074)'],
        ['500111001902', '测试社区', '社区', 100, 200, 50, 'POINT (105.7180 29.7080)'], // elderly > population
      ],
    );
    const report = (
      await upload(
        { collection: 'villages', crs: 'wgs84', mode: 'commit-valid' },
        { name: 'villages.csv', data },
      )
    ).json();
    expect(report).toMatchObject({ rowsValid: 1, inserted: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 3, field: 'elderlyPopulation', code: 'invalid_value' }),
    ]);
    const { rows } = await sql<{ town_code: string; population: number; kind: string }>`
      SELECT town_code, population, kind FROM villages WHERE code = '500111001901'`.execute(ctx.app.db);
    expect(rows[0]).toEqual({ town_code: '500111001', population: 1200, kind: 'village' });
  });

  it('imports boundary markers into the boundary history with the import as the reason', async () => {
    // Two points on the line (a third of the way and half way along), one 3 km off it.
    const { rows: on } = await sql<{ a: [number, number]; b: [number, number]; far: [number, number] }>`
      SELECT ARRAY[ST_X(a), ST_Y(a)] AS a, ARRAY[ST_X(b), ST_Y(b)] AS b,
        ARRAY[ST_X(b) + 0.031, ST_Y(b)] AS far
      FROM (SELECT ST_LineInterpolatePoint(ST_GeometryN(geom, 1), 0.33) AS a,
        ST_LineInterpolatePoint(ST_GeometryN(geom, 1), 0.5) AS b
        FROM boundary_lines WHERE code = '500111-L001') p`.execute(ctx.app.db);
    const { a, b, far } = on[0]!;
    const data = csvFile(
      ['line_code', 'number', 'material', 'condition', 'lon', 'lat'],
      [
        ['500111-L001', '951Q', '花岗岩', '完好', a[0], a[1]],
        ['500111-L001', '952A', 'concrete', 'damaged', b[0], b[1]],
        ['NO-SUCH-LINE', '953Q', 'concrete', 'intact', b[0], b[1]],
        ['500111-L001', '954Q', 'concrete', 'intact', far[0], far[1]],
      ],
    );
    // The role that edits markers is the role that imports them.
    const asPlanner = await upload(
      { collection: 'boundary-markers', crs: 'wgs84', mode: 'commit-valid' },
      { name: 'markers.csv', data },
      planner,
    );
    expect(asPlanner.statusCode).toBe(403);
    expect(asPlanner.json().error.message).toMatch(/boundary_editor/);
    const editor = await signIn(ctx.app, 'boundary_editor', 'test-import-editor');
    const report = (
      await upload(
        { collection: 'boundary-markers', crs: 'wgs84', mode: 'commit-valid' },
        { name: 'markers.csv', data },
        editor,
      )
    ).json();
    expect(report).toMatchObject({ rowsValid: 2, inserted: 2 });
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 4, field: 'lineCode', code: 'unknown_reference' }),
      // the 50 m rule of editing, for an import row too
      expect.objectContaining({ row: 5, field: 'geometry', code: 'rule_violation' }),
    ]);
    expect(report.problems[1].problem).toMatch(/50/);
    const { rows } = await sql<{ marker_type: string; reason: string; action: string }>`
      SELECT m.marker_type, h.reason, h.action FROM boundary_markers m
      JOIN boundary_lines l ON l.id = m.line_id
      JOIN boundary_history h ON h.kind = 'boundary-markers' AND h.record_id = m.id
      WHERE l.code = '500111-L001' AND m.number = '952A' AND m.deleted_at IS NULL`.execute(ctx.app.db);
    expect(rows[0]).toMatchObject({ marker_type: 'double', action: 'create' });
    expect(rows[0]!.reason).toMatch(new RegExp(`导入 #${report.importId}`));
  });
});

describe('zips without a Shapefile', () => {
  it('are refused by name', async () => {
    const zip = zipFiles({ 'readme.txt': Buffer.from('hello') });
    const response = await upload(
      { collection: 'facilities', crs: 'wgs84', mode: 'dry-run' },
      { name: 'x.zip', data: zip },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/no \.shp/);
  });
});
