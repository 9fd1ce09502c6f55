// OGC API – Features: Part 1 (core, GeoJSON, OpenAPI 3.0), Part 2 (CRS) and Part 3 (queryables,
// CQL2 filters), read-only. Landing page /api, /api/conformance, /api/collections[/{id}[/items
// [/{featureId}]|/schema|/queryables]], and /api/openapi (this API's own OpenAPI document, whose
// paths are relative to the landing page as OGC clients expect).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type RawBuilder, sql } from 'kysely';
import { Type } from 'typebox';
import { DistrictCode } from '../../contract/common.ts';
import { badRequest, notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { COLLECTIONS, COLLECTIONS_BY_ID, type CollectionDefinition } from './collections.ts';
import { parseCql2Json, parseCql2Text } from './cql2.ts';
import { bboxGeometries, CRS84, type Crs, parseCrs, parseOgcBBox, SUPPORTED_CRS_URIS } from './crs.ts';
import { collectionExtent, findFeature, findFeatures, visiblePropertyExprs } from './features.repository.ts';
import { type FilterContext, filterSql } from './filter-sql.ts';
import { ogcOpenApi } from './ogc-openapi.ts';
import { jsonSchemaOf, type PropertyType, propertyTypes } from './queryables.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
];

export const MAX_LIMIT = 10_000;
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
const REL_QUERYABLES = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
const REL_SCHEMA = 'http://www.opengis.net/def/rel/ogc/1.0/schema';

const CollectionParams = Type.Object({ collectionId: Type.String({ maxLength: 40 }) });
const Link = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});
const LandingPage = Type.Object({
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(Link),
});
const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) });
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

function collectionOr404(id: string): CollectionDefinition {
  const def = COLLECTIONS_BY_ID.get(id);
  if (!def) throw notFound(`collection '${id}'`);
  return def;
}

const crsHeader = (crs: Crs) => `<${crs.uri}>`;

/** application/schema+json, unless the client asks only for plain JSON (GDAL 3.6 does). */
function schemaType(request: FastifyRequest): string {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !/application\/schema\+json|\*\/\*/.test(accept)
    ? JSON_TYPE
    : 'application/schema+json';
}

