// OGC API – Features: Part 1 (core, GeoJSON, OpenAPI 3.0), Part 2 (CRS) and Part 3 (queryables,
// CQL2 filters), read-only. Landing page /api, /api/conformance, /api/collections[/{id}[/items
// [/{featureId}]|/schema|/queryables]], and /api/openapi (this API's own OpenAPI document, whose
// paths are relative to the landing page as OGC clients expect). The items routes are in
// items.routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isStaff } from '../auth/guard.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { collectionOr404, GEOJSON, JSON_TYPE, queryablesOf } from './collection-access.ts';
import { COLLECTIONS, type CollectionDefinition } from './collections.ts';
import { CRS84, SUPPORTED_CRS_URIS } from './crs.ts';
import { collectionExtent, visiblePropertyExprs } from './features.repository.ts';
import { itemsRoutes } from './items.routes.ts';
import { ogcOpenApi } from './ogc-openapi.ts';
import { jsonSchemaOf, type PropertyType, propertyTypes } from './queryables.ts';

export { MAX_LIMIT } from './items.routes.ts';

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

/** application/schema+json, unless the client asks only for plain JSON (GDAL 3.6 does). */
function schemaType(request: FastifyRequest): string {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !/application\/schema\+json|\*\/\*/.test(accept)
    ? JSON_TYPE
    : 'application/schema+json';
}

export const featureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(itemsRoutes);
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
