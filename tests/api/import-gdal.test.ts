// A bureau's own files, made with GDAL (ogr2ogr) from our own data the way QGIS/ArcGIS users have
// them: the district outline as GeoPackage, towns as a CP936 Shapefile in CGCS2000 Gauss-Krüger
// (EPSG:4544 and EPSG:4523), villages as GeoPackage (points and polygons), the statistics table and
// facilities as XLSX and KML. They are loaded into a new district (a copy of 大足 moved 3° south, so
// the shared demo data other test files read is never touched) and compared with the truth.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipFiles } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { importer } from '../helpers/imports.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper (beforeAll/afterAll), not a React hook
const ctx = useTestApp();
const CODE = '500998';
const SOURCE = '500111';
const DY = -3; // degrees of latitude the copy is moved by
let admin: string;
let work: string;

/** GDAL's PG: connection string from DATABASE_URL. */
function pgSource(): string {
  const url = new URL(process.env.DATABASE_URL!);
  return `PG:host=${url.hostname} port=${url.port} dbname=${url.pathname.slice(1)} user=${url.username}`;
}

/** Runs ogr2ogr with an SQL query against the test database; returns the written file's path. */
function ogrFromSql(file: string, format: string, query: string, extra: string[] = []): string {
  const target = path.join(work, file);
  execFileSync('ogr2ogr', ['-f', format, target, pgSource(), '-sql', query, ...extra], { stdio: 'pipe' });
  return target;
}

function shapefileZip(dir: string, base: string, cpg?: string | null): Buffer {
  const files: Record<string, Buffer> = {};
  for (const ext of ['shp', 'shx', 'dbf', 'prj'])
    files[`${base}.${ext}`] = readFileSync(path.join(dir, `${base}.${ext}`));
  if (cpg !== null)
    files[`${base}.cpg`] = cpg === undefined ? readFileSync(path.join(dir, `${base}.cpg`)) : Buffer.from(cpg);
  return zipFiles(files);
}

const { upload } = importer(ctx, () => admin);

async function cleanUp(): Promise<void> {
  const db = ctx.app.db;
  await sql`DELETE FROM import_runs WHERE district_code = ${CODE} OR collection IN ('districts', 'towns', 'village-statistics')
    AND id IN (SELECT run_id FROM import_changes WHERE record_key LIKE ${`${CODE}%`})`.execute(db);
  await sql`DELETE FROM facilities WHERE code LIKE 'GDAL-%'`.execute(db);
  await sql`DELETE FROM districts WHERE code = ${CODE}`.execute(db);
}

// The copy's truth, straight from the database.
const towns = sql`SELECT ${CODE} || substr(code, 7) AS code, name, kind, ST_Translate(geom, 0, ${DY}) AS geom
  FROM towns WHERE district_code = ${SOURCE}`;

beforeAll(async () => {
  admin = await signIn(ctx.app, 'admin', 'test-gdal-admin');
  work = mkdtempSync(path.join(tmpdir(), 'civic-gdal-test-'));
  await cleanUp();
});
afterAll(async () => {
  await cleanUp();
  rmSync(work, { recursive: true, force: true });
});

/** Worst distance in metres between the imported geometries and the truth, matched by code. */
async function worstTownError(): Promise<number> {
  const { rows } = await sql<{ worst: number; n: number }>`
    SELECT max(ST_HausdorffDistance(ST_Transform(t.geom, 4544), ST_Transform(truth.geom, 4544)))::float8 AS worst,
      count(*)::int AS n
    FROM (${towns}) truth JOIN towns t ON t.code = truth.code`.execute(ctx.app.db);
  return rows[0]!.worst;
}

