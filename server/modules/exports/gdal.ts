// Exports GDAL writes: the rows go as GeoJSONSeq (one feature per line) into a temp folder, then
// ogr2ogr (a child process, so the event loop stays free) turns them into a zipped Shapefile, a
// GeoPackage or an XLSX workbook. The temp folder is always removed; the finished file is opened
// first, so the download streams from an open handle after its folder is gone.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Geometry } from 'geojson';

const run = promisify(execFile);

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
  file: FileHandle;
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
  try {
    const { stderr } = await run('ogr2ogr', args, {
      timeout: OGR2OGR_TIMEOUT_MS,
      maxBuffer: 4 * 1024 * 1024,
    });
    warnings.push(...stderr.split('\n').filter(Boolean));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`ogr2ogr failed: ${stderr.trim() || (error as Error).message}`);
  }
}

/** Runs one export; the caller must close the returned file handle (the stream does it). */
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
    const file = await open(output, 'r');
    const { size } = await file.stat();
    return { file, size, warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function emptySource(dir: string): Promise<string> {
  const file = path.join(dir, 'empty.geojson');
  await writeFile(file, '{"type":"FeatureCollection","features":[]}');
  return file;
}

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
