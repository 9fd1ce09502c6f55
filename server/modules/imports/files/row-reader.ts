// Reads the rows ogr2ogr wrote as GeoJSONSeq (one feature per line), a batch at a time, as a job of
// the work pool (server/modules/work/): parsing every line of a large file is the import's heaviest
// work on the server's side, and here it never runs on the event loop. A batch ends after `maxRows`
// rows or about `maxBytes` of text and says where the next one starts (a byte offset), so a file of
// any size is read in bounded memory. Rows come back shaped: the values of the collection's fields,
// the geometry, and why a table row has none.
import { open } from 'node:fs/promises';
import type { Feature, Geometry } from 'geojson';

/** The columns of a table that hold its coordinates (sources.ts chose them). */
export interface GeometryColumns {
  x?: string;
  y?: string;
  wkt?: string;
  location?: string;
}

export interface RowBatchJob {
  file: string;
  /** Byte offset to start at (0, then a batch's `next`). */
  offset: number;
  maxRows: number;
  /** Stop after the line that passes this many bytes (default 4 MB). */
  maxBytes?: number;
  /** null: the features as GDAL wrote them; else the rows shaped for the collection. */
  shape: {
    /** File column → collection field. */
    fieldOf: [string, string][];
    columns: GeometryColumns;
    /** The collection has geometries (so a row without one has a problem). */
    needsGeometry: boolean;
  } | null;
}

export interface ShapedRow {
  values: [string, unknown][];
  geometry: Geometry | null;
  /** Why the geometry could not be read at all (bad WKT, non-numeric lon/lat). */
  geometryProblem?: string;
}

export interface RowBatch {
  features: Pick<Feature, 'properties' | 'geometry'>[];
  rows: ShapedRow[];
  /** Where the next batch starts, or null at the end of the file. */
  next: number | null;
}

const CHUNK = 1024 * 1024;

export async function readRowBatch(job: RowBatchJob): Promise<RowBatch> {
  const maxBytes = job.maxBytes ?? 4 * 1024 * 1024;
  const batch: RowBatch = { features: [], rows: [], next: null };
  const take = (line: string) => {
    if (line.trim() === '') return;
    const feature = JSON.parse(line) as Feature;
    if (job.shape) batch.rows.push(shapeRow(feature, job.shape));
    else batch.features.push({ properties: feature.properties, geometry: feature.geometry });
  };
  const handle = await open(job.file, 'r');
  try {
    let position = job.offset;
    let carry = Buffer.alloc(0);
    let read = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
      if (bytesRead === 0) {
        take(carry.toString('utf8'));
        return batch;
      }
      position += bytesRead;
      const data = carry.length
        ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
        : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let newline = data.indexOf(10, start); newline >= 0; newline = data.indexOf(10, start)) {
        take(data.toString('utf8', start, newline));
        read += newline + 1 - start;
        start = newline + 1;
        if (batch.rows.length + batch.features.length >= job.maxRows || read >= maxBytes) {
          batch.next = position - (data.length - start);
          return batch;
        }
      }
      carry = Buffer.from(data.subarray(start));
    }
  } finally {
    await handle.close();
  }
}

function shapeRow(feature: Feature, shape: NonNullable<RowBatchJob['shape']>): ShapedRow {
  const properties = feature.properties ?? {};
  const row: ShapedRow = {
    values: shape.fieldOf.map(([header, field]) => [field, properties[header]]),
    geometry: feature.geometry ?? null,
  };
  if (!row.geometry) {
    const problem = missingGeometry(properties, shape.columns);
    if (problem === 'location') row.geometry = locationPoint(String(properties[shape.columns.location!]));
    if (!row.geometry && shape.needsGeometry)
      row.geometryProblem = problem === 'location' ? 'the location is not "lng,lat"' : problem;
  }
  return row;
}

/** Why a table row has no geometry (or 'location' when its Amap location is to be read). */
function missingGeometry(properties: Record<string, unknown>, columns: GeometryColumns): string {
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
