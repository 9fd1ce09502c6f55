// GET /api/exports/{collection}.{geojson|csv|shp|gpkg|xlsx}: a whole collection, filtered by
// district, town, category and bbox. GeoJSON and CSV stream from the database in keyset batches
// straight into the response (backpressure: the next batch is read when the client has taken the
// last); Shapefile (zipped), GeoPackage and XLSX are read and written by GDAL in the work pool
// (gdal.ts), within the `exports` budget (server/modules/work/budgets.ts). Reuses the OGC API
// collection definitions, so exports and the map read the same rows; columns (names per format,
// staff-only fields) come from columns.ts.
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Position } from 'geojson';
import { Type } from 'typebox';
import { EXPORT_COLLECTIONS } from '../../contract/collections.ts';
import { DistrictCode, ErrorBody } from '../../contract/common.ts';
import { CSV_BOM, csvLine } from '../../contract/csv.ts';
import type { BBox } from '../../db/postgis.ts';
import { badRequest, invalid, notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { COLLECTIONS_BY_ID, type CollectionDefinition } from '../features/collections.ts';
import {
  countFeatures,
  type FeatureRow,
  featureBatches,
  featureTextBatches,
} from '../features/features.repository.ts';
import { asDownload } from '../http/download.ts';
import { rateLimitOf, withinBudget } from '../work/budgets.ts';
import { runTask } from '../work/pool.ts';
import { type ExportColumn, exportColumns, selectedProperties } from './columns.ts';
import { EXPORT_BATCH_ROWS, EXPORT_SRS } from './gdal.ts';
import { toWkt } from './wkt.ts';

export { EXPORT_BATCH_ROWS };

export const EXPORT_FORMATS = ['geojson', 'csv', 'shp', 'gpkg', 'xlsx'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Collections whose rows are all points: CSV and XLSX give them lon/lat columns, the others WKT. */
const POINT_COLLECTIONS = new Set(['facilities', 'villages', 'boundary-markers']);
/** Streamed formats hold one batch at a time; GDAL formats are bounded by disk and XLSX's row limit. */
const MAX_STREAMED = 2_000_000;
const MAX_GDAL = 200_000;

const MEDIA_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  shp: 'application/zip',
  gpkg: 'application/geopackage+sqlite3',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const FILE_EXTENSIONS: Record<ExportFormat, string> = {
  geojson: 'geojson',
  csv: 'csv',
  shp: 'shp.zip',
  gpkg: 'gpkg',
  xlsx: 'xlsx',
};

const ExportParams = Type.Object({
  collection: Type.Enum(EXPORT_COLLECTIONS),
  format: Type.Enum(EXPORT_FORMATS),
});
const ExportQuery = Type.Object(
  {
    district: Type.Optional(DistrictCode),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
    category: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    bbox: Type.Optional(
      Type.String({ maxLength: 200, description: 'west,south,east,north in degrees (WGS84)' }),
    ),
  },
  { additionalProperties: false },
);
const binary = { schema: Type.String({ format: 'binary' }) };
const ExportResponses = {
  200: {
    description: `The file. Shapefile (zipped, UTF-8 .cpg) and GeoPackage declare ${EXPORT_SRS} (CGCS2000); GeoJSON and CSV are longitude/latitude.`,
    content: {
      'application/geo+json': {
        schema: Type.Object({
          type: Type.Literal('FeatureCollection'),
          features: Type.Array(Type.Unknown()),
        }),
      },
      'text/csv': { schema: Type.String({ description: 'UTF-8 with BOM; digit-only codes as ="…"' }) },
      'application/zip': binary,
      'application/geopackage+sqlite3': binary,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': binary,
    },
  },
  400: { description: 'A bad parameter, named in error.details[].field', ...ErrorBody },
  503: { description: 'Too many GDAL exports at once; retry after Retry-After seconds', ...ErrorBody },
};

/** A FeatureCollection around features given as text, one batch per chunk. */
async function* geojsonChunks(batches: AsyncIterable<string[]>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield `${first ? '' : ','}\n${batch.join(',\n')}`;
    first = false;
  }
  yield '\n]}\n';
}

async function* csvChunks(
  batches: AsyncIterable<FeatureRow[]>,
  columns: ExportColumn[],
  points: boolean,
): AsyncGenerator<string> {
  yield CSV_BOM + csvLine([...columns.map((c) => c.field), ...(points ? ['lon', 'lat'] : ['wkt'])]);
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) {
      const values = columns.map((c) => row.properties[c.field]);
      if (points) {
        const [lon, lat] = (row.geometry as { coordinates: Position }).coordinates;
        values.push(lon, lat);
      } else values.push(toWkt(row.geometry));
      chunk += csvLine(values);
    }
    yield chunk;
  }
}

