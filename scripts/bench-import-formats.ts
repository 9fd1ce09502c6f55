// npm run bench:import-formats — the formats × coordinate systems a bureau's files come in, each made
// by GDAL (ogr2ogr) from the demo's facilities of 大足区 (the truth), dry-run through the real HTTP
// import, and compared point by point with the truth: rows read and valid, the worst position error
// in metres, and the time of the dry run. Read-only (dry runs), on DATABASE_URL (default: the app's
// local cluster). Prints a table and writes results/bench-import-formats.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { haversineMetres } from '../server/contract/geodesy.ts';
import { openDatabase } from '../server/db/database.ts';
import { fromWgs84 } from '../server/modules/imports/coordinates.ts';
import { multipartBody, zipFiles } from '../tests/fixtures/imports/writers.ts';
import { FROM_APP, signIn } from '../tests/helpers/auth.ts';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:54329/civic_atlas';
const url = new URL(process.env.DATABASE_URL);
const PG = `PG:host=${url.hostname} port=${url.port} dbname=${url.pathname.slice(1)} user=${url.username}`;
const DISTRICT = '500111';
const database = openDatabase(undefined, 4);
const app = await buildApp({ db: database.db, pool: database.pool });
await app.ready();
const cookie = await signIn(app, 'admin', 'bench-formats-admin');
const work = mkdtempSync(path.join(tmpdir(), 'civic-formats-'));

const { rows: truthRows } = await database.pool.query<{
  code: string;
  name: string;
  subtype: string;
  lon: number;
  lat: number;
}>(
  `SELECT code, name, subtype, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facilities WHERE district_code = $1 ORDER BY code`,
  [DISTRICT],
);
const truth = new Map(truthRows.map((r) => [r.code, [r.lon, r.lat] as [number, number]]));
const SELECT = `SELECT code, name, subtype, '公办' AS operator, geom FROM facilities WHERE district_code = '${DISTRICT}'`;

