// Turns an uploaded file into rows of raw values keyed by field name, each with its geometry in
// WGS84 longitude/latitude. Every format and coordinate system goes through GDAL (files/gdal.ts):
// zipped Shapefile, GeoPackage, KML/KMZ, GeoJSON, CSV and Excel (.xlsx). What GDAL cannot know we
// decide here: the text encoding of a Shapefile without .cpg or of a CSV Excel saved as GBK, which
// columns of a table hold coordinates, and the GCJ-02/BD-09 offsets of Chinese web maps.
// File-level problems are 400s naming the file; row-level problems travel with the row.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Feature, Geometry } from 'geojson';
import {
  headerIndex,
  headerKey,
  type ImportCollection,
  LAT_HEADERS,
  LOCATION_HEADERS,
  LON_HEADERS,
  WKT_HEADERS,
} from '../../contract/import-collections.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../contract/imports.schemas.ts';
import { AppError } from '../../errors.ts';
import { type CrsChoice, type Offset, parseCrsChoice, srsWarnings } from './coordinates.ts';
import { readHead, sniff, WrongFile, zipContent } from './files/detect.ts';
import { detectEncoding, type EncodingChoice, type TextEncoding } from './files/encoding.ts';
import { describeLayers, GdalProblem, type LayerInfo, readFeatures, runGdal } from './files/gdal.ts';
import type { SpooledFile } from './files/spool.ts';
import { unzipEntries, ZipProblem, zipNames } from './files/unzip.ts';

export { IMPORT_FORMATS, type ImportFormat };

export interface SourceRow {
  row: number;
  values: Map<string, unknown>;
  geometry: Geometry | null;
  /** Why the geometry could not be read at all (bad WKT, non-numeric lon/lat). */
  geometryProblem?: string;
  /** The geometry column(s) the problem is in. */
  geometryField: string;
}

export interface ImportWarning {
  code: string;
  message: string;
}

export interface Source {
  format: ImportFormat;
  encoding: string | null;
  /** The coordinate system the file was read in, as the report shows it. */
  crs: string;
  /** Offset still to remove from the WGS84-looking coordinates (Chinese web maps). */
  offset: Offset;
  /** Fields the file has a column for (an upsert only overwrites those). */
  fields: Set<string>;
  ignoredColumns: string[];
  warnings: ImportWarning[];
  rows: AsyncIterable<SourceRow>;
}

export const fileError = (problem: string) =>
  new AppError(400, 'bad_request', `file: ${problem}`, [{ field: 'file', problem }]);

const FORMAT_NAMES: Record<ImportFormat, string> = {
  csv: 'CSV',
  xlsx: 'Excel (.xlsx)',
  geojson: 'GeoJSON',
  shapefile: 'Shapefile',
  geopackage: 'GeoPackage',
  kml: 'KML',
};

const CLAIMED: Record<string, ImportFormat> = {
  csv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  geojson: 'geojson',
  json: 'geojson',
  zip: 'shapefile',
  gpkg: 'geopackage',
  kml: 'kml',
  kmz: 'kml',
};

function requireColumns(collection: ImportCollection, fields: Set<string>, found: string[]): void {
  const missing = Object.entries(collection.fields)
    .filter(([name, field]) => field.required && !fields.has(name))
    .map(([name, field]) => `${name}${field.aliases[0] ? ` (${field.aliases[0]})` : ''}`);
  if (missing.length)
    throw fileError(
      `the file has no column for ${missing.join(', ')}, which ${collection.id} need; columns found: ${found.join(', ') || 'none'}`,
    );
}

/** Normalises a .cpg's content to the name GDAL's ENCODING option takes. */
export function cpgEncoding(cpg: string): 'UTF-8' | 'CP936' | string {
  const value = cpg.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^(UTF-?8|65001)$/.test(value)) return 'UTF-8';
  if (/^((CP|ANSI |WINDOWS-)?936|GBK|GB2312|GB18030|EUC-CN)$/.test(value)) return 'CP936';
  return value;
}

const encodingLabel = (gdalEncoding: string): string =>
  gdalEncoding === 'CP936' ? 'gbk' : gdalEncoding === 'UTF-8' ? 'utf-8' : gdalEncoding.toLowerCase();

