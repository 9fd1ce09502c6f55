// The field kit's server side: base layers from the configuration (天地图, a URL, a PMTiles or
// MBTiles file made here by GDAL) with the CSP allowing only their hosts, the PMTiles file served
// with range requests, offline packages for a line / town / district, marker filters and the
// boundary search.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader as Protobuf } from 'pbf';
import sharp from 'sharp';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { expandTiles } from '../../server/contract/field-kit.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { mbtilesToPmtiles, rasterMbtiles, vectorMbtiles, waterOver } from '../helpers/tile-packages.ts';
import { tileAt as tileOf } from '../helpers/tiles.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'civic-basemap-'));
let vectorMb = '';
let pmtiles = '';
let raster = '';
// A square around 大足 (Dazu), where the demo data is.
const BBOX: [number, number, number, number] = [105.6, 29.6, 105.8, 29.8];

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp(async () => {
  vectorMb = vectorMbtiles(dir, waterOver([105.65, 29.65, 105.75, 29.75]));
  pmtiles = await mbtilesToPmtiles(vectorMb, path.join(dir, 'vector.pmtiles'));
  raster = rasterMbtiles(dir, BBOX, [40, 160, 90]);
  return {
    basemaps: {
      file: pmtiles,
      tiandituKey: 'abcdef0123456789abcdef0123456789',
      url: 'https://tiles.example.org/{z}/{x}/{y}.png',
      urlAttribution: '© Example',
    },
  };
});

/** The tile [x, y] at zoom z containing a point. */
const tileAt = (lon: number, lat: number, z: number): [number, number] => {
  const { x, y } = tileOf(lon, lat, z);
  return [x, y];
};

describe('base maps', () => {
  it('lists the configured base layers with attribution, and the CSP allows only their hosts', async () => {
    const response = await ctx.app.inject({ url: '/api/basemaps' });
    expect(response.statusCode).toBe(200);
    const layers = response.json().layers as Record<string, unknown>[];
    expect(layers.map((l) => l.id)).toEqual(['file', 'tianditu-vec', 'tianditu-img', 'url']);
    expect(layers[0]).toMatchObject({
      kind: 'vector',
      format: 'pmtiles',
      url: '/basemap/file.pmtiles',
      vectorLayers: ['basemap'],
      attribution: '测试底图（由测试生成）',
      minzoom: 10,
      maxzoom: 14,
      offline: true,
    });
    const vec = layers[1] as {
      tiles: string[];
      overlay: { tiles: string[] };
      offline: boolean;
      attribution: string;
    };
    expect(vec.tiles[0]).toContain('https://t0.tianditu.gov.cn/vec_w/wmts?');
    expect(vec.tiles[0]).toContain('tk=abcdef0123456789abcdef0123456789');
    expect(vec.overlay.tiles[0]).toContain('/cva_w/wmts?');
    expect((layers[2] as { overlay: { tiles: string[] } }).overlay.tiles[0]).toContain('/cia_w/wmts?');
    expect(vec.offline).toBe(false);
    expect(vec.attribution).toContain('天地图');
    expect(layers[3]).toMatchObject({
      kind: 'raster',
      tiles: ['https://tiles.example.org/{z}/{x}/{y}.png'],
      attribution: '© Example',
    });

    const csp = String(response.headers['content-security-policy']);
    const connect = /connect-src ([^;]+)/.exec(csp)![1]!.split(' ');
    expect(connect).toEqual([
      "'self'",
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn`),
      'https://tiles.example.org',
    ]);
  });

  it('serves the PMTiles file with range requests', async () => {
    const size = readFileSync(pmtiles).length;
    const head = await ctx.app.inject({ url: '/basemap/file.pmtiles', headers: { range: 'bytes=0-126' } });
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-126/${size}`);
    expect(head.rawPayload.length).toBe(127);
    expect(head.rawPayload.subarray(0, 7).toString('latin1')).toBe('PMTiles');
    const tail = await ctx.app.inject({ url: '/basemap/file.pmtiles', headers: { range: 'bytes=-10' } });
    expect(tail.rawPayload).toEqual(readFileSync(pmtiles).subarray(size - 10));
    const whole = await ctx.app.inject({ url: '/basemap/file.pmtiles' });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.length).toBe(size);
    const outside = await ctx.app.inject({
      url: '/basemap/file.pmtiles',
      headers: { range: `bytes=${size}-` },
    });
    expect(outside.statusCode).toBe(416);
  });

  it('serves the file’s tiles by z/x/y: the same bytes GDAL wrote, decodable as MVT', async () => {
    const [x, y] = tileAt(105.7, 29.7, 12);
    const response = await ctx.app.inject({ url: `/basemap/tiles/12/${x}/${y}.pbf` });
    expect(response.statusCode, response.body).toBe(200);
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(vectorMb));
    const stored = db.exec(
      `SELECT tile_data FROM tiles WHERE zoom_level = 12 AND tile_column = ${x} AND tile_row = ${2 ** 12 - 1 - y}`,
    )[0]!.values[0]![0] as Uint8Array;
    db.close();
    expect(response.rawPayload).toEqual(gunzipSync(stored));
    const tile = new VectorTile(new Protobuf(response.rawPayload));
    expect(Object.keys(tile.layers)).toEqual(['basemap']);
    expect(tile.layers.basemap!.feature(0).properties.name).toBe('测试水库');
    // Outside the data: an empty vector tile, not an error.
    expect((await ctx.app.inject({ url: '/basemap/tiles/12/0/0.pbf' })).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: `/basemap/tiles/12/${x}/${y}.png` })).statusCode).toBe(400);
  });

  it('serves a raster MBTiles as PNG tiles', async () => {
    const app = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, basemaps: { file: raster } });
    try {
      const [layer] = (await app.inject({ url: '/api/basemaps' })).json().layers;
      expect(layer).toMatchObject({
        kind: 'raster',
        format: 'mbtiles',
        tileFormat: 'png',
        name: { zh: '测试影像' },
      });
      const z = layer.maxzoom as number;
      const [x, y] = tileAt(105.7, 29.7, z);
      const response = await app.inject({ url: `/basemap/tiles/${z}/${x}/${y}.png` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      const { data, info } = await sharp(response.rawPayload)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(256);
      expect([...data.subarray(0, 3)]).toEqual([40, 160, 90]);
    } finally {
      await app.close();
    }
  });
});

