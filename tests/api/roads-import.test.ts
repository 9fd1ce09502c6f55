// Road lines into the walking network, two ways: a bureau's GeoPackage through the import (noded
// where lines cross, motorways left out of the graph, undo brings the old network back), and an
// OpenStreetMap extract the test writes, through `npm run roads:import` (osmium + osm2pgrouting).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertNetworkFixture,
  NETWORK_DISTRICT,
  removeNetworkFixture,
} from '../fixtures/network/hand-made.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';
import { importer } from '../helpers/imports.ts';

const run = promisify(execFile);
// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let cookie = '';
let dir = '';
const { upload } = importer(ctx, () => cookie);
beforeAll(async () => {
  await insertNetworkFixture(ctx.app.db);
  cookie = await signIn(ctx.app, 'planner');
  dir = await mkdtemp(path.join(tmpdir(), 'roads-test-'));
});
afterAll(async () => {
  await removeNetworkFixture(ctx.app.db);
  await rm(dir, { recursive: true, force: true });
});

const edges = async () =>
  (
    await sql<{
      road_code: string;
      kind: string;
      source: string;
      target: string;
      cost: number;
      reverse_cost: number;
    }>`
      SELECT road_code, kind, source, target, cost, reverse_cost FROM road_edges
      WHERE district_code = ${NETWORK_DISTRICT} ORDER BY road_code, id`.execute(ctx.app.db)
  ).rows;

const line = (code: string, kind: string, coordinates: number[][], extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { 编码: code, 名称: `${code}路`, 道路等级: kind, ...extra },
  geometry: { type: 'LineString', coordinates },
});

describe('roads from a bureau file', () => {
  it('imports a GeoPackage: crossing lines are noded, motorways stay out of the graph, undo restores the old network', async () => {
    const before = await edges();
    expect(before).toHaveLength(9);
    const geojson = path.join(dir, 'roads.geojson');
    await writeFile(
      geojson,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          line('X-EW', '街巷', [
            [109.995, 30.0],
            [110.005, 30.0],
          ]),
          line(
            'X-NS',
            'residential',
            [
              [110.0, 29.995],
              [110.0, 30.005],
            ],
            { 单行: '单向' },
          ),
          line('M-1', '高速公路', [
            [109.995, 30.004],
            [110.005, 29.996],
          ]),
        ],
      }),
    );
    const gpkg = path.join(dir, 'roads.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', gpkg, geojson, '-nln', '道路']);
    const response = await upload(
      { collection: 'roads', mode: 'commit', district: NETWORK_DISTRICT },
      { name: 'roads.gpkg', data: await readFile(gpkg) },
    );
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ committed: true, inserted: 3, rowsInvalid: 0 });
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('synthetic_roads_unused');

    const after = await edges();
    // Each street split at the crossing: 4 edges; the motorway is a road record but no edge.
    expect(after.map((e) => e.road_code)).toEqual(['X-EW', 'X-EW', 'X-NS', 'X-NS']);
    const ends = after.flatMap((e) => [e.source, e.target]);
    const junction = [...new Set(ends)].filter((v) => ends.filter((x) => x === v).length === 4);
    expect(junction).toHaveLength(1);
    // The one-way street may be walked along its direction (south → north) only.
    for (const e of after.filter((x) => x.road_code === 'X-NS')) expect(e.reverse_cost).toBe(-1);
    const { rows } = await sql<{ kind: string; origin: string }>`
      SELECT kind, origin FROM roads WHERE code = 'M-1'`.execute(ctx.app.db);
    expect(rows[0]).toEqual({ kind: 'motorway', origin: 'imported' });

    // Walking coverage now uses the imported streets: W6 at K (1000 m east) is off the new network.
    const coverage = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: {
        district: NETWORK_DISTRICT,
        radiusMeters: 1000,
        measure: 'network',
        facilities: { categories: ['elderly_care'] },
      },
    });
    expect(coverage.json().network.graph).toEqual({ edges: 4, vertices: 5 });

    const undo = await ctx.app.inject({
      method: 'POST',
      url: `/api/imports/${report.importId}/undo`,
      headers: { cookie, ...FROM_APP },
      payload: {},
    });
    expect(undo.statusCode, undo.body).toBe(200);
    // The same edges again (vertices are numbered anew by the rebuild).
    const shape = (list: typeof before) => list.map((e) => [e.road_code, e.kind, e.cost, e.reverse_cost]);
    expect(shape(await edges())).toEqual(shape(before));
  });

  it('a viewer may not import roads', async () => {
    const viewer = await signIn(ctx.app, 'viewer');
    const response = await upload(
      { collection: 'roads', mode: 'dry-run', district: NETWORK_DISTRICT },
      { name: 'roads.geojson', data: Buffer.from('{"type":"FeatureCollection","features":[]}') },
      viewer,
    );
    expect(response.statusCode).toBe(403);
  });
});

