// GDAL's command-line tools (Debian gdal-bin) read every format and coordinate system a bureau's
// files come in. They run as child processes without network access (security/gdal-sandbox.ts):
// parsing and reprojection happen off the event loop, a file that makes GDAL misbehave costs one
// process, never the server, and a file that names a URL gets nothing fetched. ogr2ogr writes the
// rows as GeoJSONSeq into the upload's work folder; the work pool reads them (row-reader.ts).
import { runGdalTool } from '../../security/gdal-sandbox.ts';

/** A run that takes longer than this is stopped (a 50 MB file takes a few seconds). */
const GDAL_TIMEOUT_MS = 120_000;

export class GdalProblem extends Error {}

/** How imports read spreadsheets: the header row is a header, every cell text (codes keep their digits). */
const READ_ENV = { OGR_XLSX_HEADERS: 'FORCE', OGR_XLSX_FIELD_TYPES: 'STRING' };

/** GDAL's message without the temporary paths it names. */
function cleanMessage(stderr: string, hidePath: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^(ERROR|Warning) \d+: /, '').trim())
    .filter((l) => l !== '' && !l.startsWith('FAILURE:'));
  return (lines[0] ?? 'GDAL could not read the file').replaceAll(hidePath, '').replace(/\/tmp\/\S*/g, '');
}

/** Runs a GDAL tool to completion; resolves with its standard output. */
export async function runGdal(
  tool: 'ogr2ogr' | 'ogrinfo',
  args: string[],
  hidePath: string,
): Promise<string> {
  const run = await runGdalTool(tool, args, { timeoutMs: GDAL_TIMEOUT_MS, env: READ_ENV });
  if (run.signal) throw new GdalProblem('reading the file took too long and was stopped');
  if (run.code !== 0) throw new GdalProblem(cleanMessage(run.stderr, hidePath));
  return run.stdout;
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
 * Writes the features of one layer to `target` as GeoJSONSeq in WGS84 longitude/latitude (EPSG:4326,
 * traditional axis order), two-dimensional (GPS elevations are dropped), with every attribute as
 * GDAL read it.
 */
export async function convertFeatures(source: string, target: string, options: ReadOptions): Promise<void> {
  const args = ['-f', 'GeoJSONSeq', target, ...(options.openOptions ?? []), source];
  if (options.layer !== undefined) args.push(options.layer);
  args.push('-t_srs', 'EPSG:4326', '-dim', 'XY', '-lco', 'COORDINATE_PRECISION=9', '-lco', 'RS=NO');
  if (options.sourceSrs) args.push('-s_srs', options.sourceSrs);
  if (options.limit !== undefined) args.push('-limit', String(options.limit));
  // No -skipfailures: a feature GDAL cannot convert stops the file with GDAL's message rather than
  // silently dropping a row from the report.
  await runGdal('ogr2ogr', args, options.hidePath);
}