describe('offline packages', () => {
  it('holds a line’s records, the tiles covering it and a size made of measured parts', async () => {
    const { rows } = await sql<{
      id: string;
      n: number;
    }>`SELECT l.id, count(m.id)::int AS n FROM boundary_lines l
      JOIN boundary_markers m ON m.line_id = l.id AND m.deleted_at IS NULL
      WHERE l.deleted_at IS NULL AND l.district_code = '500111' GROUP BY l.id ORDER BY l.id LIMIT 1`.execute(
      ctx.app.db,
    );
    const line = rows[0]!;
    const response = await ctx.app.inject({ url: `/api/offline-package?line=${line.id}` });
    expect(response.statusCode, response.body).toBe(200);
    const pack = response.json();
    expect(pack.area).toMatchObject({ kind: 'line', key: line.id, district: '500111' });
    expect(pack.records['boundary-lines'].map((l: { id: number }) => l.id)).toEqual([Number(line.id)]);
    expect(pack.records['boundary-markers'].length).toBe(line.n);
    expect(
      pack.records['boundary-markers'].every((m: { lineId: number }) => m.lineId === Number(line.id)),
    ).toBe(true);
    // Anonymous: public fields only, no photos.
    expect(pack.records['boundary-markers'].some((m: object) => 'note' in m)).toBe(false);
    expect(pack.photos).toEqual([]);

    const zooms = pack.tiles.zooms as { z: number; count: number; rows: [number, number, number][] }[];
    expect(zooms.map((z) => z.z)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    const tiles = [...expandTiles(zooms)];
    expect(tiles.length).toBe(zooms.reduce((n, z) => n + z.count, 0));
    expect(new Set(tiles.map((t) => t.join('/'))).size).toBe(tiles.length);
    // Every tile touches the line's bounding box grown by the 500 m buffer.
    const [w, s, e, n] = pack.area.bbox as number[];
    for (const [z, x, y] of tiles.filter(([z]) => z === 17)) {
      const [x0, y1] = tileAt(w!, s!, z);
      const [x1, y0] = tileAt(e!, n!, z);
      expect(x >= x0 && x <= x1 && y >= y0 && y <= y1).toBe(true);
    }
    const overlayTiles = zooms.filter((z) => z.z <= 14).reduce((sum, z) => sum + z.count, 0);
    expect(pack.estimate.overlayTiles.count).toBe(overlayTiles * pack.tiles.layers.length);
    expect(pack.estimate.overlayTiles.bytes).toBeGreaterThan(0);
    expect(pack.tiles.basemap).toEqual({
      template: '/basemap/tiles/{z}/{x}/{y}.pbf',
      minzoom: 10,
      maxzoom: 14,
    });
    expect(pack.estimate.basemapTiles.count).toBe(
      zooms.filter((z) => z.z <= 14).reduce((sum, z) => sum + z.count, 0),
    );
    const { bytes, overlayTiles: o, basemapTiles: b, records, photos } = pack.estimate;
    expect(bytes).toBe(o.bytes + b.bytes + records.bytes + photos.bytes);
  });

  it('gives staff the thumbnails of the area’s photos, and a district holds all its lines', async () => {
    const staff = await signIn(ctx.app, 'viewer');
    const pack = (
      await ctx.app.inject({ url: '/api/offline-package?district=500111', headers: { cookie: staff } })
    ).json();
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_lines
      WHERE district_code = '500111' AND deleted_at IS NULL`.execute(ctx.app.db);
    expect(pack.records['boundary-lines'].length).toBe(rows[0]!.n);
    const withPhotos = pack.records['boundary-markers'].filter(
      (m: { photoIds: number[] }) => m.photoIds.length,
    );
    const ids = new Set(withPhotos.flatMap((m: { photoIds: number[] }) => m.photoIds));
    for (const id of ids)
      expect(pack.photos).toContainEqual(
        expect.objectContaining({ id, thumbnailUrl: `/api/photos/${id}/thumbnail` }),
      );
    expect(pack.tiles.zooms.at(-1).count).toBeGreaterThan(pack.tiles.zooms[0].count * 1000);
  });

  it('names exactly one area', async () => {
    const both = await ctx.app.inject({ url: '/api/offline-package?district=500111&line=1' });
    expect(both.statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/offline-package?town=999999999' })).statusCode).toBe(404);
  });
});

describe('finding what needs fixing', () => {
  it('filters markers by condition and line; the counts agree with the statistics', async () => {
    const stats = (await ctx.app.inject({ url: '/api/boundaries/stats?district=500111' })).json();
    const damaged = (
      await ctx.app.inject({ url: '/api/boundary-markers?district=500111&condition=damaged,missing' })
    ).json().items as { condition: string; lineId: number }[];
    expect(new Set(damaged.map((m) => m.condition))).toEqual(new Set(['damaged', 'missing']));
    expect(damaged.length).toBe(
      stats.district.markersByCondition.damaged + stats.district.markersByCondition.missing,
    );
    const lineId = damaged[0]!.lineId;
    const onLine = (
      await ctx.app.inject({ url: `/api/boundary-markers?line=${lineId}&condition=damaged,missing` })
    ).json().items as { lineId: number }[];
    expect(onLine.length).toBe(damaged.filter((m) => m.lineId === lineId).length);
    const bad = await ctx.app.inject({ url: '/api/boundary-markers?condition=broken' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.condition');
    const overdue = (
      await ctx.app.inject({ url: '/api/boundary-lines?district=500111&inspection=overdue' })
    ).json().items;
    expect(overdue.length).toBe(stats.district.inspectionsOverdue);
  });

  it('finds markers by number and lines by name, with the units in either order', async () => {
    const { rows } = await sql<{ number: string; name: string; left: string; right: string }>`
      SELECT m.number, l.name, l.left_unit_name AS left, l.right_unit_name AS right FROM boundary_markers m
      JOIN boundary_lines l ON l.id = m.line_id WHERE l.district_code = '500111' AND m.deleted_at IS NULL
      AND l.deleted_at IS NULL ORDER BY m.id LIMIT 1`.execute(ctx.app.db);
    const { number, name, left, right } = rows[0]!;
    const search = async (q: string) =>
      (
        await ctx.app.inject({ url: `/api/boundaries/search?district=500111&q=${encodeURIComponent(q)}` })
      ).json().items as {
        kind: string;
        number?: string;
        label: string;
      }[];
    const byNumber = await search(`界桩 ${number.toLowerCase()}`);
    expect(byNumber.length).toBeGreaterThan(0);
    expect(byNumber.every((h) => h.kind === 'boundary-markers' && h.number === number)).toBe(true);
    const short = await search(String(Number(number.slice(0, 3))));
    expect(short.every((h) => h.number!.startsWith(number.slice(0, 3)))).toBe(true);
    expect((await search(name))[0]).toMatchObject({ kind: 'boundary-lines', label: name });
    expect((await search(`${right}—${left}界线`)).map((h) => h.label)).toContain(name);
  });
});