describe('npm run roads:import from an OpenStreetMap extract', () => {
  it('clips to the district, keeps walking ways only, splits at junctions and keeps a footway one-way', async () => {
    // Nodes near O (110, 30); node 9 is 100 km away, outside the district and its margin.
    const nodes: [number, number, number][] = [
      [1, 109.996, 30.0],
      [2, 110.0, 30.0],
      [3, 110.004, 30.0],
      [4, 110.0, 30.004],
      [5, 110.004, 30.004],
      [6, 109.996, 30.003],
      [7, 110.004, 29.996],
      [8, 111.0, 30.0],
      [9, 111.001, 30.0],
    ];
    const way = (id: number, refs: number[], tags: Record<string, string>) =>
      `<way id="${id}" version="1">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${Object.entries(tags)
        .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
        .join('')}</way>`;
    const osm = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="civic-atlas test">
${nodes.map(([id, lon, lat]) => `<node id="${id}" version="1" lat="${lat}" lon="${lon}"/>`).join('\n')}
${way(100, [1, 2, 3], { highway: 'residential', name: '正街', oneway: 'yes' })}
${way(101, [2, 4, 5], { highway: 'footway', oneway: 'yes' })}
${way(102, [6, 7], { highway: 'motorway', name: '高速' })}
${way(103, [3, 5], { highway: 'steps' })}
${way(104, [8, 9], { highway: 'footway', name: '远处' })}
${way(105, [6, 1], { highway: 'path', foot: 'no' })}
</osm>`;
    const file = path.join(dir, 'extract.osm');
    await writeFile(file, osm);
    const { stdout } = await run(
      'bash',
      ['scripts/roads-import.sh', file, '--district', NETWORK_DISTRICT, '--user', 'planner'],
      {
        env: { ...process.env },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ committed: true, collection: 'roads', rowsInvalid: 0 });
    const { rows } = await sql<{
      code: string;
      kind: string;
      oneway: string;
      noded: boolean;
      name: string | null;
    }>`
      SELECT code, kind, oneway, noded, name FROM roads WHERE district_code = ${NETWORK_DISTRICT} AND code LIKE 'osm:%'
      ORDER BY code`.execute(ctx.app.db);
    // Way 100 is split at node 2, where the footway starts; one-way streets are two-way on foot.
    expect(rows).toEqual([
      { code: 'osm:100:1-2', kind: 'residential', oneway: 'no', noded: true, name: '正街' },
      { code: 'osm:100:2-3', kind: 'residential', oneway: 'no', noded: true, name: '正街' },
      { code: 'osm:101:2-5', kind: 'footway', oneway: 'yes', noded: true, name: null },
      { code: 'osm:103:3-5', kind: 'steps', oneway: 'no', noded: true, name: null },
    ]);
    const after = await edges();
    expect(after.filter((e) => e.road_code.startsWith('osm:'))).toHaveLength(4);
    const footway = after.find((e) => e.road_code === 'osm:101:2-5')!;
    expect(footway.reverse_cost).toBe(-1);
    expect(footway.cost).toBeGreaterThan(800);
  });
});
