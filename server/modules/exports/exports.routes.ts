// GET /api/exports/{collection}.{geojson|csv}: a whole collection, filtered by district, town,
// category and bbox, as a GeoJSON download or a CSV that Excel opens (UTF-8 with BOM; points as
// lon/lat columns, other geometry as WKT). Reuses the OGC API collection definitions, so exports and
// the map read the same rows. Staff-only fields (server/contract/staff-only.ts) are left out for
// anonymous callers by the same query the OGC items use.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Feature, Geometry } from 'geojson';
import { Type } from 'typebox';
import { DistrictCode, parseBBox } from '../../contract/common.ts';
import { badRequest, notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { COLLECTIONS_BY_ID } from '../features/collections.ts';
import { findFeatures } from '../features/features.repository.ts';
import { toCsv } from './csv.ts';

export const EXPORT_COLLECTIONS = [
  'facilities',
  'villages',
  'place-names',
  'boundary-markers',
  'boundary-lines',
  'towns',
] as const;
const MAX_FEATURES = 200_000;

const ExportParams = Type.Object({
  collection: Type.Union(EXPORT_COLLECTIONS.map((c) => Type.Literal(c))),
  format: Type.Union([Type.Literal('geojson'), Type.Literal('csv')]),
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

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/exports/:collection.:format',
    {
      schema: {
        summary:
          'Download a collection as GeoJSON or CSV (UTF-8 with BOM), filtered by district, town, category and bbox',
        tags: ['exports'],
        params: ExportParams,
        querystring: ExportQuery,
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
      const { features, numberMatched } = await findFeatures(app.db, def, {
        district: q.district,
        bbox: q.bbox === undefined ? undefined : parseBBox(q.bbox),
        filters: { town: q.town, category: q.category },
        limit: MAX_FEATURES,
        offset: 0,
        staff: isStaff(request),
      });
      if (numberMatched > MAX_FEATURES)
        throw badRequest(
          'query',
          `${numberMatched} features match; narrow the export to at most ${MAX_FEATURES} with district, town or bbox`,
        );
      const stamp = new Date().toISOString().slice(0, 10);
      const name = `${collection}${q.district ? `-${q.district}` : ''}-${stamp}.${format}`;
      reply.header('Content-Disposition', `attachment; filename="${name}"`);
      reply.header('Cache-Control', 'no-store');
      if (format === 'geojson') {
        reply.type('application/geo+json; charset=utf-8');
        return JSON.stringify({ type: 'FeatureCollection', features });
      }
      reply.type('text/csv; charset=utf-8');
      return toCsv(features as Feature<Geometry>[]);
    },
  );
};
