// Exports GDAL writes, a job of the work pool (server/modules/work/): the worker reads the rows from
// the database itself, writes them as GeoJSONSeq (one feature per line) into a temp folder, and
// ogr2ogr (a child process without network access, security/gdal-sandbox.ts) turns them into a
// zipped Shapefile, a GeoPackage or an XLSX workbook. The route opens the finished file and removes
// its folder, so the download streams from an open handle after the folder is gone.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Geometry, Position } from 'geojson';
import type { BBox } from '../../db/postgis.ts';
import { COLLECTIONS_BY_ID } from '../features/collections.ts';
import { type FeatureRow, featureBatches } from '../features/features.repository.ts';
import { runGdalTool } from '../security/gdal-sandbox.ts';
import { workerDatabase } from '../work/worker-db.ts';
import { type ExportColumn, selectedProperties } from './columns.ts';
import { toWkt } from './wkt.ts';

export type GdalFormat = 'shp' | 'gpkg' | 'xlsx';

/** The SRS GDAL declares in the .prj and the GeoPackage: CGCS2000, the API's coordinates (see README). */
export const EXPORT_SRS = 'EPSG:4490';
const OGR2OGR_TIMEOUT_MS = 5 * 60_000;

export interface GdalFeature {
  geometry: Geometry | null;
  /** Flat values only (text, numbers, booleans, null): nested values are JSON text by now. */
  properties: Record<string, unknown>;
}

/** A Shapefile holds one geometry type, so mixed collections (place names) become one file per type. */
export type ShapeKind = 'points' | 'lines' | 'polygons';
const SHAPE_KINDS: readonly ShapeKind[] = ['points', 'lines', 'polygons'];
const shapeKind = (geometry: Geometry | null): ShapeKind =>
  geometry?.type.endsWith('Point') ? 'points' : geometry?.type.endsWith('LineString') ? 'lines' : 'polygons';

export interface GdalJob {
  format: GdalFormat;
  /** Layer (Shapefile base name, GeoPackage table) or XLSX sheet name. */
  layer: string;
  batches: AsyncIterable<GdalFeature[]>;
}

export interface GdalResult {
  /** The temp folder the file is in: the caller removes it (after opening the file). */
  dir: string;
  path: string;
  size: number;
  /** GDAL's warnings (e.g. a text cut to 254 bytes in a Shapefile), for the log. */
  warnings: string[];
}

async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

/** Writes the features as GeoJSONSeq files, one per shape kind for Shapefiles, else one. */
async function writeSources(job: GdalJob, dir: string): Promise<Map<ShapeKind | 'all', string>> {
  const files = new Map<ShapeKind | 'all', string>();
  const streams = new Map<ShapeKind | 'all', NodeJS.WritableStream & { end: () => void }>();
  const streamFor = (key: ShapeKind | 'all') => {
    let stream = streams.get(key);
    if (!stream) {
      const file = path.join(dir, `${key}.geojsons`);
      files.set(key, file);
      stream = createWriteStream(file, { encoding: 'utf8' });
      streams.set(key, stream);
    }
    return stream;
  };
  try {
    for await (const batch of job.batches)
      for (const feature of batch) {
        const key = job.format === 'shp' ? shapeKind(feature.geometry) : 'all';
        const line = JSON.stringify({
          type: 'Feature',
          geometry: feature.geometry,
          properties: feature.properties,
        });
        await writeLine(streamFor(key), `${line}\n`);
      }
  } finally {
    await Promise.all(
      [...streams.values()].map(async (stream) => {
        stream.end();
        await once(stream, 'close');
      }),
    );
  }
  return files;
}

async function ogr2ogr(args: string[], warnings: string[]): Promise<void> {
  const { code, signal, stderr } = await runGdalTool('ogr2ogr', args, { timeoutMs: OGR2OGR_TIMEOUT_MS });
  if (signal) throw new Error('ogr2ogr took too long and was stopped');
  if (code !== 0) throw new Error(`ogr2ogr failed: ${stderr.trim() || `exit code ${code}`}`);
  warnings.push(...stderr.split('\n').filter(Boolean));
}