/** The records of a .dbf (after its header): UTF-8 when they decode as UTF-8, else GBK. */
function dbfEncoding(dbf: Uint8Array): TextEncoding {
  const headerLength = dbf.length >= 10 ? dbf[8]! | (dbf[9]! << 8) : 0;
  return detectEncoding(dbf.subarray(headerLength));
}

interface Prepared {
  format: ImportFormat;
  /** What GDAL opens. */
  source: string;
  openOptions: string[];
  encoding: string | null;
  tabular: boolean;
}

/** Unpacks, converts and decodes what GDAL needs, in the upload's own folder. */
async function prepare(file: SpooledFile, encoding: EncodingChoice): Promise<Prepared> {
  const head = await readHead(file.path);
  const kind = sniff(head, file.name);
  const work = path.join(file.dir, 'work');
  await mkdir(work, { recursive: true });
  if (kind === 'geopackage')
    return { format: 'geopackage', source: file.path, openOptions: [], encoding: null, tabular: false };
  if (kind === 'kml') {
    const kml = path.join(work, 'layer.kml');
    await copyFile(file.path, kml);
    return { format: 'kml', source: kml, openOptions: [], encoding: 'utf-8', tabular: false };
  }
  if (kind === 'geojson' || kind === 'csv')
    return prepareText(await readFile(file.path), kind, work, encoding);

  const bytes = await readFile(file.path);
  const content = zipContent(zipNames(bytes));
  if (content.kind === 'xlsx') {
    const xlsx = path.join(work, 'table.xlsx');
    await copyFile(file.path, xlsx);
    return { format: 'xlsx', source: xlsx, openOptions: [], encoding: null, tabular: true };
  }
  if (content.kind === 'kmz') {
    const [entry] = await unzipEntries(bytes, (n) => n === content.kml);
    const kml = path.join(work, 'layer.kml');
    await writeFile(kml, entry!.bytes);
    return { format: 'kml', source: kml, openOptions: [], encoding: 'utf-8', tabular: false };
  }
  if (content.kind === 'inner') {
    const [entry] = await unzipEntries(bytes, (n) => n === content.entry);
    const ext = content.entry.slice(content.entry.lastIndexOf('.') + 1).toLowerCase();
    if (ext === 'gpkg' || ext === 'xlsx') {
      const target = path.join(work, `inner.${ext}`);
      await writeFile(target, entry!.bytes);
      return ext === 'gpkg'
        ? { format: 'geopackage', source: target, openOptions: [], encoding: null, tabular: false }
        : { format: 'xlsx', source: target, openOptions: [], encoding: null, tabular: true };
    }
    return prepareText(Buffer.from(entry!.bytes), ext === 'csv' ? 'csv' : 'geojson', work, encoding);
  }
  // A Shapefile: its parts under one safe name, whatever the archive called them.
  const base = content.shp.slice(0, -4).toLowerCase();
  const parts = await unzipEntries(bytes, (n) => n.toLowerCase().startsWith(`${base}.`));
  const byExt = new Map(parts.map((p) => [p.name.slice(p.name.lastIndexOf('.') + 1).toLowerCase(), p.bytes]));
  for (const [ext, data] of byExt)
    if (['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(ext))
      await writeFile(path.join(work, `layer.${ext}`), data);
  const cpg = byExt.get('cpg');
  const gdalEncoding =
    encoding !== 'auto'
      ? encoding === 'gbk'
        ? 'CP936'
        : 'UTF-8'
      : cpg && new TextDecoder().decode(cpg).trim() !== ''
        ? cpgEncoding(new TextDecoder().decode(cpg))
        : dbfEncoding(byExt.get('dbf')!) === 'gbk'
          ? 'CP936'
          : 'UTF-8';
  return {
    format: 'shapefile',
    source: path.join(work, 'layer.shp'),
    openOptions: ['-oo', `ENCODING=${gdalEncoding}`],
    encoding: encodingLabel(gdalEncoding),
    tabular: false,
  };
}

/** CSV and GeoJSON text: decoded (UTF-8 or GBK) into a UTF-8 file GDAL reads. */
async function prepareText(
  bytes: Buffer,
  kind: 'csv' | 'geojson',
  work: string,
  choice: EncodingChoice,
): Promise<Prepared> {
  const encoding = choice === 'auto' ? detectEncoding(bytes) : choice;
  let text = new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A NUL would end GDAL's C strings mid-cell; as U+FFFD it reaches the row check, which names
  // that row instead of refusing the whole file.
  if (text.includes('\u0000')) text = text.replaceAll('\u0000', '\uFFFD');
  const target = path.join(work, kind === 'csv' ? 'table.csv' : 'layer.geojson');
  await writeFile(target, text);
  return { format: kind, source: target, openOptions: [], encoding, tabular: kind === 'csv' };
}

/** The layer to read: the only one, the one named like the collection, or the first with rows. */
export function chooseLayer(
  layers: LayerInfo[],
  collection: ImportCollection,
  warnings: ImportWarning[],
): LayerInfo {
  const withRows = layers.filter((l) => l.featureCount > 0);
  if (withRows.length === 0) throw fileError('the file has no rows');
  if (withRows.length === 1) return withRows[0]!;
  const named = withRows.find((l) =>
    collection.layerNames.some((n) => headerKey(l.name).includes(headerKey(n))),
  );
  const chosen = named ?? withRows[0]!;
  warnings.push({
    code: 'several_layers',
    message: `the file has ${withRows.length} layers (${withRows.map((l) => l.name).join(', ')}); read "${chosen.name}"`,
  });
  return chosen;
}

const NORTHING_LIKE = (v: number) => v >= 1e6 && v < 1e7;

/** Which columns of a table hold the coordinates, and the GDAL options that read them. */
export function tableGeometry(
  headers: string[],
  sample: Record<string, unknown>[],
  projected: boolean,
  warnings: ImportWarning[],
): { openOptions: string[]; geometryField: string; x?: string; y?: string; wkt?: string; location?: string } {
  const find = (keys: string[]) => headers.find((h) => keys.includes(headerKey(h)));
  let x = find(LON_HEADERS);
  let y = find(LAT_HEADERS);
  const wkt = find(WKT_HEADERS);
  const location = find(LOCATION_HEADERS);
  if (x && y) {
    if (projected) {
      // Chinese survey tables follow the surveying convention: X is the northing, Y the easting.
      const values = (column: string) => sample.map((r) => Number(r[column])).filter(Number.isFinite);
      if (values(x).length > 0 && values(x).every(NORTHING_LIKE) && !values(y).every(NORTHING_LIKE)) {
        warnings.push({
          code: 'swapped_axes',
          message: `column ${x} holds northings and ${y} eastings (the surveying convention); read them so`,
        });
        [x, y] = [y, x];
      }
    }
    return {
      openOptions: ['-oo', `X_POSSIBLE_NAMES=${x}`, '-oo', `Y_POSSIBLE_NAMES=${y}`],
      geometryField: `${x}/${y}`,
      x,
      y,
    };
  }
  if (wkt) return { openOptions: ['-oo', `GEOM_POSSIBLE_NAMES=${wkt}`], geometryField: wkt, wkt };
  if (location) return { openOptions: [], geometryField: location, location };
  return { openOptions: [], geometryField: 'geometry' };
}

export interface OpenOptions {
  encoding: EncodingChoice;
  crs: CrsChoice;
}

export async function openSource(
  file: SpooledFile,
  collection: ImportCollection,
  options: OpenOptions,
): Promise<Source> {
  const hidePath = file.dir;
  try {
    return await openPrepared(file, collection, options, hidePath);
  } catch (error) {
    if (error instanceof WrongFile || error instanceof ZipProblem || error instanceof GdalProblem)
      throw fileError(error.message);
    throw error;
  }
}

async function openPrepared(
  file: SpooledFile,
  collection: ImportCollection,
  options: OpenOptions,
  hidePath: string,
): Promise<Source> {
  const warnings: ImportWarning[] = [];
  let skippedRows = 0;
  let prepared = await prepare(file, options.encoding);
  const claimed = CLAIMED[file.name.slice(file.name.lastIndexOf('.') + 1).toLowerCase()];
  if (claimed && claimed !== prepared.format && !(claimed === 'shapefile' && prepared.format !== 'csv'))
    warnings.push({
      code: 'format_differs',
      message: `the file is named like ${FORMAT_NAMES[claimed]} but is ${FORMAT_NAMES[prepared.format]}; read it as ${FORMAT_NAMES[prepared.format]}`,
    });
  if (prepared.format === 'xlsx') {
    // One sheet to a UTF-8 CSV (every cell as text: codes keep their digits), then read as a table.
    const layers = await describeLayers(prepared.source, [], hidePath);
    const sheet = chooseLayer(layers, collection, warnings);
    const csv = path.join(file.dir, 'work', 'sheet.csv');
    await runGdal('ogr2ogr', ['-f', 'CSV', csv, prepared.source, sheet.name], hidePath);
    skippedRows = await dropTitleRows(csv, collection);
    if (skippedRows > 0)
      warnings.push({
        code: 'title_rows',
        message: `the sheet's first ${skippedRows} row(s) are a title above the header; the header is row ${skippedRows + 1}`,
      });
    prepared = { ...prepared, source: csv };
  }
  const crs = parseCrsChoice(options.crs);
  let geometryField = 'geometry';
  let columns: { x?: string; y?: string; wkt?: string; location?: string } = {};
  let layer: string | undefined;
  let sourceSrs: string | undefined;
  let crsLabel: string;
  if (prepared.tabular) {
    const sample: Record<string, unknown>[] = [];
    for await (const f of readFeatures(prepared.source, { limit: 50, sourceSrs: 'EPSG:4326', hidePath }))
      sample.push(f.properties ?? {});
    const headers = Object.keys(sample[0] ?? {});
    if (headers.length === 0) throw fileError('the table is empty');
    const geometry = tableGeometry(headers, sample, crs.projected, warnings);
    if (!geometry.x && !geometry.wkt && !geometry.location && collection.geometry !== 'none')
      throw fileError(
        `the table has no coordinate columns: it needs lon and lat (经度, 纬度), X and Y, a WKT column or an Amap location ("lng,lat"); columns found: ${headers.join(', ')}`,
      );
    prepared = { ...prepared, openOptions: [...prepared.openOptions, ...geometry.openOptions] };
    geometryField = geometry.geometryField;
    columns = geometry;
    sourceSrs = crs.srs ?? 'EPSG:4326';
    crsLabel = crs.label;
    if (geometry.location && crs.offset === null && options.crs === 'auto') {
      warnings.push({
        code: 'amap_location',
        message: `column ${geometry.location} is an Amap location (GCJ-02); converted to WGS84`,
      });
    }
  } else {
    const layers = await describeLayers(prepared.source, prepared.openOptions, hidePath);
    const chosen = chooseLayer(layers, collection, warnings);
    layer = layers.length > 1 ? chosen.name : undefined;
    if (chosen.srsWkt) {
      crsLabel = srsName(chosen.srsWkt);
      if (crs.srs && !options.crs.toLowerCase().startsWith('epsg:4326'))
        warnings.push({
          code: 'crs_from_file',
          message: `the file declares its coordinate system (${crsLabel}); that was used instead of ${options.crs}`,
        });
      warnings.push(...srsWarnings(chosen.srsWkt));
    } else {
      sourceSrs = crs.srs ?? 'EPSG:4326';
      crsLabel = crs.srs ? crs.label : 'longitude/latitude (the file declares no coordinate system)';
    }
  }
  // The chosen system's own warnings, when it is the one the file was read in.
  if (crs.srs && sourceSrs === crs.srs) warnings.push(...srsWarnings(crs.srs));
  const offset: Offset =
    columns.location && crs.offset === null && options.crs === 'auto' ? 'gcj02' : crs.offset;

  const index = headerIndex(collection);
  const geometryColumns = new Set(
    [columns.x, columns.y, columns.wkt, columns.location].filter(Boolean) as string[],
  );
  const features = readFeatures(prepared.source, {
    layer,
    openOptions: prepared.openOptions,
    sourceSrs,
    hidePath,
  });
  // The first feature tells the columns; required columns are checked before any row is read.
  const iterator = features[Symbol.asyncIterator]();
  const first = await iterator.next();
  const fields = new Set<string>();
  const ignoredColumns: string[] = [];
  const headers = Object.keys(first.done ? {} : (first.value.properties ?? {}));
  const fieldOf = new Map<string, string>();
  for (const header of headers) {
    const field = index.get(headerKey(header));
    if (field && !fields.has(field)) {
      fields.add(field);
      fieldOf.set(header, field);
    } else if (!geometryColumns.has(header)) ignoredColumns.push(header);
  }
  if (!first.done) requireColumns(collection, fields, headers);
  // A spreadsheet's header is row 1 (or the row below its title rows).
  const firstRow = prepared.tabular ? 2 + skippedRows : 1;

  async function* rows(): AsyncGenerator<SourceRow> {
    let row = firstRow;
    let next = first;
    while (!next.done) {
      const feature: Feature = next.value;
      const properties = feature.properties ?? {};
      const values = new Map<string, unknown>();
      for (const [header, field] of fieldOf) values.set(field, properties[header]);
      const result: SourceRow = { row, values, geometry: feature.geometry ?? null, geometryField };
      if (!result.geometry) {
        const problem = missingGeometry(properties, columns);
        if (problem === 'location') result.geometry = locationPoint(String(properties[columns.location!]));
        if (!result.geometry && collection.geometry !== 'none')
          result.geometryProblem = problem === 'location' ? 'the location is not "lng,lat"' : problem;
      }
      yield result;
      row += 1;
      next = await iterator.next();
    }
  }
  return {
    format: prepared.format,
    encoding: prepared.encoding,
    crs: crsLabel,
    offset,
    fields,
    ignoredColumns,
    warnings,
    rows: rows(),
  };
}

/**
 * 统计年鉴-style sheets put a title (and units) above the header. The header is the first of the
 * first ten rows in which at least two cells name fields of the collection; the rows above it go.
 * Returns how many rows were dropped (the sheet was written by GDAL: one line per row).
 */
async function dropTitleRows(csv: string, collection: ImportCollection): Promise<number> {
  const lines = (await readFile(csv, 'utf8')).split('\n');
  const at = headerLine(lines, collection);
  if (at <= 0) return 0;
  await writeFile(csv, lines.slice(at).join('\n'));
  return at;
}

/** The index of the header among a sheet's CSV lines (0 when row 1 is the header or none is found). */
export function headerLine(lines: readonly string[], collection: ImportCollection): number {
  const index = headerIndex(collection);
  const known = (line: string) =>
    line.split(',').filter((cell) => index.has(headerKey(cell.replace(/^"|"$/g, '')))).length;
  return Math.max(
    0,
    lines.slice(0, 10).findIndex((line) => known(line) >= 2),
  );
}

/** Why a table row has no geometry (or 'location' when its Amap location is to be read). */
function missingGeometry(
  properties: Record<string, unknown>,
  columns: { x?: string; y?: string; wkt?: string; location?: string },
): string {
  const text = (column: string) => String(properties[column] ?? '').trim();
  if (columns.x && columns.y) {
    const [x, y] = [text(columns.x), text(columns.y)];
    // GDAL reads the coordinate columns as numbers: text in them arrives as nothing.
    if (x === '' || y === '')
      return `the coordinates in ${columns.x}/${columns.y} are missing or not numbers`;
    return `the coordinates (${x}, ${y}) are not numbers`;
  }
  if (columns.wkt)
    return text(columns.wkt) === '' ? 'the geometry is missing' : 'the WKT geometry cannot be read';
  if (columns.location) return 'location';
  return 'the row has no geometry';
}

/** An Amap-style "lng,lat" cell as a point, or null. */
export function locationPoint(value: string): Geometry | null {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  return match ? { type: 'Point', coordinates: [Number(match[1]), Number(match[2])] } : null;
}

/** A short name of a coordinate system from its WKT: the EPSG code when it has one. */
export function srsName(wkt: string): string {
  const name =
    /^[A-Z]+CRS\["([^"]+)"/.exec(wkt)?.[1] ?? /^[A-Z_]+\["([^"]+)"/.exec(wkt)?.[1] ?? 'declared by the file';
  // The CRS's own identifier closes the WKT: ID["EPSG",4544]]
  const code = /ID\["EPSG",(\d+)\]\]\s*$/.exec(wkt.trim())?.[1];
  return code ? `${name} (EPSG:${code})` : name;
}