/** Streams are sent as they are (never serialized); the response schema only documents them. */
const sendStream = (reply: FastifyReply, stream: Readable) => reply.send(stream);

/** The XLSX sheet: the collection's Chinese name (民政设施, 界桩 …). */
const sheetName = (def: CollectionDefinition) => def.title.split(' ')[0] ?? def.id;

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/exports/:collection.:format',
    {
      config: { rateLimit: rateLimitOf('exports'), audit: 'export.download' },
      schema: {
        summary:
          'Download a collection as GeoJSON, CSV (UTF-8 with BOM), zipped Shapefile, GeoPackage or XLSX, filtered by district, town, category and bbox',
        tags: ['exports'],
        params: ExportParams,
        querystring: ExportQuery,
        response: ExportResponses,
      },
    },
    async (request, reply) => {
      const { collection, format } = request.params;
      const def = COLLECTIONS_BY_ID.get(collection);
      if (!def) throw notFound(`collection '${collection}'`);
      const q = request.query;
      if (q.town && !def.filters.town)
        throw badRequest('query.town', `${collection} cannot be filtered by town`);
      if (q.category && !def.filters.category)
        throw badRequest('query.category', `${collection} cannot be filtered by category`);
      const query = {
        district: q.district,
        bbox: q.bbox === undefined ? undefined : parseBBox(q.bbox),
        filters: { town: q.town, category: q.category },
      };
      const columns = exportColumns(def, isStaff(request));
      const points = POINT_COLLECTIONS.has(collection);
      const matched = await countFeatures(app.db, def, query);
      const gdal = format === 'shp' || format === 'gpkg' || format === 'xlsx';
      const limit = gdal ? MAX_GDAL : MAX_STREAMED;
      if (matched > limit)
        throw badRequest(
          'query',
          `${matched} features match; narrow the ${format} export to at most ${limit} with district, town, category or bbox`,
        );
      const stamp = new Date().toISOString().slice(0, 10);
      const name = `${collection}${q.district ? `-${q.district}` : ''}-${stamp}.${FILE_EXTENSIONS[format]}`;
      if (format === 'geojson' || format === 'csv') {
        asDownload(reply, name);
        reply.type(MEDIA_TYPES[format]);
        const properties = selectedProperties(columns);
        if (format === 'geojson')
          return sendStream(
            reply,
            Readable.from(
              geojsonChunks(featureTextBatches(app.db, def, query, properties, EXPORT_BATCH_ROWS)),
              { objectMode: false },
            ),
          );
        const batches = featureBatches(app.db, def, query, properties, EXPORT_BATCH_ROWS);
        return sendStream(reply, Readable.from(csvChunks(batches, columns, points), { objectMode: false }));
      }
      // Read, shaped and written in the work pool, within the caller's and the server's budget.
      const result = await withinBudget('exports', request, reply, () =>
        runTask('gdal-export', {
          connection: connectionOf(app.pool),
          collection,
          query,
          columns,
          points,
          format,
          layer: format === 'xlsx' ? sheetName(def) : def.id,
        }),
      );
      try {
        const file = await open(result.path, 'r');
        if (result.warnings.length)
          request.log.warn({ gdal: result.warnings.slice(0, 20) }, 'ogr2ogr warnings');
        asDownload(reply, name);
        reply.type(MEDIA_TYPES[format]).header('Content-Length', String(result.size));
        return sendStream(reply, file.createReadStream());
      } finally {
        await rm(result.dir, { recursive: true, force: true });
      }
    },
  );
};

/** The connection string of the app's pool, for a worker that reads with its own connection. */
function connectionOf(pool: { options: { connectionString?: string } }): string {
  const connection = pool.options.connectionString;
  if (!connection) throw new Error('the database pool has no connection string');
  return connection;
}

/** Parses "w,s,e,n" in degrees, saying exactly what is wrong. */
export function parseBBox(value: string, field = 'query.bbox'): BBox {
  const parts = value.split(',');
  if (parts.length !== 4) throw invalid(field, 'bbox_four_numbers');
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (numbers.some((n) => !Number.isFinite(n))) throw invalid(field, 'bbox_finite');
  const [west, south, east, north] = numbers as BBox;
  if (west < -180 || east > 180) throw invalid(field, 'longitudes_range');
  if (south < -90 || north > 90) throw invalid(field, 'latitudes_range');
  if (west >= east || south >= north) throw invalid(field, 'bbox_order');
  return [west, south, east, north];
}