/** Runs one export; the caller removes `dir` (the file can be opened first and read after). */
export async function gdalExport(job: GdalJob): Promise<GdalResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'civic-export-'));
  const warnings: string[] = [];
  try {
    const sources = await writeSources(job, dir);
    let output: string;
    if (job.format === 'shp') {
      // One ogr2ogr run writes the whole zip: adding layers with -update to a .shp.zip made by an
      // earlier run can hang in GDAL 3.6 (waiting on its .gdal.lock). Several shape kinds are read
      // as the layers of one VRT.
      output = path.join(dir, `${job.layer}.shp.zip`);
      const kinds = SHAPE_KINDS.filter((kind) => sources.has(kind));
      const common = ['-f', 'ESRI Shapefile', output, '-a_srs', EXPORT_SRS, '-lco', 'ENCODING=UTF-8'];
      if (kinds.length === 0)
        // No rows: still a valid, empty point layer so the download opens.
        await ogr2ogr([...common, await emptySource(dir), '-nln', job.layer, '-nlt', 'POINT'], warnings);
      else if (kinds.length === 1)
        await ogr2ogr([...common, sources.get(kinds[0]!)!, '-nln', job.layer], warnings);
      else {
        const vrt = path.join(dir, 'layers.vrt');
        const layers = kinds.map(
          (kind) =>
            `<OGRVRTLayer name="${xml(`${job.layer}-${kind}`)}"><SrcDataSource>${xml(sources.get(kind)!)}</SrcDataSource><SrcLayer>${kind}</SrcLayer></OGRVRTLayer>`,
        );
        await writeFile(vrt, `<OGRVRTDataSource>${layers.join('')}</OGRVRTDataSource>`);
        await ogr2ogr([...common, vrt], warnings);
      }
    } else if (job.format === 'gpkg') {
      output = path.join(dir, `${job.layer}.gpkg`);
      const source = sources.get('all') ?? (await emptySource(dir));
      await ogr2ogr(['-f', 'GPKG', output, source, '-nln', job.layer, '-a_srs', EXPORT_SRS], warnings);
    } else {
      output = path.join(dir, 'export.xlsx');
      const source = sources.get('all') ?? (await emptySource(dir));
      await ogr2ogr(['-f', 'XLSX', output, source, '-nln', job.layer], warnings);
    }
    const { size } = await stat(output);
    return { dir, path: output, size, warnings };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function emptySource(dir: string): Promise<string> {
  const file = path.join(dir, 'empty.geojson');
  await writeFile(file, '{"type":"FeatureCollection","features":[]}');
  return file;
}

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Rows per keyset batch: a few hundred kB of text in memory per export; the demo's layers take 1–3 batches. */
export const EXPORT_BATCH_ROWS = 1000;

/** What the work pool's 'gdal-export' job gets: where to read, what, and how to write it. */
export interface GdalExportJob {
  /** The app's database (its pg pool's connection string): the worker reads with its own connection. */
  connection: string;
  collection: string;
  query: { district?: string; bbox?: BBox; filters: { town?: string; category?: string } };
  columns: ExportColumn[];
  /** Point collections get lon/lat columns in XLSX; the others WKT. */
  points: boolean;
  format: GdalFormat;
  layer: string;
}

/** The job: the rows from the database, renamed for the format, through ogr2ogr. */
export async function gdalExportTask(job: GdalExportJob): Promise<GdalResult> {
  const def = COLLECTIONS_BY_ID.get(job.collection);
  if (!def) throw new Error(`no collection ${job.collection}`);
  const batches = featureBatches(
    workerDatabase(job.connection),
    def,
    job.query,
    selectedProperties(job.columns),
    EXPORT_BATCH_ROWS,
  );
  return gdalExport({
    format: job.format,
    layer: job.layer,
    batches: gdalFeatures(batches, job.format, job.columns, job.points),
  });
}

/** Nested values (lists, objects) as JSON text: GDAL formats and spreadsheets take flat values. */
const flat = (value: unknown) =>
  value !== null && typeof value === 'object' ? JSON.stringify(value) : value;

/** Rows renamed for one GDAL format: Shapefile names, or XLSX's Chinese headers with 经度/纬度 or WKT. */
async function* gdalFeatures(
  batches: AsyncIterable<FeatureRow[]>,
  format: GdalFormat,
  columns: ExportColumn[],
  points: boolean,
): AsyncGenerator<GdalFeature[]> {
  for await (const batch of batches)
    yield batch.map((row) => {
      const properties: Record<string, unknown> = {};
      if (format === 'xlsx') {
        for (const c of columns) properties[c.chinese] = flat(row.properties[c.field]);
        if (points) {
          const [lon, lat] = (row.geometry as { coordinates: Position }).coordinates;
          properties.经度 = lon;
          properties.纬度 = lat;
        } else properties.WKT = toWkt(row.geometry);
        return { geometry: null, properties };
      }
      for (const c of columns) {
        const name = format === 'shp' ? c.shapefile : c.field;
        if (name) properties[name] = flat(row.properties[c.field]);
      }
      return { geometry: row.geometry, properties };
    });
}