const ogr = (file: string, format: string, extra: string[], sqlText = SELECT) => {
  execFileSync('ogr2ogr', ['-f', format, path.join(work, file), PG, '-sql', sqlText, ...extra], {
    stdio: 'pipe',
  });
  return path.join(work, file);
};
const shapefile = (base: string, srs: string, encoding: string, cpg?: string) => {
  ogr(`${base}.shp`, 'ESRI Shapefile', ['-t_srs', srs, '-lco', `ENCODING=${encoding}`, '-nln', base]);
  const parts: Record<string, Buffer> = {};
  for (const ext of ['shp', 'shx', 'dbf', 'prj'])
    parts[`${base}.${ext}`] = readFileSync(path.join(work, `${base}.${ext}`));
  parts[`${base}.cpg`] = cpg === undefined ? readFileSync(path.join(work, `${base}.cpg`)) : Buffer.from(cpg);
  return zipFiles(parts);
};
/** A table of the facilities with the coordinates as given (lon/lat or projected X/Y). */
const table = (columns: [string, string], points: (p: [number, number]) => [number, number]) => {
  const lines = [`code,name,subtype,operator,${columns.join(',')}`];
  for (const r of truthRows) {
    const [x, y] = points([r.lon, r.lat]);
    lines.push(`${r.code},${r.name},${r.subtype},公办,${x},${y}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
};
const gaussKruger = (epsg: string) => {
  // The projected coordinates from GDAL itself (gdaltransform-free: ogr2ogr to CSV with X/Y).
  const file = ogr(`gk-${epsg}.csv`, 'CSV', ['-t_srs', `EPSG:${epsg}`, '-lco', 'GEOMETRY=AS_XY']);
  return readFileSync(file);
};

const cases: {
  format: string;
  crs: string;
  name: string;
  data: () => Buffer;
  fields?: Record<string, string>;
}[] = [
  {
    format: 'Shapefile (CP936 .cpg)',
    crs: 'CGCS2000 GK CM 105E (EPSG:4544)',
    name: 'a.zip',
    data: () => shapefile('gk4544', 'EPSG:4544', 'CP936'),
  },
  {
    format: 'Shapefile (.cpg "936")',
    crs: 'CGCS2000 GK zone 35 (EPSG:4523)',
    name: 'b.zip',
    data: () => shapefile('gk4523', 'EPSG:4523', 'CP936', '936'),
  },
  {
    format: 'Shapefile (UTF-8)',
    crs: 'CGCS2000 GK 6° zone 18 (EPSG:4494)',
    name: 'c.zip',
    data: () => shapefile('gk4494', 'EPSG:4494', 'UTF-8'),
  },
  {
    format: 'Shapefile (UTF-8)',
    crs: 'CGCS2000 geographic (EPSG:4490)',
    name: 'd.zip',
    data: () => shapefile('geo4490', 'EPSG:4490', 'UTF-8'),
  },
  {
    format: 'GeoPackage',
    crs: 'CGCS2000 GK CM 108E (EPSG:4545)',
    name: 'e.gpkg',
    data: () => readFileSync(ogr('e.gpkg', 'GPKG', ['-t_srs', 'EPSG:4545'])),
  },
  {
    format: 'GeoPackage',
    crs: 'WGS84 (EPSG:4326)',
    name: 'f.gpkg',
    data: () => readFileSync(ogr('f.gpkg', 'GPKG', [])),
  },
  { format: 'KML', crs: 'WGS84', name: 'g.kml', data: () => readFileSync(ogr('g.kml', 'LIBKML', [])) },
  {
    format: 'GeoJSON',
    crs: 'WGS84',
    name: 'h.geojson',
    data: () => readFileSync(ogr('h.geojson', 'GeoJSON', [])),
  },
  {
    format: 'XLSX (经度/纬度)',
    crs: 'WGS84',
    name: 'i.xlsx',
    data: () =>
      readFileSync(
        ogr(
          'i.xlsx',
          'XLSX',
          [],
          `SELECT code AS 编码, name AS 名称, subtype AS 类型, '公办' AS 运营方式, ST_X(geom) AS 经度, ST_Y(geom) AS 纬度 FROM facilities WHERE district_code = '${DISTRICT}'`,
        ),
      ),
  },
  {
    format: 'CSV lon/lat',
    crs: 'GCJ-02 (Amap)',
    name: 'j.csv',
    data: () => table(['lon', 'lat'], (p) => fromWgs84(p, 'gcj02') as [number, number]),
    fields: { crs: 'gcj02' },
  },
  {
    format: 'CSV lon/lat',
    crs: 'BD-09 (Baidu)',
    name: 'k.csv',
    data: () => table(['lon', 'lat'], (p) => fromWgs84(p, 'bd09') as [number, number]),
    fields: { crs: 'bd09' },
  },
  {
    format: 'CSV X/Y',
    crs: 'CGCS2000 GK CM 105E (epsg:4544 chosen)',
    name: 'l.csv',
    data: () => gaussKruger('4544'),
    fields: { crs: 'epsg:4544' },
  },
];

const results: Record<string, unknown>[] = [];
try {
  for (const c of cases) {
    const body = multipartBody(
      { collection: 'facilities', mode: 'dry-run', district: DISTRICT, ...c.fields },
      { name: c.name, data: c.data() },
    );
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body.payload,
      headers: { ...body.headers, cookie, ...FROM_APP },
    });
    const seconds = (performance.now() - started) / 1000;
    const report = response.json() as {
      rowsRead: number;
      rowsValid: number;
      crs: string;
      encoding: string | null;
      preview: { key: string; geometry: { coordinates: [number, number] } }[];
      error?: { message: string };
    };
    let worst = 0;
    for (const p of report.preview ?? []) {
      const t = truth.get(p.key);
      if (!t) continue;
      worst = Math.max(worst, haversineMetres(p.geometry.coordinates, t));
    }
    const row = {
      format: c.format,
      crs: c.crs,
      readAs: report.crs ?? report.error?.message,
      encoding: report.encoding,
      rows: report.rowsRead,
      valid: report.rowsValid,
      worstErrorM: Number(worst.toFixed(3)),
      seconds: Number(seconds.toFixed(2)),
    };
    results.push(row);
    console.log(
      `${c.format.padEnd(24)} ${c.crs.padEnd(40)} rows ${row.rows} valid ${row.valid} worst ${row.worstErrorM} m  ${row.seconds} s`,
    );
  }
  console.log(
    '\n| format | coordinate system | rows | valid | worst position error | dry run |\n|---|---|---|---|---|---|',
  );
  for (const r of results)
    console.log(`| ${r.format} | ${r.crs} | ${r.rows} | ${r.valid} | ${r.worstErrorM} m | ${r.seconds} s |`);
  mkdirSync('results', { recursive: true });
  writeFileSync('results/bench-import-formats.json', JSON.stringify({ rows: results }, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
  await app.close();
  await database.close();
}
