// OGC API – Features items: /collections/{id}/items (filters: bbox in any supported CRS, datetime,
// CQL2 text or JSON, the map client's legacy equality filters and property=value) and
// /collections/{id}/items/{featureId}. Geometry given in a projected CRS is checked to transform
// before the query runs, so coordinates outside the CRS's area are a 400 naming the parameter.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type RawBuilder, sql } from 'kysely';
import { Type } from 'typebox';
import { DistrictCode } from '../../contract/common.ts';
import { badRequest, notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { collectionOr404, crsHeader, GEOJSON, JSON_TYPE, queryablesOf } from './collection-access.ts';
import { parseCql2Json, parseCql2Text } from './cql2.ts';
import { assertTransformable, bboxGeometries, type Crs, parseCrs, parseOgcBBox } from './crs.ts';
import { datetimeCondition } from './datetime.ts';
import { findFeature, findFeatures } from './features.repository.ts';
import { type FilterContext, filterSql } from './filter-sql.ts';

export const MAX_LIMIT = 10_000;
const CollectionParams = Type.Object({ collectionId: Type.String({ maxLength: 40 }) });

/** The filters the map client used before CQL2, each an equality on one column. */
const LEGACY_FILTERS = ['town', 'category', 'subtype', 'status', 'kind', 'line'] as const;

const ItemsQuery = Type.Object(
  {
    district: Type.Optional(DistrictCode),
    bbox: Type.Optional(
      Type.String({
        maxLength: 300,
        description: 'minx,miny,maxx,maxy (or 6 numbers with heights) in bbox-crs',
      }),
    ),
    'bbox-crs': Type.Optional(Type.String({ maxLength: 200 })),
    crs: Type.Optional(Type.String({ maxLength: 200 })),
    datetime: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Integer({ minimum: 1, default: 100, description: `capped at ${MAX_LIMIT}` }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
    filter: Type.Optional(Type.String({ maxLength: 20_000 })),
    'filter-lang': Type.Optional(
      Type.Union([Type.Literal('cql2-text'), Type.Literal('cql2-json'), Type.Literal('cql-text')]),
    ),
    'filter-crs': Type.Optional(Type.String({ maxLength: 200 })),
    resultType: Type.Optional(Type.Union([Type.Literal('results'), Type.Literal('hits')])),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    subtype: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(Type.String({ maxLength: 100 })),
    line: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    f: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])),
  },
  // Other names are the collection's queryables (property = value), checked per collection.
  { additionalProperties: Type.String({ maxLength: 500 }) },
);
const KNOWN_PARAMS = new Set(Object.keys(ItemsQuery.properties));