/** Queryables a caller may filter on: visible properties (not JSON-valued) and the geometry. */
async function queryablesOf(request: FastifyRequest, def: CollectionDefinition) {
  const types = await propertyTypes(request.server.pool, def);
  const map: FilterContext['queryables'] = new Map();
  for (const [name, expr] of visiblePropertyExprs(def, isStaff(request))) {
    const type = types[name] ?? 'string';
    if (type !== 'json') map.set(name, { expr, type });
  }
  map.set('geometry', { expr: def.geomExpr, type: 'geometry' });
  return map;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** `datetime` (RFC 3339 instant, or interval with `..`/empty open ends) → inclusive [from, to]. */
function parseDatetime(value: string): [string | null, string | null] {
  const bound = (part: string, end: boolean): string | null => {
    if (part === '' || part === '..') return null;
    if (DATE_ONLY.test(part) && !Number.isNaN(Date.parse(part)))
      return end ? `${part}T23:59:59.999Z` : `${part}T00:00:00Z`;
    if (DATE_TIME.test(part) && !Number.isNaN(Date.parse(part))) return part;
    throw badRequest(
      'query.datetime',
      'must be RFC 3339 dates or date-times (e.g. 2024-05-01 or 2024-05-01T08:00:00Z)',
    );
  };
  const parts = value.split('/');
  if (parts.length === 1) {
    if (value === '..' || value === '') throw badRequest('query.datetime', 'an instant cannot be open');
    return [bound(value, false), bound(value, true)];
  }
  if (parts.length !== 2) throw badRequest('query.datetime', 'must be an instant or an interval start/end');
  const [from, to] = [bound(parts[0]!, false), bound(parts[1]!, true)];
  if (from === null && to === null) throw badRequest('query.datetime', 'an interval needs at least one end');
  if (from && to && Date.parse(from) > Date.parse(to))
    throw badRequest('query.datetime', 'the start is after the end');
  return [from, to];
}

function datetimeCondition(def: CollectionDefinition, value: string): RawBuilder<unknown> {
  if (!def.temporal) throw badRequest('query.datetime', `collection '${def.id}' has no time property`);
  const [from, to] = parseDatetime(value);
  const ts = (expr: string) => sql.raw(`(${expr})::timestamp AT TIME ZONE 'UTC'`);
  const start = def.temporal.start;
  const parts: RawBuilder<unknown>[] = [];
  if (def.temporal.end === undefined) {
    // An instant: it must fall inside the requested interval.
    if (from) parts.push(sql`${ts(start)} >= ${from}::timestamptz`);
    if (to) parts.push(sql`${ts(start)} <= ${to}::timestamptz`);
  } else {
    // An interval (null ends open): it must overlap the requested one.
    if (to) parts.push(sql`(${sql.raw(start)} IS NULL OR ${ts(start)} <= ${to}::timestamptz)`);
    if (from && def.temporal.end)
      parts.push(
        sql`(${sql.raw(def.temporal.end)} IS NULL OR ${ts(def.temporal.end)} >= ${from}::timestamptz)`,
      );
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

export const featureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const collectionLinks = (def: CollectionDefinition, base: string) => [
    { href: `${base}/api/collections/${def.id}`, rel: 'self', type: JSON_TYPE, title: def.title },
    {
      href: `${base}/api/collections/${def.id}/items`,
      rel: 'items',
      type: GEOJSON,
      title: 'Features (GeoJSON)',
    },
    {
      href: `${base}/api/collections/${def.id}/queryables`,
      rel: REL_QUERYABLES,
      type: 'application/schema+json',
      title: 'Queryables',
    },
    // GDAL 3.6 looks for the pre-standard rel names.
    {
      href: `${base}/api/collections/${def.id}/queryables`,
      rel: 'queryables',
      type: 'application/schema+json',
      title: 'Queryables',
    },
    {
      href: `${base}/api/collections/${def.id}/schema`,
      rel: REL_SCHEMA,
      type: 'application/schema+json',
      title: 'Schema',
    },
    {
      href: `${base}/api/collections/${def.id}/schema`,
      rel: 'describedby',
      type: 'application/schema+json',
      title: 'Schema',
    },
    {
      href: `${base}/api/collections/${def.id}/schema`,
      rel: 'describedBy',
      type: 'application/schema+json',
      title: 'Schema',
    },
    { href: `${base}/api/collections`, rel: 'parent', type: JSON_TYPE, title: 'All collections' },
  ];

  const describe = async (def: CollectionDefinition, base: string) => {
    const extent = await collectionExtent(app.db, def);
    return {
      id: def.id,
      title: def.title,
      description: def.description,
      itemType: 'feature',
      crs: SUPPORTED_CRS_URIS,
      storageCrs: CRS84,
      geometryType: def.geometryType ?? 'mixed',
      extent: {
        spatial: { bbox: [extent.bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
        ...(extent.interval
          ? {
              temporal: {
                interval: [extent.interval],
                trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
              },
            }
          : {}),
      },
      links: collectionLinks(def, base),
    };
  };

  app.get(
    '/',
    {
      schema: {
        summary: 'OGC API landing page',
        operationId: 'getLandingPage',
        response: { 200: LandingPage },
      },
    },
    async (request) => {
      const base = publicBaseUrl(request);
      return {
        title: 'Civic Atlas 民政一张图',
        description: 'Civil-affairs facilities, boundaries and place names (OGC API – Features)',
        links: [
          { href: `${base}/api`, rel: 'self', type: JSON_TYPE, title: 'This document' },
          {
            href: `${base}/api/openapi`,
            rel: 'service-desc',
            type: OPENAPI_TYPE,
            title: 'The API definition',
          },
          { href: `${base}/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
          {
            href: `${base}/api/conformance`,
            rel: 'conformance',
            type: JSON_TYPE,
            title: 'Conformance classes',
          },
          { href: `${base}/api/collections`, rel: 'data', type: JSON_TYPE, title: 'Feature collections' },
        ],
      };
    },
  );

  app.get(
    '/conformance',
    { schema: { summary: 'Conformance classes this API passes', response: { 200: Conformance } } },
    async () => ({
      conformsTo: CONFORMANCE,
    }),
  );

  app.get(
    '/openapi',
    { schema: { summary: 'OpenAPI 3.0 definition of the OGC API – Features', hide: true } },
    async (request, reply) => {
      const types = Object.fromEntries(
        await Promise.all(
          COLLECTIONS.map(async (def) => [def.id, await queryablesOf(request, def)] as const),
        ),
      );
      // A Buffer, so Fastify sends the type as is: GDAL compares its parameters token by token.
      reply.header('content-type', OPENAPI_TYPE);
      return reply.send(Buffer.from(JSON.stringify(ogcOpenApi(`${publicBaseUrl(request)}/api`, types))));
    },
  );

  app.get(
    '/collections',
    { schema: { summary: 'Feature collections (OGC API – Features)' } },
    async (request) => {
      const base = publicBaseUrl(request);
      return {
        links: [
          { href: `${base}/api/collections`, rel: 'self', type: JSON_TYPE, title: 'This document' },
          { href: `${base}/api`, rel: 'parent', type: JSON_TYPE, title: 'Landing page' },
        ],
        crs: SUPPORTED_CRS_URIS,
        collections: await Promise.all(COLLECTIONS.map((def) => describe(def, base))),
      };
    },
  );

  app.get(
    '/collections/:collectionId',
    { schema: { summary: 'One feature collection', params: CollectionParams } },
    async (request) => describe(collectionOr404(request.params.collectionId), publicBaseUrl(request)),
  );

  app.get(
    '/collections/:collectionId/queryables',
    { schema: { summary: 'What a filter may name (JSON Schema)', params: CollectionParams } },
    async (request, reply) => {
      const def = collectionOr404(request.params.collectionId);
      const base = publicBaseUrl(request);
      const queryables = await queryablesOf(request, def);
      reply.type(schemaType(request)).header('Vary', 'Accept');
      return {
        $schema: 'https://json-schema.org/draft/2019-09/schema',
        $id: `${base}/api/collections/${def.id}/queryables`,
        type: 'object',
        title: def.title,
        properties: Object.fromEntries(
          [...queryables].map(([name, q]) => [
            name,
            q.type === 'geometry'
              ? geometrySchema(def)
              : { title: name, ...jsonSchemaOf(q.type as PropertyType) },
          ]),
        ),
        additionalProperties: false,
      };
    },
  );

  app.get(
    '/collections/:collectionId/schema',
    { schema: { summary: 'JSON Schema of one feature of the collection', params: CollectionParams } },
    async (request, reply) => {
      const def = collectionOr404(request.params.collectionId);
      const base = publicBaseUrl(request);
      const types = await propertyTypes(app.pool, def);
      const visible = visiblePropertyExprs(def, isStaff(request));
      reply.type(schemaType(request)).header('Vary', 'Accept');
      return {
        $schema: 'https://json-schema.org/draft/2019-09/schema',
        $id: `${base}/api/collections/${def.id}/schema`,
        title: def.title,
        type: 'object',
        required: ['type', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: def.numericIds ? { type: 'integer' } : { type: 'string' },
          geometry: geometrySchema(def),
          properties: {
            type: 'object',
            // One plain type per property (GDAL reads no type lists). `id` is left out where it
            // repeats the feature id, so clients do not get the field twice.
            properties: Object.fromEntries(
              visible
                .filter(([name]) => name !== 'id')
                .map(([name]) => [name, { title: name, ...jsonSchemaOf(types[name] ?? 'string') }]),
            ),
          },
        },
      };
    },
  );

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
        where.push(filterSql(tree, ctx(parseCrs(q['filter-crs'], 'query.filter-crs'))));
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

function geometrySchema(def: CollectionDefinition) {
  const format = def.geometryType ? `geometry-${def.geometryType.toLowerCase()}` : 'geometry-any';
  return {
    title: def.geometryType ?? 'Point, LineString or Polygon',
    format,
    'x-ogc-role': 'primary-geometry',
    ...(def.geometryType ? { properties: { type: { type: 'string', enum: [def.geometryType] } } } : {}),
  };
}
