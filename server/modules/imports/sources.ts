// Turns an uploaded file into rows of raw values keyed by field name, each with its geometry in
// WGS84 longitude/latitude. Every format and coordinate system goes through GDAL (files/gdal.ts):
// zipped Shapefile, GeoPackage, KML/KMZ, GeoJSON, CSV and Excel (.xlsx). What GDAL cannot know we
// decide: the text encoding of a Shapefile without .cpg or of a CSV Excel saved as GBK
// (files/prepare.ts), which columns of a table hold coordinates, and the GCJ-02/BD-09 offsets of
// Chinese web maps. The whole-file work runs in the work pool (server/modules/work/): preparing
// the file and parsing GDAL's output (files/row-reader.ts); GDAL itself runs as a child process
// without network access. File-level problems are 400s naming the file; row-level problems travel
// with the row.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Geometry } from 'geojson';
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
import { runTask } from '../work/pool.ts';
import { type CrsChoice, type Offset, parseCrsChoice, srsWarnings } from './coordinates.ts';
import type { EncodingChoice } from './files/encoding.ts';
import {
  convertFeatures,
  describeLayers,
  GdalProblem,
  type LayerInfo,
  type ReadOptions,
  runGdal,
} from './files/gdal.ts';
import { cpgEncoding, fileError, type Prepared } from './files/prepare.ts';
import { type GeometryColumns, locationPoint, type RowBatch } from './files/row-reader.ts';
import type { SpooledFile } from './files/spool.ts';

export { cpgEncoding, fileError, IMPORT_FORMATS, type ImportFormat, locationPoint };

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

/** Rows parsed per job of the work pool; the event loop checks them one batch at a time, so a batch stays small. */
const ROWS_PER_BATCH = 500;

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
    if (error instanceof GdalProblem) throw fileError(error.message);
    throw error;
  }
}

async function openPrepared(
  file: SpooledFile,
  collection: ImportCollection,
  options: OpenOptions,
  hidePath: string,
): Promise<Source> {
  let prepared: Prepared = await runTask('prepare-import-file', {
    path: file.path,
    dir: file.dir,
    name: file.name,
    encoding: options.encoding,
  });
  const warnings: ImportWarning[] = [...prepared.warnings];
  let skippedRows = 0;
  // GDAL writes the rows it reads into the upload's folder; the work pool parses them.
  let converted = 0;
  const convert = async (readOptions: Omit<ReadOptions, 'hidePath'>) => {
    const target = path.join(file.dir, 'work', `rows-${++converted}.geojsons`);
    await convertFeatures(prepared.source, target, { ...readOptions, hidePath });
    return target;
  };
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
  let columns: GeometryColumns = {};
  let layer: string | undefined;
  let sourceSrs: string | undefined;
  let crsLabel: string;
  if (prepared.tabular) {
    const sampleFile = await convert({ limit: 50, sourceSrs: 'EPSG:4326' });
    const { features } = await runTask('read-import-rows', {
      file: sampleFile,
      offset: 0,
      maxRows: 50,
      shape: null,
    });
    const sample = features.map((f) => f.properties ?? {});
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
  const rowsFile = await convert({ layer, openOptions: prepared.openOptions, sourceSrs });
  // The first feature tells the columns; required columns are checked before any row is read.
  const first = await runTask('read-import-rows', { file: rowsFile, offset: 0, maxRows: 1, shape: null });
  const fields = new Set<string>();
  const ignoredColumns: string[] = [];
  const headers = Object.keys(first.features[0]?.properties ?? {});
  const fieldOf = new Map<string, string>();
  for (const header of headers) {
    const field = index.get(headerKey(header));
    if (field && !fields.has(field)) {
      fields.add(field);
      fieldOf.set(header, field);
    } else if (!geometryColumns.has(header)) ignoredColumns.push(header);
  }
  if (first.features.length > 0) requireColumns(collection, fields, headers);
  // A spreadsheet's header is row 1 (or the row below its title rows).
  const firstRow = prepared.tabular ? 2 + skippedRows : 1;
  const shape = { fieldOf: [...fieldOf], columns, needsGeometry: collection.geometry !== 'none' };

  async function* rows(): AsyncGenerator<SourceRow> {
    let row = firstRow;
    let offset: number | null = 0;
    while (offset !== null) {
      const batch: RowBatch = await runTask('read-import-rows', {
        file: rowsFile,
        offset,
        maxRows: ROWS_PER_BATCH,
        shape,
      });
      for (const shaped of batch.rows) {
        const result: SourceRow = {
          row,
          values: new Map(shaped.values),
          geometry: shaped.geometry,
          geometryField,
        };
        if (shaped.geometryProblem !== undefined) result.geometryProblem = shaped.geometryProblem;
        yield result;
        row += 1;
      }
      offset = batch.next;
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

/** A short name of a coordinate system from its WKT: the EPSG code when it has one. */
export function srsName(wkt: string): string {
  const name =
    /^[A-Z]+CRS\["([^"]+)"/.exec(wkt)?.[1] ?? /^[A-Z_]+\["([^"]+)"/.exec(wkt)?.[1] ?? 'declared by the file';
  // The CRS's own identifier closes the WKT: ID["EPSG",4544]]
  const code = /ID\["EPSG",(\d+)\]\]\s*$/.exec(wkt.trim())?.[1];
  return code ? `${name} (EPSG:${code})` : name;
}