export const itemsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/collections/:collectionId/items',
    {
      schema: {
        summary: 'Features of a collection (GeoJSON)',
        params: CollectionParams,
        querystring: ItemsQuery,
      },
    },
    async (request, reply) => {
      const def = collectionOr404(request.params.collectionId);
      const q = request.query as typeof request.query & Record<string, string | undefined>;
      const queryables = await queryablesOf(request, def);
      const where: RawBuilder<unknown>[] = [];
      const filters: Partial<Record<(typeof LEGACY_FILTERS)[number], string>> = {};
      for (const name of LEGACY_FILTERS) {
        const value = q[name];
        if (value === undefined) continue;
        if (!def.filters[name]) {
          // The same name as a property of this collection: an equality on it (below).
          if (queryables.has(name)) continue;
          throw badRequest(`query.${name}`, `is not a filter of collection '${def.id}'`);
        }
        filters[name] = value;
      }
      const propertyParams: Record<string, string> = {};
      for (const [name, value] of Object.entries(q)) {
        if (value === undefined) continue;
        if (
          KNOWN_PARAMS.has(name) &&
          !(LEGACY_FILTERS.includes(name as never) && !def.filters[name as 'town'])
        )
          continue;
        const found = queryables.get(name);
        if (!found || found.type === 'geometry')
          throw badRequest(`query.${name}`, `is not a parameter or queryable of collection '${def.id}'`);
        propertyParams[name] = String(value);
      }
      const ctx = (filterCrs: Crs): FilterContext => ({ collectionId: def.id, queryables, filterCrs });
      for (const [name, value] of Object.entries(propertyParams)) {
        const type = queryables.get(name)!.type;
        const literal =
          type === 'integer' || type === 'number'
            ? Number(value)
            : type === 'boolean'
              ? value === 'true'
              : value;
        if ((type === 'integer' || type === 'number') && !Number.isFinite(literal as number))
          throw badRequest(`query.${name}`, 'must be a number');
        if (type === 'boolean' && value !== 'true' && value !== 'false')
          throw badRequest(`query.${name}`, 'must be true or false');
        where.push(filterSql({ op: '=', args: [{ property: name }, literal] }, ctx(parseCrs(undefined, ''))));
      }

      const crs = parseCrs(q.crs, 'query.crs');
      if (q.bbox !== undefined) {
        const bboxCrs = parseCrs(q['bbox-crs'], 'query.bbox-crs');
        const boxes = bboxGeometries(parseOgcBBox(q.bbox, bboxCrs), bboxCrs);
        if (bboxCrs.srid !== 4326 && bboxCrs.srid !== 4490)
          await assertTransformable(app.db, 'query.bbox', bboxCrs, boxes);
        where.push(
          sql`(${sql.join(
            boxes.map((box) => sql`ST_Intersects(${sql.raw(def.geomExpr)}, ${box})`),
            sql` OR `,
          )})`,
        );
      } else if (q['bbox-crs'] !== undefined) {
        throw badRequest('query.bbox-crs', 'is only meaningful with bbox');
      }
      if (q.datetime !== undefined) where.push(datetimeCondition(def, q.datetime));
      if (q.filter !== undefined) {
        const lang = q['filter-lang'] ?? 'cql2-text';
        const tree = lang === 'cql2-json' ? parseCql2Json(q.filter) : parseCql2Text(q.filter);
        const filterCrs = parseCrs(q['filter-crs'], 'query.filter-crs');
        const filterContext = { ...ctx(filterCrs), geometries: [] };
        where.push(filterSql(tree, filterContext));
        await assertTransformable(app.db, 'query.filter', filterCrs, filterContext.geometries);
      } else if (q['filter-lang'] !== undefined || q['filter-crs'] !== undefined) {
        throw badRequest(
          q['filter-lang'] !== undefined ? 'query.filter-lang' : 'query.filter-crs',
          'is only meaningful with filter',
        );
      }

      const limit = Math.min(q.limit, MAX_LIMIT);
      const hits = q.resultType === 'hits';
      const { features, numberMatched } = await findFeatures(app.db, def, {
        district: q.district,
        filters,
        where,
        limit: hits ? 0 : limit,
        offset: q.offset,
        crs,
        staff: isStaff(request),
      });
      const base = publicBaseUrl(request);
      const self = new URL(`${base}${request.url}`);
      const page = (offset: number) => {
        const url = new URL(self);
        url.searchParams.set('offset', String(offset));
        url.searchParams.set('limit', String(limit));
        return url.toString();
      };
      const links = [
        { href: self.toString(), rel: 'self', type: GEOJSON, title: 'This page' },
        { href: `${base}/api/collections/${def.id}`, rel: 'collection', type: JSON_TYPE, title: def.title },
      ];
      if (!hits && q.offset + features.length < numberMatched)
        links.push({ href: page(q.offset + limit), rel: 'next', type: GEOJSON, title: 'Next page' });
      if (!hits && q.offset > 0)
        links.push({
          href: page(Math.max(0, q.offset - limit)),
          rel: 'prev',
          type: GEOJSON,
          title: 'Previous page',
        });
      const collection = `${base}/api/collections/${def.id}/items`;
      reply.type(GEOJSON).header('Content-Crs', crsHeader(crs));
      return {
        type: 'FeatureCollection',
        features: features.map((f) => ({
          ...f,
          links: [{ href: `${collection}/${f.id}`, rel: 'self', type: GEOJSON }],
        })),
        numberMatched,
        numberReturned: features.length,
        timeStamp: new Date().toISOString(),
        links,
      };
    },
  );

  app.get(
    '/collections/:collectionId/items/:featureId',
    {
      schema: {
        summary: 'One feature',
        params: Type.Object({
          collectionId: Type.String({ maxLength: 40 }),
          featureId: Type.String({ maxLength: 40 }),
        }),
        querystring: Type.Object(
          {
            crs: Type.Optional(Type.String({ maxLength: 200 })),
            f: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const def = collectionOr404(request.params.collectionId);
      const { featureId } = request.params;
      const crs = parseCrs(request.query.crs, 'query.crs');
      const feature = def.idPattern.test(featureId)
        ? await findFeature(app.db, def, featureId, isStaff(request), crs)
        : undefined;
      if (!feature) throw notFound(`feature '${featureId}' in collection '${def.id}'`);
      const base = publicBaseUrl(request);
      reply.type(GEOJSON).header('Content-Crs', crsHeader(crs));
      return {
        ...feature,
        links: [
          { href: `${base}/api/collections/${def.id}/items/${featureId}`, rel: 'self', type: GEOJSON },
          { href: `${base}/api/collections/${def.id}`, rel: 'collection', type: JSON_TYPE, title: def.title },
        ],
      };
    },
  );
};
