// Real third-party clients against the listening app: GDAL's OGCAPI and OAPIF drivers (Debian
// gdal-bin), OWSLib and QGIS's OAPIF provider (Debian python3-owslib, python3-qgis, run with the
// system python) and the OpenAPI validators (@apidevtools/swagger-parser, @redocly/cli lint).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';

const run = promisify(execFile);
let app: App;
let database: DatabaseHandle;
let base: string;
let work: string;

beforeAll(async () => {
  database = openDatabase(undefined, 10);
  app = await buildApp({ db: database.db, pool: database.pool });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  base = `http://127.0.0.1:${address.port}`;
  work = mkdtempSync(path.join(tmpdir(), 'ogc-clients-'));
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const gdal = async (tool: string, args: string[], env: Record<string, string> = {}) => {
  const { stdout, stderr } = await run(tool, args, {
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
  return { stdout, stderr };
};
/** GET as JSON; a 503 (load shedding on a busy test machine) is retried a few times. */
async function getJson(url: string) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url);
    if (response.status !== 503 || attempt === 5) return response.json();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
const matched = async (collection: string, query = '') =>
  (await getJson(`${base}/api/collections/${collection}/items?limit=1${query}`)).numberMatched as number;

describe('GDAL', () => {
  it('OGCAPI: lists every collection as a subdataset', async () => {
    const { stdout } = await gdal('ogrinfo', ['-ro', `OGCAPI:${base}/api`]);
    for (const id of ['towns', 'facilities', 'place-names', 'boundary-markers'])
      expect(stdout).toContain(`OGCAPI:${base}/api/collections/${id}`);
  });

  it('OAPIF: lists the collections with their geometry types', async () => {
    const { stdout } = await gdal('ogrinfo', ['-ro', `OAPIF:${base}/api`]);
    expect(stdout).toMatch(/towns \(title: .*\) \(Multi Polygon\)/);
    expect(stdout).toMatch(/boundary-lines \(title: .*\) \(Multi Line String\)/);
    expect(stdout).toMatch(/place-names-polygons \(title: .*\) \(Polygon\)/);
  });

  it('pages through every item (small pages), counts equal numberMatched', async () => {
    const { stdout } = await gdal('ogrinfo', [
      '-ro',
      '-al',
      '-q',
      '-oo',
      'PAGE_SIZE=97',
      `OAPIF:${base}/api`,
      'villages',
    ]);
    const read = stdout.split('\n').filter((l) => l.startsWith('OGRFeature(villages)')).length;
    expect(read).toBe(await matched('villages'));
  });

  it('sends bbox and the attribute filter to the server (nothing evaluated on the client)', async () => {
    const { stdout, stderr } = await gdal(
      'ogrinfo',
      [
        '-ro',
        '-al',
        '-q',
        `OAPIF:${base}/api`,
        'facilities',
        '-where',
        "category = 'elderly_care' AND beds > 10",
        '-spat',
        '105.4',
        '29.3',
        '106.0',
        '29.9',
      ],
      { CPL_DEBUG: 'ON' },
    );
    const log = stdout + stderr;
    expect(log).not.toMatch(/evaluated on client side/);
    expect(log).toMatch(/items\?[^)]*bbox=105\.4[^)]*filter=/);
    const read = stdout.split('\n').filter((l) => l.startsWith('OGRFeature(facilities)')).length;
    const filter = encodeURIComponent("category = 'elderly_care' AND beds > 10");
    expect(read).toBe(await matched('facilities', `&bbox=105.4,29.3,106.0,29.9&filter=${filter}`));
    expect(read).toBeGreaterThan(0);
  });

  it('ogr2ogr to GeoPackage and Shapefile without errors, every feature written', async () => {
    const gpkg = path.join(work, 'atlas.gpkg');
    const toGpkg = await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${base}/api`, '-oo', 'PAGE_SIZE=1000']);
    expect(toGpkg.stderr).not.toMatch(/ERROR/);
    const info = (await gdal('ogrinfo', ['-ro', '-so', '-al', gpkg])).stdout;
    for (const id of ['towns', 'villages', 'place-names', 'boundary-markers']) {
      const count = new RegExp(`Layer name: ${id}\\n[\\s\\S]*?Feature Count: (\\d+)`).exec(info)?.[1];
      expect(Number(count), id).toBe(await matched(id));
    }
    const shp = path.join(work, 'shp');
    const layers = [
      'towns',
      'facilities',
      'boundary-lines',
      'place-names-points',
      'place-names-lines',
      'place-names-polygons',
    ];
    const toShp = await gdal('ogr2ogr', [
      '-f',
      'ESRI Shapefile',
      '-lco',
      'ENCODING=UTF-8',
      shp,
      `OAPIF:${base}/api`,
      ...layers,
      '-oo',
      'PAGE_SIZE=1000',
    ]);
    expect(toShp.stderr).not.toMatch(/ERROR/);
    const shpInfo = (await gdal('ogrinfo', ['-ro', '-so', '-al', shp])).stdout;
    expect(shpInfo).toMatch(/Layer name: place-names-polygons\n(?:.*\n)*?Geometry: Polygon/);
    const towns = (
      await gdal('ogrinfo', ['-ro', '-al', '-q', path.join(shp, 'towns.shp'), '-where', "code = '500111100'"])
    ).stdout;
    expect(towns).toMatch(/name \(String\) = \S*[镇街乡]/); // Chinese names survive the DBF
  });
});

describe('OWSLib', () => {
  it('reads landing page, conformance, collections, items with bbox, a CQL2 filter and a CRS', async () => {
    const script = path.join(work, 'ows_client.py');
    writeFileSync(
      script,
      `import json, sys
from owslib.ogcapi.features import Features
w = Features(sys.argv[1])
out = {'landing': [l['rel'] for l in w.links], 'conformance': w.conformance()['conformsTo']}
out['collections'] = [c['id'] for c in w.collections()['collections']]
b = w.collection_items('facilities', bbox=[105.6, 29.5, 105.9, 29.8], limit=10000)
out['bbox'] = sorted(f['id'] for f in b['features'])
f = w.collection_items('facilities', limit=10000, filter="category = 'elderly_care' AND beds >= 50", **{'filter-lang': 'cql2-text'})
out['filter'] = sorted(x['id'] for x in f['features'])
c = w.collection_items('villages', limit=2, crs='http://www.opengis.net/def/crs/EPSG/0/4490')
out['crs'] = [x['geometry']['coordinates'] for x in c['features']]
out['queryables'] = sorted(w.collection_queryables('facilities')['properties'].keys())
print(json.dumps(out))
`,
    );
    const { stdout } = await run('/usr/bin/python3', [script, `${base}/api`], {
      timeout: 120_000,
      maxBuffer: 16 << 20,
    });
    const out = JSON.parse(stdout);
    expect(out.landing).toEqual(expect.arrayContaining(['service-desc', 'conformance', 'data']));
    expect(out.conformance).toContain('http://www.opengis.net/spec/cql2/1.0/conf/cql2-text');
    expect(out.collections).toContain('place-names');
    const byApi = async (query: string) =>
      (
        (await getJson(`${base}/api/collections/facilities/items?limit=10000&${query}`)).features as {
          id: number;
        }[]
      )
        .map((f) => f.id)
        .sort((a, b) => a - b);
    expect(out.bbox).toEqual(await byApi('bbox=105.6,29.5,105.9,29.8'));
    const everything = (await getJson(`${base}/api/collections/facilities/items?limit=10000`)).features as {
      id: number;
      properties: { category: string; beds: number | null };
    }[];
    expect(out.filter).toEqual(
      everything
        .filter((f) => f.properties.category === 'elderly_care' && (f.properties.beds ?? -1) >= 50)
        .map((f) => f.id)
        .sort((a, b) => a - b),
    );
    const villages = (await getJson(`${base}/api/collections/villages/items?limit=2`)).features as {
      geometry: { coordinates: [number, number] };
    }[];
    out.crs.forEach(([lat, lon]: [number, number], i: number) => {
      expect(lat).toBeCloseTo(villages[i]!.geometry.coordinates[1], 5);
      expect(lon).toBeCloseTo(villages[i]!.geometry.coordinates[0], 5);
    });
    expect(out.queryables).toEqual(expect.arrayContaining(['beds', 'category', 'geometry']));
  });
});

describe('QGIS (its own OAPIF provider, headless)', () => {
  it('adds collections as layers of the right geometry type and reads every feature, and a box', async () => {
    const script = path.join(work, 'qgis_layers.py');
    writeFileSync(
      script,
      `import json, os, sys
os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import QgsApplication, QgsVectorLayer, QgsWkbTypes, QgsRectangle, QgsFeatureRequest
app = QgsApplication([], False)
app.initQgis()
out = {}
for name in sys.argv[2].split(','):
    layer = QgsVectorLayer(f"url='{sys.argv[1]}' typename='{name}' pageSize='500'", name, 'OAPIF')
    info = {'valid': layer.isValid()}
    if layer.isValid():
        info['geometry'] = QgsWkbTypes.displayString(layer.wkbType())
        info['fields'] = [f.name() for f in layer.fields()]
        info['read'] = sum(1 for _ in layer.getFeatures())
        box = QgsFeatureRequest().setFilterRect(QgsRectangle(105.6, 29.5, 105.9, 29.8))
        info['inBox'] = sum(1 for _ in layer.getFeatures(box))
    out[name] = info
print(json.dumps(out), flush=True)
os._exit(0)  # QGIS 3.22 can crash in exitQgis() while layers are alive; the answer is out
`,
    );
    const names = ['towns', 'facilities', 'boundary-lines', 'place-names-polygons'];
    const { stdout } = await run('/usr/bin/python3', [script, `${base}/api`, names.join(',')], {
      timeout: 240_000,
      maxBuffer: 16 << 20,
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: work },
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out.towns).toMatchObject({ valid: true, geometry: 'MultiPolygon' });
    expect(out['boundary-lines']).toMatchObject({ valid: true, geometry: 'MultiLineString' });
    expect(out['place-names-polygons']).toMatchObject({ valid: true, geometry: 'Polygon' });
    expect(out.facilities.fields).toEqual(expect.arrayContaining(['name', 'beds', 'subtype']));
    for (const name of names) expect(out[name].read, name).toBe(await matched(name));
    expect(out.facilities.inBox).toBe(await matched('facilities', '&bbox=105.6,29.5,105.9,29.8'));
  });
});

describe('OpenAPI', () => {
  it.each(['/docs/json', '/api/openapi'])(
    '%s validates (swagger-parser) and lints with 0 errors (Redocly)',
    async (url) => {
      const document = await getJson(`${base}${url}`);
      await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
      const file = path.join(work, `${url.replace(/\W+/g, '_')}.json`);
      writeFileSync(file, JSON.stringify(document));
      const redocly = path.resolve(import.meta.dirname, '../../node_modules/.bin/redocly');
      const { stdout, stderr } = await run(redocly, ['lint', file, '--format=summary'], {
        timeout: 120_000,
      }).catch((error: { stdout: string; stderr: string }) => error);
      expect(stdout + stderr).not.toMatch(/^error\s/m);
      expect(stdout + stderr).toMatch(/valid/);
      const operations = Object.values(
        document.paths as Record<string, Record<string, { operationId?: string }>>,
      ).flatMap((p) => Object.values(p));
      expect(operations.every((op) => typeof op.operationId === 'string')).toBe(true);
    },
  );
});
