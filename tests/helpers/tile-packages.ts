// Small base-map packages made by the tests themselves: a raster MBTiles written by GDAL from a
// coloured GeoTIFF, a vector MBTiles written by GDAL from GeoJSON, and that vector package
// rewritten as PMTiles v3 (header, one root directory, tiles) so the server's reader (the pmtiles
// package) and the browser's (the pmtiles protocol) read a file neither of them wrote.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zxyToTileId } from 'pmtiles';
import initSqlJs from 'sql.js';

export type BBox = [number, number, number, number];

/** A raster MBTiles: one colour over `bbox`, tiles at the zoom GDAL picks for 512 px, plus overviews. */
export function rasterMbtiles(dir: string, bbox: BBox, rgb: [number, number, number]): string {
  const tif = path.join(dir, 'raster.tif');
  const out = path.join(dir, 'raster.mbtiles');
  const [w, s, e, n] = bbox;
  execFileSync('gdal_create', [
    ...['-of', 'GTiff', '-outsize', '512', '512', '-bands', '3', '-ot', 'Byte'],
    ...['-burn', String(rgb[0]), '-burn', String(rgb[1]), '-burn', String(rgb[2])],
    ...['-a_srs', 'EPSG:4326', '-a_ullr', String(w), String(n), String(e), String(s), tif],
  ]);
  execFileSync('gdal_translate', [
    ...[
      '-of',
      'MBTILES',
      '-co',
      'TILE_FORMAT=PNG',
      '-co',
      'NAME=测试影像',
      '-co',
      'ZOOM_LEVEL_STRATEGY=UPPER',
    ],
    tif,
    out,
  ]);
  execFileSync('gdaladdo', ['-r', 'average', out, '2', '4', '8']);
  return out;
}

/** A vector MBTiles (z10–z14) of the given GeoJSON features, layer `basemap`. */
export function vectorMbtiles(dir: string, features: GeoJSON.FeatureCollection): string {
  const src = path.join(dir, 'vector.geojson');
  const out = path.join(dir, 'vector.mbtiles');
  writeFileSync(src, JSON.stringify(features));
  execFileSync('ogr2ogr', [
    ...['-f', 'MBTiles', out, src, '-nln', 'basemap'],
    ...['-dsco', 'MINZOOM=10', '-dsco', 'MAXZOOM=14', '-dsco', 'NAME=测试矢量底图'],
  ]);
  return out;
}

function varints(values: number[]): Buffer {
  const bytes: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  }
  return Buffer.from(bytes);
}

/** Rewrites an MBTiles file as PMTiles v3 (tiles kept as stored, e.g. gzipped MVT). */
export async function mbtilesToPmtiles(mbtiles: string, out: string): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(mbtiles));
  const meta = Object.fromEntries(
    (db.exec('SELECT name, value FROM metadata')[0]?.values ?? []).map((r) => [String(r[0]), String(r[1])]),
  );
  const rows = (
    db.exec('SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles')[0]?.values ?? []
  ).map((r) => {
    const z = Number(r[0]);
    const y = 2 ** z - 1 - Number(r[2]);
    return { id: zxyToTileId(z, Number(r[1]), y), z, data: Buffer.from(r[3] as Uint8Array) };
  });
  db.close();
  rows.sort((a, b) => a.id - b.id);
  const offsets: number[] = [];
  let offset = 0;
  for (const row of rows) {
    offsets.push(offset);
    offset += row.data.length;
  }
  // Root directory: count, tile id deltas, run lengths, lengths, offsets (0 = right after the previous).
  const directory = Buffer.concat([
    varints([rows.length]),
    varints(rows.map((r, i) => r.id - (i ? rows[i - 1]!.id : 0))),
    varints(rows.map(() => 1)),
    varints(rows.map((r) => r.data.length)),
    varints(rows.map((_, i) => (i > 0 ? 0 : offsets[0]! + 1))),
  ]);
  const vector = meta.format === 'pbf';
  const metadata = Buffer.from(
    JSON.stringify({
      name: meta.name,
      attribution: '测试底图（由测试生成）',
      vector_layers: vector ? JSON.parse(meta.json ?? '{}').vector_layers : undefined,
    }),
  );
  const [w, s, e, n] = (meta.bounds ?? '-180,-85,180,85').split(',').map(Number) as BBox;
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const rootOffset = 127;
  const metaOffset = rootOffset + directory.length;
  const dataOffset = metaOffset + metadata.length;
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(directory.length, 16);
  u64(metaOffset, 24);
  u64(metadata.length, 32);
  u64(dataOffset + offset, 40); // no leaf directories
  u64(0, 48);
  u64(dataOffset, 56);
  u64(offset, 64);
  u64(rows.length, 72);
  u64(rows.length, 80);
  u64(rows.length, 88);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(vector ? 2 : 1, 98); // tiles: gzip (MBTiles MVT) or none (PNG)
  header.writeUInt8(vector ? 1 : 2, 99); // MVT or PNG
  header.writeUInt8(Math.min(...rows.map((r) => r.z)), 100);
  header.writeUInt8(Math.max(...rows.map((r) => r.z)), 101);
  header.writeInt32LE(Math.round(w * 1e7), 102);
  header.writeInt32LE(Math.round(s * 1e7), 106);
  header.writeInt32LE(Math.round(e * 1e7), 110);
  header.writeInt32LE(Math.round(n * 1e7), 114);
  header.writeUInt8(Math.min(...rows.map((r) => r.z)), 118);
  header.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  header.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  writeFileSync(out, Buffer.concat([header, directory, metadata, ...rows.map((r) => r.data)]));
  return out;
}

/** One "water" polygon over `bbox`: the vector package's content in the tests. */
export function waterOver([w, s, e, n]: BBox): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { kind: 'water', name: '测试水库' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      },
    ],
  };
}