describe('a district loaded from its own files', () => {
  it('takes the district outline from a GeoPackage', async () => {
    const file = ogrFromSql(
      'district.gpkg',
      'GPKG',
      `SELECT '${CODE}' AS 区划代码, '测试区' AS 名称, ST_Translate(outline, 0, ${DY}) AS geom FROM districts WHERE code = '${SOURCE}'`,
      ['-nln', '区县界', '-a_srs', 'EPSG:4490'],
    );
    const response = await upload(
      { collection: 'districts', mode: 'commit' },
      { name: 'district.gpkg', data: readFileSync(file) },
    );
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ format: 'geopackage', rowsValid: 1, inserted: 1 });
    const { rows } = await sql<{ name: string; origin: string; diff: number }>`
      SELECT d.name, d.outline_origin AS origin,
        ST_Area(ST_SymDifference(d.outline, ST_Translate(s.outline, 0, ${DY}))::geography) AS diff
      FROM districts d, districts s WHERE d.code = ${CODE} AND s.code = ${SOURCE}`.execute(ctx.app.db);
    expect(rows[0]).toMatchObject({ name: '测试区', origin: 'imported' });
    expect(rows[0]!.diff).toBeLessThan(1); // m²
  });

  it('takes towns from a CP936 Shapefile in CGCS2000 Gauss-Krüger CM 105E (EPSG:4544), within 1 m', async () => {
    const compiled = towns.compile(ctx.app.db);
    const query = compiled.sql.replace(/\$(\d+)/g, (_, i) => {
      const v = compiled.parameters[Number(i) - 1];
      return typeof v === 'number' ? String(v) : `'${String(v)}'`;
    });
    ogrFromSql(
      'towns4544.shp',
      'ESRI Shapefile',
      `SELECT code AS 乡镇代码, name AS 乡镇名称, geom FROM (${query}) t`,
      ['-t_srs', 'EPSG:4544', '-lco', 'ENCODING=CP936', '-nln', 'towns4544'],
    );
    expect(readFileSync(path.join(work, 'towns4544.cpg'), 'utf8').trim()).toMatch(/936/);
    const dry = (
      await upload(
        { collection: 'towns', mode: 'dry-run' },
        { name: '乡镇.zip', data: shapefileZip(work, 'towns4544') },
      )
    ).json();
    expect(dry).toMatchObject({
      format: 'shapefile',
      encoding: 'gbk',
      rowsRead: 27,
      rowsValid: 27,
      committed: false,
    });
    expect(dry.crs).toMatch(/EPSG:4544/);
    const report = (
      await upload(
        { collection: 'towns', mode: 'commit' },
        { name: '乡镇.zip', data: shapefileZip(work, 'towns4544') },
      )
    ).json();
    expect(report).toMatchObject({ inserted: 27, updated: 0 });
    // The names read from GBK are the Chinese names, character for character.
    const { rows } = await sql<{ wrong: number }>`SELECT count(*)::int AS wrong FROM (${towns}) truth
      JOIN towns t ON t.code = truth.code WHERE t.name <> truth.name OR t.kind <> truth.kind`.execute(
      ctx.app.db,
    );
    expect(rows[0]!.wrong).toBe(0);
    expect(await worstTownError()).toBeLessThan(1);
  });

  it('re-imports the same towns from EPSG:4523 (zone-prefixed false easting) with .cpg "936" as updates', async () => {
    const compiled = towns.compile(ctx.app.db);
    const query = compiled.sql.replace(/\$(\d+)/g, (_, i) => {
      const v = compiled.parameters[Number(i) - 1];
      return typeof v === 'number' ? String(v) : `'${String(v)}'`;
    });
    ogrFromSql('towns4523.shp', 'ESRI Shapefile', `SELECT code, name, geom FROM (${query}) t`, [
      '-t_srs',
      'EPSG:4523',
      '-lco',
      'ENCODING=CP936',
      '-nln',
      'towns4523',
    ]);
    const report = (
      await upload(
        { collection: 'towns', mode: 'commit' },
        { name: 'towns.zip', data: shapefileZip(work, 'towns4523', '936') },
      )
    ).json();
    expect(report).toMatchObject({ encoding: 'gbk', inserted: 0, updated: 27, rowsInvalid: 0 });
    expect(await worstTownError()).toBeLessThan(1);
    // Without a .cpg the GBK bytes are recognised from the .dbf itself.
    const sniffed = (
      await upload(
        { collection: 'towns', mode: 'dry-run' },
        { name: 'towns.zip', data: shapefileZip(work, 'towns4523', null) },
      )
    ).json();
    expect(sniffed).toMatchObject({ encoding: 'gbk', rowsValid: 27, toInsert: 0, toUpdate: 27 });
  });

  it('asks for confirmation before committing towns that overlap', async () => {
    const { rows } = await sql<{ code: string; name: string; geometry: unknown }>`
      SELECT code, name, ST_AsGeoJSON(ST_Buffer(geom::geography, 300)::geometry)::json AS geometry
      FROM towns WHERE district_code = ${CODE} ORDER BY code LIMIT 1`.execute(ctx.app.db);
    const grown = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          properties: { code: r.code, name: r.name },
          geometry: r.geometry,
        })),
      }),
    );
    const refused = (
      await upload({ collection: 'towns', mode: 'commit' }, { name: 'grown.geojson', data: grown })
    ).json();
    expect(refused.committed).toBe(false);
    expect(refused.message).toMatch(/overlap/);
    expect(
      refused.quality.checks.find((c: { check: string }) => c.check === 'town_overlap').error,
    ).toBeGreaterThan(0);
    const confirmed = (
      await upload(
        { collection: 'towns', mode: 'commit', confirm: 'overlaps' },
        { name: 'grown.geojson', data: grown },
      )
    ).json();
    expect(confirmed).toMatchObject({ committed: true, updated: 1 });
    // Put the town back as the bureau's file has it.
    const back = (
      await upload(
        { collection: 'towns', mode: 'commit' },
        { name: 'towns.zip', data: shapefileZip(work, 'towns4523', '936') },
      )
    ).json();
    expect(back).toMatchObject({ committed: true, updated: 27 });
    expect(await worstTownError()).toBeLessThan(1);
  });

  it('takes villages from a GeoPackage, as points and as polygons with a point inside', async () => {
    const file = ogrFromSql(
      'villages.gpkg',
      'GPKG',
      `SELECT '${CODE}' || substr(code, 7) AS code, name, CASE kind WHEN 'village' THEN '村' ELSE '社区' END AS 类型,
         CASE WHEN right(code, 1)::int % 2 = 0 THEN ST_Translate(geom, 0, ${DY})
           ELSE ST_Buffer(ST_Translate(geom, 0, ${DY})::geography, 150)::geometry END AS geom
       FROM villages WHERE district_code = '${SOURCE}'`,
      ['-nln', 'villages', '-nlt', 'GEOMETRY'],
    );
    const response = await upload(
      { collection: 'villages', mode: 'commit' },
      { name: 'villages.gpkg', data: readFileSync(file) },
    );
    const report = response.json();
    const { rows: truth } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM villages WHERE district_code = ${SOURCE}`.execute(ctx.app.db);
    expect(report).toMatchObject({ rowsRead: truth[0]!.n, rowsValid: truth[0]!.n, inserted: truth[0]!.n });
    const { rows } = await sql<{ polygons: number; inside: number; worst: number }>`
      SELECT count(v.area)::int AS polygons,
        count(*) FILTER (WHERE v.area IS NOT NULL AND ST_Within(v.geom, v.area))::int AS inside,
        max(CASE WHEN v.area IS NULL THEN ST_Distance(v.geom::geography, ST_Translate(s.geom, 0, ${DY})::geography) END)::float8 AS worst
      FROM villages v JOIN villages s ON s.code = ${SOURCE} || substr(v.code, 7)
      WHERE v.district_code = ${CODE}`.execute(ctx.app.db);
    expect(rows[0]!.polygons).toBeGreaterThan(0);
    expect(rows[0]!.inside).toBe(rows[0]!.polygons);
    expect(rows[0]!.worst).toBeLessThan(1);
  });

  it('joins population from an XLSX statistics table with Chinese headers, naming the codes that match nothing', async () => {
    const file = ogrFromSql(
      'stats.xlsx',
      'XLSX',
      `SELECT '${CODE}' || substr(code, 7) AS 统计用区划代码, name AS 单位名称, population + 7 AS 常住人口,
         elderly_population AS "60岁及以上人口", households AS 户数 FROM villages WHERE district_code = '${SOURCE}'
       UNION ALL SELECT '${CODE}999999', '不存在村', 10, 1, 3`,
    );
    const report = (
      await upload(
        { collection: 'village-statistics', mode: 'commit-valid' },
        { name: '统计年鉴.xlsx', data: readFileSync(file) },
      )
    ).json();
    expect(report.format).toBe('xlsx');
    expect(report.problems).toEqual([
      expect.objectContaining({
        field: 'code',
        code: 'unknown_reference',
        problem: expect.stringContaining(`${CODE}999999`),
      }),
    ]);
    const { rows } = await sql<{ wrong: number }>`SELECT count(*)::int AS wrong FROM villages v
      JOIN villages s ON s.code = ${SOURCE} || substr(v.code, 7)
      WHERE v.district_code = ${CODE} AND (v.population <> s.population + 7 OR v.population_origin <> 'imported')`.execute(
      ctx.app.db,
    );
    expect(rows[0]!.wrong).toBe(0);
  });

  it('finds the header of a 统计年鉴 sheet below its title rows, and numbers rows as the sheet does', async () => {
    const file = ogrFromSql(
      'yearbook.xlsx',
      'XLSX',
      `SELECT '各村（社区）人口' AS 表3, '单位：人' AS 说明, '' AS c3, '' AS c4
       UNION ALL SELECT '统计用区划代码', '常住人口', '60岁及以上人口', '户数'
       UNION ALL SELECT * FROM (SELECT '${CODE}' || substr(code, 7), population::text, elderly_population::text, households::text
         FROM villages WHERE district_code = '${SOURCE}' ORDER BY code LIMIT 5) v
       UNION ALL SELECT '${CODE}999998', '10', '1', '1'`,
    );
    const report = (
      await upload(
        { collection: 'village-statistics', mode: 'dry-run' },
        { name: '年鉴.xlsx', data: readFileSync(file) },
      )
    ).json();
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('title_rows');
    expect(report).toMatchObject({ rowsRead: 6, rowsValid: 5 });
    // Sheet rows: 1 GDAL's column names (表3 …), 2 the title, 3 the header, 4–8 villages, 9 the bad one.
    expect(report.problems).toEqual([expect.objectContaining({ row: 9, code: 'unknown_reference' })]);
  });

  it('takes facilities from KML and from XLSX (lon/lat columns and an Amap GCJ-02 location), within 1 m', async () => {
    const base = `FROM facilities WHERE district_code = '${SOURCE}' ORDER BY code LIMIT 40`;
    const kml = ogrFromSql(
      'facilities.kml',
      'LIBKML',
      `SELECT 'GDAL-K-' || code AS code, name, subtype, operator, ST_Translate(geom, 0, ${DY}) AS geom ${base}`,
    );
    // The same KML zipped as Google Earth writes a KMZ (doc.kml inside) is read the same way.
    const kmz = (
      await upload(
        { collection: 'facilities', mode: 'dry-run' },
        { name: 'facilities.kmz', data: zipFiles({ 'doc.kml': readFileSync(kml) }) },
      )
    ).json();
    expect(kmz).toMatchObject({ format: 'kml', rowsValid: 40, toInsert: 40 });
    const fromKml = (
      await upload(
        { collection: 'facilities', mode: 'commit' },
        { name: 'facilities.kml', data: readFileSync(kml) },
      )
    ).json();
    expect(fromKml).toMatchObject({ format: 'kml', rowsValid: 40, inserted: 40 });

    const xlsx = ogrFromSql(
      'facilities.xlsx',
      'XLSX',
      `SELECT 'GDAL-X-' || code AS 编码, name AS 名称, subtype AS 类型, '公办' AS 运营方式,
         ST_X(geom) AS 经度, ST_Y(geom) + ${DY} AS 纬度 ${base}`,
    );
    const fromXlsx = (
      await upload(
        { collection: 'facilities', mode: 'commit' },
        { name: 'facilities.xlsx', data: readFileSync(xlsx) },
      )
    ).json();
    expect(fromXlsx).toMatchObject({ format: 'xlsx', rowsValid: 40, inserted: 40 });

    const { rows } = await sql<{ worst: number; n: number }>`
      SELECT max(ST_Distance(f.geom::geography, ST_Translate(s.geom, 0, ${DY})::geography))::float8 AS worst, count(*)::int AS n
      FROM facilities f JOIN facilities s ON s.code = substr(f.code, 8) WHERE f.code LIKE 'GDAL-%'`.execute(
      ctx.app.db,
    );
    expect(rows[0]!.n).toBe(80);
    expect(rows[0]!.worst).toBeLessThan(1);
    // Imported facilities lie in the imported towns.
    const { rows: placed } = await sql<{ outside: number }>`SELECT count(*)::int AS outside FROM facilities f
      WHERE f.code LIKE 'GDAL-%' AND (f.district_code <> ${CODE} OR f.town_code IS NULL OR left(f.town_code, 6) <> ${CODE})`.execute(
      ctx.app.db,
    );
    expect(placed[0]!.outside).toBe(0);
  });

  it('reads an Amap location column ("lng,lat", GCJ-02) and removes the offset', async () => {
    const { fromWgs84 } = await import('../../server/modules/imports/coordinates.ts');
    const { rows: truth } = await sql<{
      lon: number;
      lat: number;
    }>`SELECT ST_X(seat) AS lon, ST_Y(seat) AS lat
      FROM towns WHERE code = ${`${CODE}001`}`.execute(ctx.app.db);
    const [lon, lat] = fromWgs84([truth[0]!.lon, truth[0]!.lat], 'gcj02');
    const csv = `code,name,subtype,operator,location\nGDAL-A-1,高德点,canteen,公办,"${lon!.toFixed(7)},${lat!.toFixed(7)}"\n`;
    const report = (
      await upload({ collection: 'facilities', mode: 'commit' }, { name: 'amap.csv', data: Buffer.from(csv) })
    ).json();
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('amap_location');
    const { rows } = await sql<{ d: number }>`SELECT ST_Distance(f.geom::geography, t.seat::geography) AS d
      FROM facilities f, towns t WHERE f.code = 'GDAL-A-1' AND t.code = ${`${CODE}001`}`.execute(ctx.app.db);
    expect(rows[0]!.d).toBeLessThan(1);
  });
});

describe('the imported district on the map', () => {
  it('says layer by layer that its data is imported, from which file and by whom, and is not demo', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/districts' });
    const district = response.json().districts.find((d: { code: string }) => d.code === CODE);
    expect(district).toMatchObject({ name: '测试区', demo: false, towns: 27 });
    const layer = (name: string) => district.layers.find((l: { layer: string }) => l.layer === name);
    expect(layer('towns')).toMatchObject({ rows: 27, synthetic: 0, lastImport: { fileName: 'towns.zip' } });
    expect(layer('districts').lastImport).toMatchObject({
      fileName: 'district.gpkg',
      by: expect.any(String),
    });
    expect(layer('villages').lastImport).toMatchObject({ fileName: '统计年鉴.xlsx' });
    // The demo districts stay demo.
    expect(response.json().districts.find((d: { code: string }) => d.code === SOURCE).demo).toBe(true);
  });
});

describe('files that are not what they claim', () => {
  const refused = async (name: string, data: Buffer) => {
    const response = await upload({ collection: 'facilities', mode: 'dry-run' }, { name, data });
    expect(response.statusCode).toBe(400);
    return response.json().error.message as string;
  };

  it('names what the file really is', async () => {
    expect(await refused('data.csv', Buffer.from('%PDF-1.4\n…'))).toMatch(/PDF/);
    expect(await refused('layer.shp', Buffer.from([0x00, 0x00, 0x27, 0x0a, 0, 0, 0, 0]))).toMatch(
      /only the \.shp part/,
    );
    expect(await refused('table.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatch(
      /\.xlsx/,
    );
    expect(await refused('report.zip', zipFiles({ 'word/document.xml': Buffer.from('<w/>') }))).toMatch(
      /Word/,
    );
    const sqlite = Buffer.alloc(1024);
    sqlite.write('SQLite format 3\u0000', 0, 'latin1');
    expect(await refused('data.gpkg', sqlite)).toMatch(/not a GeoPackage/);
  });

  it('refuses a zip that inflates past the cap while inflating it', async () => {
    const zeros = deflateRawSync(Buffer.alloc(320 * 1024 * 1024));
    const zip = zipFiles({ 'big.csv': zeros }, { deflatedSizes: { 'big.csv': 320 * 1024 * 1024 } });
    expect(zip.length).toBeLessThan(1024 * 1024);
    expect(await refused('bomb.zip', zip)).toMatch(/inflates to more than/);
  });

  it('reads 3-D GeoJSON (GPS elevation) as 2-D, never a 500', async () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'GDAL-Z-1', name: '高程点', subtype: 'canteen', operator: 'public' },
          geometry: { type: 'Point', coordinates: [105.7175, 29.7074 + DY, 412.5] },
        },
      ],
    };
    const response = await upload(
      { collection: 'facilities', mode: 'dry-run' },
      { name: 'z.geojson', data: Buffer.from(JSON.stringify(geojson)) },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().preview[0].geometry.coordinates).toHaveLength(2);
  });

  it("makes a NUL byte in a CSV row that row's problem, not the file's", async () => {
    const csv = Buffer.concat([
      Buffer.from(
        'code,name,subtype,operator,lon,lat\nGDAL-N-1,好行,canteen,公办,105.7175,26.7074\nGDAL-N-2,坏',
      ),
      Buffer.from([0]),
      Buffer.from('行,canteen,公办,105.7176,26.7075\n'),
    ]);
    const report = (
      await upload({ collection: 'facilities', mode: 'dry-run' }, { name: 'nul.csv', data: csv })
    ).json();
    expect(report).toMatchObject({ rowsRead: 2, rowsValid: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 3, field: 'name', code: 'invalid_value' }),
    ]);
  });

  it('warns that Beijing 1954 coordinates get no datum shift', async () => {
    const csv = 'code,name,subtype,operator,lon,lat\nGDAL-B-1,北京54点,canteen,公办,105.7175,26.7074\n';
    const report = (
      await upload(
        { collection: 'facilities', mode: 'dry-run', crs: 'epsg:4214' },
        { name: 'b54.csv', data: Buffer.from(csv) },
      )
    ).json();
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('no_datum_shift');
  });
});
