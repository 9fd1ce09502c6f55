// A bureau's own base map as one file on the server: PMTiles (read with the pmtiles package, served
// to browsers as the file itself with HTTP range requests) or MBTiles (an SQLite file, read with
// sql.js — WebAssembly, no native build — and served as /z/x/y tiles). Both tell what they hold
// (raster or vector, zooms, bounds, attribution) from their own metadata.
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PMTiles, type Source, TileType } from 'pmtiles';
import initSqlJs from 'sql.js';

export interface TileFileInfo {
  path: string;
  format: 'pmtiles' | 'mbtiles';
  kind: 'raster' | 'vector';
  /** png, jpg, webp or pbf */
  tileFormat: string;
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number] | null;
  name: string | null;
  attribution: string | null;
  vectorLayers: { id: string }[];
  byteSize: number;
}

export interface TileFile {
  info: TileFileInfo;
  /** The tile's bytes (uncompressed), or undefined when the file has none there. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

class NodeFileSource implements Source {
  constructor(
    private readonly handle: import('node:fs/promises').FileHandle,
    private readonly key: string,
  ) {}
  getKey() {
    return this.key;
  }
  async getBytes(offset: number, length: number) {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    const data = buffer.subarray(0, bytesRead);
    return { data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer };
  }
}

const PMTILES_FORMATS: Partial<Record<TileType, string>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

async function openPmtiles(file: string): Promise<TileFile> {
  const handle = await open(file, 'r');
  const archive = new PMTiles(new NodeFileSource(handle, file));
  const header = await archive.getHeader();
  const metadata = ((await archive.getMetadata().catch(() => ({}))) ?? {}) as Record<string, unknown>;
  const tileFormat = PMTILES_FORMATS[header.tileType];
  if (!tileFormat) throw new Error(`${file}: PMTiles tile type ${header.tileType} is not one we can draw`);
  return {
    info: {
      path: file,
      format: 'pmtiles',
      kind: header.tileType === TileType.Mvt ? 'vector' : 'raster',
      tileFormat,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      name: typeof metadata.name === 'string' ? metadata.name : null,
      attribution: typeof metadata.attribution === 'string' ? metadata.attribution : null,
      vectorLayers: Array.isArray(metadata.vector_layers) ? (metadata.vector_layers as { id: string }[]) : [],
      byteSize: (await stat(file)).size,
    },
    async tile(z, x, y) {
      const found = await archive.getZxy(z, x, y);
      return found ? new Uint8Array(found.data) : undefined;
    },
    close: () => handle.close(),
  };
}

async function openMbtiles(file: string): Promise<TileFile> {
  const SQL = await initSqlJs();
  // sql.js keeps the database in memory: fine for a district's package; a large imagery file is
  // better converted to PMTiles, which is read piece by piece.
  const db = new SQL.Database(await readFile(file));
  const meta = new Map<string, string>();
  for (const row of db.exec('SELECT name, value FROM metadata')[0]?.values ?? [])
    meta.set(String(row[0]), String(row[1]));
  const tileFormat = meta.get('format') ?? 'png';
  const zooms = db.exec('SELECT min(zoom_level), max(zoom_level) FROM tiles')[0]?.values[0] ?? [];
  const bounds = meta.get('bounds')?.split(',').map(Number);
  let vectorLayers: { id: string }[] = [];
  try {
    vectorLayers = JSON.parse(meta.get('json') ?? '{}').vector_layers ?? [];
  } catch {
    vectorLayers = [];
  }
  const statement = db.prepare(
    'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
  );
  return {
    info: {
      path: file,
      format: 'mbtiles',
      kind: tileFormat === 'pbf' ? 'vector' : 'raster',
      tileFormat: tileFormat === 'jpeg' ? 'jpg' : tileFormat,
      minzoom: Number(meta.get('minzoom') ?? zooms[0] ?? 0),
      maxzoom: Number(meta.get('maxzoom') ?? zooms[1] ?? 18),
      bounds:
        bounds?.length === 4 && bounds.every(Number.isFinite) ? (bounds as TileFileInfo['bounds']) : null,
      name: meta.get('name') ?? null,
      attribution: meta.get('attribution') ?? null,
      vectorLayers,
      byteSize: (await stat(file)).size,
    },
    async tile(z, x, y) {
      // MBTiles rows count from the south (TMS).
      statement.bind([z, x, 2 ** z - 1 - y]);
      const data = statement.step() ? (statement.get()[0] as Uint8Array) : undefined;
      statement.reset();
      if (!data) return undefined;
      // Vector MBTiles are usually gzipped; the tile route sends them plain.
      return data[0] === 0x1f && data[1] === 0x8b ? new Uint8Array(gunzipSync(data)) : data;
    },
    close: async () => {
      statement.free();
      db.close();
    },
  };
}

export async function openTileFile(file: string): Promise<TileFile> {
  const head = Buffer.alloc(16);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, 16, 0);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 7).toString('latin1') === 'PMTiles') return openPmtiles(file);
  if (head.subarray(0, 15).toString('latin1') === 'SQLite format 3') return openMbtiles(file);
  throw new Error(`${path.basename(file)} is neither a PMTiles nor an MBTiles file`);
}

export const TILE_CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  pbf: 'application/vnd.mapbox-vector-tile',
};
