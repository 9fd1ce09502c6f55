// GDAL's command-line tools (Debian gdal-bin) read every format and coordinate system a bureau's
// files come in. They run as child processes: parsing and reprojection happen off the event loop,
// and a file that makes GDAL misbehave costs one process, never the server.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Feature } from 'geojson';

/** A run that takes longer than this is stopped (a 50 MB file takes a few seconds). */
const GDAL_TIMEOUT_MS = 120_000;

export class GdalProblem extends Error {}

const GDAL_ENV = {
  ...process.env,
  CPL_DEBUG: 'OFF',
  // Never reach out to the network for a remote resource a file might name.
  GDAL_HTTP_TIMEOUT: '1',
  CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.none',
  OGR_XLSX_HEADERS: 'FORCE',
  OGR_XLSX_FIELD_TYPES: 'STRING',
};

/** GDAL's message without the temporary paths it names. */
function cleanMessage(stderr: string, hidePath: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^(ERROR|Warning) \d+: /, '').trim())
    .filter((l) => l !== '' && !l.startsWith('FAILURE:'));
  return (lines[0] ?? 'GDAL could not read the file').replaceAll(hidePath, '').replace(/\/tmp\/\S*/g, '');
}

/** Runs a GDAL tool to completion; resolves with its standard output. */
export function runGdal(tool: 'ogr2ogr' | 'ogrinfo', args: string[], hidePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: GDAL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), GDAL_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (err.length < 20_000) err += d;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`${tool} is not installed (Debian package gdal-bin)`)
          : error,
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new GdalProblem('reading the file took too long and was stopped'));
      else if (code !== 0) reject(new GdalProblem(cleanMessage(err, hidePath)));
      else resolve(out);
    });
  });
}

export interface LayerInfo {
  name: string;
  geometryType: string;
  featureCount: number;
  /** The layer's coordinate system as WKT, or null when the file declares none. */
  srsWkt: string | null;
}

/** The WKT after "Layer SRS WKT:": its first line, then every indented line. */
function srsBlock(block: string): string | undefined {
  const lines = block.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Layer SRS WKT:'));
  if (at < 0) return undefined;
  const wkt = [lines[at + 1] ?? ''];
  for (let i = at + 2; i < lines.length && /^\s/.test(lines[i]!); i++) wkt.push(lines[i]!);
  return wkt.join('\n').trim();
}

/** The layers of a data source with their coordinate systems (ogrinfo -so). */
export async function describeLayers(
  source: string,
  openOptions: string[],
  hidePath: string,
): Promise<LayerInfo[]> {
  const text = await runGdal(
    'ogrinfo',
    ['-ro', '-so', '-al', '-nomd', '-wkt_format', 'WKT2', ...openOptions, source],
    hidePath,
  );
  const layers: LayerInfo[] = [];
  for (const block of text.split(/\n(?=Layer name: )/)) {
    const name = /^Layer name: (.*)$/m.exec(block)?.[1];
    if (name === undefined) continue;
    const srs = srsBlock(block);
    layers.push({
      name,
      geometryType: /^Geometry: (.*)$/m.exec(block)?.[1] ?? 'Unknown',
      featureCount: Number(/^Feature Count: (\d+)/m.exec(block)?.[1] ?? 0),
      srsWkt: srs && srs !== '(unknown)' ? srs : null,
    });
  }
  return layers;
}

export interface ReadOptions {
  layer?: string;
  openOptions?: string[];
  /** Coordinate system of the source when the file declares none (or the user overrides it). */
  sourceSrs?: string;
  limit?: number;
  hidePath: string;
}

/**
 * Streams the features of one layer as GeoJSON in WGS84 longitude/latitude (EPSG:4326, traditional
 * axis order), two-dimensional (GPS elevations are dropped), with every attribute as GDAL read it.
 */
export async function* readFeatures(source: string, options: ReadOptions): AsyncGenerator<Feature> {
  const args = ['-f', 'GeoJSONSeq', '/vsistdout/', ...(options.openOptions ?? []), source];
  if (options.layer !== undefined) args.push(options.layer);
  args.push('-t_srs', 'EPSG:4326', '-dim', 'XY', '-lco', 'COORDINATE_PRECISION=9', '-lco', 'RS=NO');
  if (options.sourceSrs) args.push('-s_srs', options.sourceSrs);
  if (options.limit !== undefined) args.push('-limit', String(options.limit));
  // No -skipfailures: a feature GDAL cannot convert stops the file with GDAL's message rather than
  // silently dropping a row from the report.
  const child = spawn('ogr2ogr', args, { env: GDAL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (err.length < 20_000) err += d;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error('ogr2ogr is not installed (Debian package gdal-bin)')
          : error,
      ),
    );
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), GDAL_TIMEOUT_MS);
  let finished = false;
  try {
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      yield JSON.parse(line) as Feature;
    }
    const { code, signal } = await closed;
    finished = true;
    if (signal) throw new GdalProblem('reading the file took too long and was stopped');
    if (code !== 0) throw new GdalProblem(cleanMessage(err, options.hidePath));
  } finally {
    clearTimeout(timer);
    if (!finished) child.kill('SIGKILL');
  }
}
