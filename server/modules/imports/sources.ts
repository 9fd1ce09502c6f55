// Turns an uploaded file (CSV, GeoJSON or zipped Shapefile) into rows of raw values keyed by
// field name, each with its geometry in the file's own coordinates. File-level problems (unreadable
// file, wrong columns) are thrown as 400s naming the file; row-level problems travel with the row.
import type { Feature, Geometry } from 'geojson';
import { AppError } from '../../errors.ts';
import {
  headerIndex,
  headerKey,
  type ImportCollection,
  LAT_HEADERS,
  LON_HEADERS,
  WKT_HEADERS,
} from './import-collections.ts';
import { openCsv } from './readers/csv.ts';
import { readShapefileZip } from './readers/shapefile.ts';
import { decodeAll, type EncodingChoice, readAll } from './readers/text.ts';
import { parseWkt } from './readers/wkt.ts';

export type ImportFormat = 'csv' | 'geojson' | 'shapefile';

export interface SourceRow {
  row: number;
  values: Map<string, unknown>;
  geometry: Geometry | null;
  /** Why the geometry could not be read at all (bad WKT, non-numeric lon/lat). */
  geometryProblem?: string;
  /** The geometry column(s) the problem is in. */
  geometryField: string;
}

export interface Source {
  format: ImportFormat;
  encoding: string | null;
  /** Fields the file has a column for (an upsert only overwrites those). */
  fields: Set<string>;
  ignoredColumns: string[];
  rows: AsyncIterable<SourceRow>;
}

export const fileError = (problem: string) =>
  new AppError(400, 'bad_request', `file: ${problem}`, [{ field: 'file', problem }]);

export function formatOf(fileName: string, head: Buffer): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.zip') || (head[0] === 0x50 && head[1] === 0x4b)) return 'shapefile';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return 'csv';
  const text = head.subarray(0, 200).toString('utf8').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'geojson';
  return 'csv';
}

function requireColumns(collection: ImportCollection, fields: Set<string>, found: string[]): void {
  const missing = Object.entries(collection.fields)
    .filter(([name, field]) => field.required && !fields.has(name))
    .map(([name, field]) => `${name}${field.aliases[0] ? ` (${field.aliases[0]})` : ''}`);
  if (missing.length)
    throw fileError(
      `the file has no column for ${missing.join(', ')}, which ${collection.nameZh} need; columns found: ${found.join(', ') || 'none'}`,
    );
}

export async function openCsvSource(
  chunks: AsyncIterable<Buffer>,
  collection: ImportCollection,
  encoding: EncodingChoice,
): Promise<Source> {
  const csv = await openCsv(chunks, encoding);
  if (csv.header.length === 0 || csv.header.every((h) => h === '')) throw fileError('the CSV file is empty');
  const index = headerIndex(collection);
  const columns: { at: number; field: string }[] = [];
  const fields = new Set<string>();
  const ignoredColumns: string[] = [];
  let lonAt = -1;
  let latAt = -1;
  let wktAt = -1;
  csv.header.forEach((header, at) => {
    const key = headerKey(header);
    const field = index.get(key);
    if (field && !fields.has(field)) {
      columns.push({ at, field });
      fields.add(field);
    } else if (lonAt < 0 && LON_HEADERS.includes(key)) lonAt = at;
    else if (latAt < 0 && LAT_HEADERS.includes(key)) latAt = at;
    else if (wktAt < 0 && WKT_HEADERS.includes(key)) wktAt = at;
    else ignoredColumns.push(header);
  });
  const usePoint = lonAt >= 0 && latAt >= 0;
  if (!usePoint && wktAt < 0)
    throw fileError(
      `the CSV has no coordinate columns: it needs lon and lat (经度, 纬度) or a WKT column; columns found: ${csv.header.join(', ')}`,
    );
  requireColumns(collection, fields, csv.header);
  const lonName = csv.header[lonAt] ?? 'lon';
  const latName = csv.header[latAt] ?? 'lat';
  const wktName = csv.header[wktAt] ?? 'wkt';

  async function* rows(): AsyncGenerator<SourceRow> {
    for await (const batch of csv.batches)
      for (const record of batch) {
        const values = new Map<string, unknown>();
        for (const { at, field } of columns) values.set(field, record.cells[at]);
        let geometry: Geometry | null = null;
        let geometryProblem: string | undefined;
        let geometryField = wktName;
        if (usePoint) {
          geometryField = `${lonName}/${latName}`;
          const lonText = (record.cells[lonAt] ?? '').trim();
          const latText = (record.cells[latAt] ?? '').trim();
          const lon = Number(lonText);
          const lat = Number(latText);
          if (lonText === '' || latText === '') geometryProblem = 'the coordinates are missing';
          else if (!Number.isFinite(lon) || !Number.isFinite(lat))
            geometryProblem = `the coordinates (${lonText}, ${latText}) are not numbers`;
          else geometry = { type: 'Point', coordinates: [lon, lat] };
        } else {
          const wkt = (record.cells[wktAt] ?? '').trim();
          if (wkt === '') geometryProblem = 'the geometry is missing';
          else {
            try {
              geometry = parseWkt(wkt);
            } catch (error) {
              geometryProblem = (error as Error).message;
            }
          }
        }
        yield {
          row: record.row,
          values,
          geometry,
          geometryField,
          ...(geometryProblem ? { geometryProblem } : {}),
        };
      }
  }
  return { format: 'csv', encoding: csv.encoding, fields, ignoredColumns, rows: rows() };
}

function featureSource(
  format: ImportFormat,
  encoding: string | null,
  features: Feature[],
  collection: ImportCollection,
): Source {
  const index = headerIndex(collection);
  const fields = new Set<string>();
  const ignored = new Set<string>();
  for (const feature of features.slice(0, 1000)) {
    for (const key of Object.keys(feature?.properties ?? {})) {
      const field = index.get(headerKey(key));
      if (field) fields.add(field);
      else ignored.add(key);
    }
  }
  if (features.length > 0) requireColumns(collection, fields, [...fields, ...ignored]);
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0;
    for (const feature of features) {
      row += 1;
      const values = new Map<string, unknown>();
      for (const [key, value] of Object.entries(feature?.properties ?? {})) {
        const field = index.get(headerKey(key));
        if (field && !values.has(field)) values.set(field, value);
      }
      const geometry = (feature?.geometry ?? null) as Geometry | null;
      yield { row, values, geometry, geometryField: 'geometry' };
    }
  }
  return { format, encoding, fields, ignoredColumns: [...ignored], rows: rows() };
}

export async function openGeoJsonSource(
  chunks: AsyncIterable<Buffer>,
  collection: ImportCollection,
  encoding: EncodingChoice,
): Promise<Source> {
  const decoded = decodeAll(await readAll(chunks), encoding);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.text);
  } catch (error) {
    throw fileError(`the GeoJSON is not valid JSON (${(error as Error).message})`);
  }
  const object = parsed as { type?: string; features?: unknown };
  const features =
    object?.type === 'FeatureCollection' && Array.isArray(object.features)
      ? (object.features as Feature[])
      : object?.type === 'Feature'
        ? [object as Feature]
        : null;
  if (!features) throw fileError('the GeoJSON must be a FeatureCollection (or a single Feature)');
  return featureSource('geojson', decoded.encoding, features, collection);
}

export async function openShapefileSource(
  chunks: AsyncIterable<Buffer>,
  collection: ImportCollection,
  encoding: EncodingChoice,
): Promise<Source> {
  const content = await readShapefileZip(await readAll(chunks), encoding);
  return featureSource('shapefile', content.encoding, content.features, collection);
}
