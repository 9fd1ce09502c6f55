// Nothing we run fetches from the network on a user's behalf. A local TCP listener stands for any
// host a file could name; every import format (GeoJSON with each kind of `crs` member, zipped
// GeoJSON, KML with network links and remote hrefs, GeoPackage whose SRS definition is a URL,
// Shapefile whose .prj is a URL, CSV and XLSX with URL cells) is dry-run by a planner, every export
// format is downloaded, and the listener must never see a connection. Two more tests prove each
// wall alone (server/modules/security/gdal-sandbox.ts): GDAL's configuration without the network
// namespace, and the namespace, each on a file whose crs link was NOT rewritten.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GDAL_ENV, gdalSandbox, runGdalTool } from '../../server/modules/security/gdal-sandbox.ts';
import { csvFile, shapefileZip, zipFiles } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { importer } from '../helpers/imports.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper (beforeAll/afterAll), not a React hook
const ctx = useTestApp();
const work = mkdtempSync(path.join(tmpdir(), 'civic-no-network-'));
let planner: string;
let listener: net.Server;
let url = '';
/** Every connection the listener was offered, with what it was sent first. */
const connections: string[] = [];

beforeAll(async () => {
  planner = await signIn(ctx.app, 'planner', 'test-no-network-planner');
  listener = net.createServer((socket) => {
    socket.once('data', (d) => connections.push(d.toString('latin1').split('\r\n')[0]!));
    socket.on('error', () => {});
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  listener.on('connection', () => connections.push('(connected)'));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const { upload } = importer(ctx, () => planner);
const dryRun = (name: string, data: Buffer) =>
  upload({ collection: 'facilities', crs: 'auto', mode: 'dry-run' }, { name, data });

const point = {
  type: 'Feature',
  properties: { code: 'NONET-1', name: '无网测试', subtype: 'canteen', operator: '公办' },
};
const geojson = (crs: unknown, geometryCrs?: unknown) =>
  Buffer.from(
    JSON.stringify({
      type: 'FeatureCollection',
      crs,
      features: [
        {
          ...point,
          geometry: {
            type: 'Point',
            coordinates: [105.72, 29.7],
            ...(geometryCrs ? { crs: geometryCrs } : {}),
          },
        },
      ],
    }),
  );

/** A GeoJSON file of ours turned into another format by GDAL (outside the app, no URL in it). */
function converted(format: string, file: string, extra: string[] = []): string {
  const source = path.join(work, `source-${file}.geojson`);
  writeFileSync(source, geojson(undefined));
  const target = path.join(work, file);
  execFileSync('ogr2ogr', ['-f', format, target, source, ...extra], { stdio: 'pipe' });
  return target;
}

const kml = () =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<NetworkLink><name>remote</name><Link><href>${url}/network-link.kml</href><refreshMode>onInterval</refreshMode></Link></NetworkLink>
<Style id="s"><IconStyle><Icon><href>${url}/icon.png</href></Icon></IconStyle></Style>
<Schema name="s1" id="s1"><SimpleField name="code" type="string"/><SimpleField name="subtype" type="string"/><SimpleField name="operator" type="string"/></Schema>
<Placemark><name>无网测试</name><styleUrl>${url}/style.kml#s</styleUrl>
<ExtendedData><SchemaData schemaUrl="${url}/schema.kml#s1"><SimpleData name="code">NONET-2</SimpleData><SimpleData name="subtype">canteen</SimpleData><SimpleData name="operator">公办</SimpleData></SchemaData></ExtendedData>
<Point><coordinates>105.72,29.7</coordinates></Point></Placemark>
</Document></kml>`);

const FILES: [string, () => { name: string; data: Buffer }][] = [
  [
    'GeoJSON, crs link (href)',
    () => ({
      name: 'a.geojson',
      data: geojson({ type: 'link', properties: { href: `${url}/crs.wkt`, type: 'ogcwkt' } }),
    }),
  ],
  [
    'GeoJSON, crs url',
    () => ({ name: 'b.geojson', data: geojson({ type: 'url', properties: { url: `${url}/crs.wkt` } }) }),
  ],
  [
    'GeoJSON, crs name that is a URL',
    () => ({ name: 'c.geojson', data: geojson({ type: 'name', properties: { name: `${url}/crs` } }) }),
  ],
  [
    'GeoJSON, crs link on a geometry',
    () => ({
      name: 'd.geojson',
      data: geojson(undefined, { type: 'link', properties: { href: `${url}/g.wkt` } }),
    }),
  ],
  [
    'zipped GeoJSON, crs link',
    () => ({
      name: 'e.zip',
      data: zipFiles({ 'layer.geojson': geojson({ type: 'link', properties: { href: `${url}/zip.wkt` } }) }),
    }),
  ],
  ['KML with a network link and remote hrefs', () => ({ name: 'f.kml', data: kml() })],
  [
    'KMZ with a network link and remote hrefs',
    () => ({ name: 'g.kmz', data: zipFiles({ 'doc.kml': kml() }) }),
  ],
  [
    'GeoPackage whose SRS definition is a URL',
    () => {
      const file = converted('GPKG', 'h.gpkg', ['-nln', 'facilities']);
      execFileSync('sqlite3', [
        file,
        `UPDATE gpkg_spatial_ref_sys SET definition = '${url}/gpkg.wkt' WHERE srs_id = 4326`,
      ]);
      return { name: 'h.gpkg', data: readFileSync(file) };
    },
  ],
  [
    'Shapefile whose .prj is a URL',
    () => ({
      name: 'i.zip',
      data: shapefileZip({
        fields: [
          { name: 'code', length: 20 },
          { name: 'name', length: 40 },
          { name: 'subtype', length: 20 },
          { name: 'operator', length: 20 },
        ],
        records: [{ point: [105.72, 29.7], values: ['NONET-3', '无网测试', 'canteen', '公办'] }],
        prj: `${url}/shapefile.prj`,
      }),
    }),
  ],
  [
    'CSV with URL cells',
    () => ({
      name: 'j.csv',
      data: csvFile(
        ['code', 'name', 'subtype', 'operator', 'lon', 'lat', 'address'],
        [['NONET-4', `${url}/cell`, 'canteen', '公办', 105.72, 29.7, `${url}/address`]],
      ),
    }),
  ],
  [
    'XLSX with URL cells',
    () => {
      const csv = path.join(work, 'k.csv');
      writeFileSync(
        csv,
        csvFile(
          ['code', 'name', 'subtype', 'operator', 'lon', 'lat'],
          [['NONET-5', `${url}/cell`, 'canteen', '公办', 105.72, 29.7]],
        ),
      );
      const xlsx = path.join(work, 'k.xlsx');
      execFileSync('ogr2ogr', ['-f', 'XLSX', xlsx, csv], { stdio: 'pipe' });
      return { name: 'k.xlsx', data: readFileSync(xlsx) };
    },
  ],
];

describe('imports fetch nothing, whatever the file names', () => {
  for (const [label, make] of FILES) {
    it(label, async () => {
      const before = connections.length;
      const file = make();
      const response = await dryRun(file.name, file.data);
      // Read to the end (a dry-run report), not refused before GDAL saw the file.
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      expect(connections.slice(before)).toEqual([]);
    });
  }

  it('says a crs link was ignored, and keeps a crs named by EPSG code', async () => {
    const before = connections.length;
    const link = await dryRun('l.geojson', geojson({ type: 'link', properties: { href: `${url}/crs.wkt` } }));
    expect(link.statusCode).toBe(200);
    expect(link.json().warnings.map((w: { code: string }) => w.code)).toContain('crs_ignored');
    // CGCS2000 3-degree Gauss-Krüger CM 105E, named the way QGIS writes it: read in that system.
    const named = await dryRun(
      'm.geojson',
      Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4544' } },
          features: [{ ...point, geometry: { type: 'Point', coordinates: [569_600, 3_285_500] } }],
        }),
      ),
    );
    expect(named.statusCode).toBe(200);
    expect(named.json().crs).toContain('4544');
    expect(named.json().warnings.map((w: { code: string }) => w.code)).not.toContain('crs_ignored');
    expect(connections.slice(before)).toEqual([]);
  });
});

describe('exports fetch nothing', () => {
  it('every format of three collections', async () => {
    const before = connections.length;
    for (const collection of ['facilities', 'place-names', 'boundary-lines'])
      for (const format of ['geojson', 'csv', 'shp', 'gpkg', 'xlsx']) {
        const response = await ctx.app.inject({
          method: 'GET',
          url: `/api/exports/${collection}.${format}?district=500111`,
          headers: { cookie: planner },
        });
        expect(response.statusCode, `${collection}.${format}`).toBe(200);
      }
    expect(connections.slice(before)).toEqual([]);
  });
});

describe('each wall alone keeps GDAL off the network (a crs link GDAL would fetch)', () => {
  const linked = () => {
    const file = path.join(work, 'linked.geojson');
    writeFileSync(file, geojson({ type: 'link', properties: { href: `${url}/wall.wkt`, type: 'ogcwkt' } }));
    return file;
  };

  it('without our configuration or namespace, GDAL does fetch it (the listener works)', async () => {
    const before = connections.length;
    await new Promise((resolve) => {
      const child = spawn('ogrinfo', ['-ro', '-so', '-al', linked()], { stdio: 'ignore' });
      child.on('close', resolve);
    });
    expect(connections.length).toBeGreaterThan(before);
    connections.length = before;
  });

  it('the configuration alone: no connection', async () => {
    const before = connections.length;
    await new Promise((resolve) => {
      const child = spawn('ogrinfo', ['-ro', '-so', '-al', linked()], { stdio: 'ignore', env: GDAL_ENV });
      child.on('close', resolve);
    });
    expect(connections.slice(before)).toEqual([]);
  });

  it('the network namespace alone: no connection', async () => {
    const sandbox = gdalSandbox();
    if (process.getuid?.() === 0) expect(sandbox.kind).toBe('network namespace');
    if (sandbox.prefix.length === 0) return; // a platform without namespaces: the configuration holds alone
    const before = connections.length;
    await new Promise((resolve) => {
      const child = spawn(
        sandbox.prefix[0]!,
        [...sandbox.prefix.slice(1), 'ogrinfo', '-ro', '-so', '-al', linked()],
        {
          stdio: 'ignore',
        },
      );
      child.on('close', resolve);
    });
    expect(connections.slice(before)).toEqual([]);
    // And what the app runs (both walls) reads the file, only without the link's system.
    const run = await runGdalTool('ogrinfo', ['-ro', '-so', '-al', linked()], { timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    expect(connections.slice(before)).toEqual([]);
  });
});
