// The OpenAPI 3.0 document of the OGC API – Features (the landing page's service-desc). Its paths
// are relative to the landing page, as OGC clients (GDAL, QGIS, OWSLib) look them up, and each
// collection's items path lists that collection's queryables as query parameters.
import { COLLECTIONS } from './collections.ts';
import { SUPPORTED_CRS_URIS } from './crs.ts';
import type { FilterContext } from './filter-sql.ts';
import { jsonSchemaOf, type PropertyType } from './queryables.ts';

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const json = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const geojson = (description: string) => ({
  description,
  content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/featureCollection' } } },
});
const errors = {
  '400': json('Bad request: the answer names the parameter', { $ref: '#/components/schemas/error' }),
  '404': json('No such collection or feature', { $ref: '#/components/schemas/error' }),
};
const schemaOperation = (operationId: string, summary: string) => ({
  get: {
    operationId,
    security: [],
    summary,
    tags: ['Capabilities'],
    parameters: [ref('collectionId')],
    responses: {
      '200': { description: summary, content: { 'application/schema+json': { schema: { type: 'object' } } } },
      ...errors,
    },
  },
});
const ITEM_PARAMETERS = [
  'bbox',
  'bbox-crs',
  'crs',
  'datetime',
  'limit',
  'offset',
  'filter',
  'filter-lang',
  'filter-crs',
  'resultType',
];

export function ogcOpenApi(serverUrl: string, queryables: Record<string, FilterContext['queryables']>) {
  const crsSchema = { type: 'string', format: 'uri', enum: SUPPORTED_CRS_URIS };
  const itemsOperation = (operationId: string, summary: string, extra: object[] = []) => ({
    get: {
      operationId,
      summary,
      security: [],
      tags: ['Features'],
      parameters: [...(extra.length ? [] : [ref('collectionId')]), ...ITEM_PARAMETERS.map(ref), ...extra],
      responses: { '200': geojson('The features of the collection, one page'), ...errors },
    },
  });
  const paths: Record<string, object> = {
    '/': {
      get: {
        operationId: 'getLandingPage',
        security: [],
        summary: 'Landing page',
        tags: ['Capabilities'],
        responses: { '200': json('Links to the API definition, conformance and collections') },
      },
    },
    '/conformance': {
      get: {
        operationId: 'getConformance',
        security: [],
        summary: 'Conformance classes',
        tags: ['Capabilities'],
        responses: { '200': json('The conformance classes this API passes') },
      },
    },
    '/collections': {
      get: {
        operationId: 'getCollections',
        security: [],
        summary: 'Feature collections',
        tags: ['Capabilities'],
        responses: { '200': json('The collections') },
      },
    },
    '/collections/{collectionId}': {
      get: {
        operationId: 'describeCollection',
        security: [],
        summary: 'One collection',
        tags: ['Capabilities'],
        parameters: [ref('collectionId')],
        responses: { '200': json('The collection'), ...errors },
      },
    },
    '/collections/{collectionId}/items': itemsOperation('getFeatures', 'Features of a collection'),
    '/collections/{collectionId}/items/{featureId}': {
      get: {
        operationId: 'getFeature',
        security: [],
        summary: 'One feature',
        tags: ['Features'],
        parameters: [ref('collectionId'), ref('featureId'), ref('crs')],
        responses: {
          '200': {
            description: 'The feature',
            content: { 'application/geo+json': { schema: { $ref: '#/components/schemas/feature' } } },
          },
          ...errors,
        },
      },
    },
    '/collections/{collectionId}/queryables': schemaOperation(
      'getQueryables',
      'Queryables of a collection (JSON Schema)',
    ),
    '/collections/{collectionId}/schema': schemaOperation(
      'getSchema',
      'Schema of the features of a collection (JSON Schema)',
    ),
  };
  for (const def of COLLECTIONS) {
    const extra = [...(queryables[def.id] ?? new Map())]
      .filter(([, q]) => q.type !== 'geometry')
      .map(([name, q]) => ({
        name,
        in: 'query',
        required: false,
        description: `Features whose ${name} equals this value`,
        schema: jsonSchemaOf(q.type as PropertyType),
        style: 'form',
        explode: false,
      }));
    paths[`/collections/${def.id}/items`] = itemsOperation(
      `getFeatures_${def.id.replace(/-/g, '_')}`,
      `Features of ${def.title}`,
      extra,
    );
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Civic Atlas OGC API – Features',
      description: '民政一张图: civil-affairs facilities, boundaries and place names',
      version: '1.0.0',
      license: { name: 'Open data of the district civil-affairs bureau' },
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'Capabilities', description: 'Landing page, conformance, collections, schemas' },
      { name: 'Features', description: 'The features of a collection, as GeoJSON' },
    ],
    paths,
    components: {
      parameters: {
        collectionId: {
          name: 'collectionId',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: COLLECTIONS.map((c) => c.id) },
        },
        featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          description:
            'Features whose geometry intersects the box: minx,miny,maxx,maxy (or 6 numbers), in bbox-crs',
          schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
          style: 'form',
          explode: false,
        },
        'bbox-crs': { name: 'bbox-crs', in: 'query', required: false, schema: crsSchema },
        crs: {
          name: 'crs',
          in: 'query',
          required: false,
          description: 'CRS of the returned geometries',
          schema: crsSchema,
        },
        datetime: {
          name: 'datetime',
          in: 'query',
          required: false,
          description: 'An RFC 3339 instant or interval (start/end, `..` open)',
          schema: { type: 'string' },
        },
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          description: 'Page size; larger values are capped at 10000',
          schema: { type: 'integer', minimum: 1, maximum: 10000, default: 100 },
        },
        offset: {
          name: 'offset',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
        filter: {
          name: 'filter',
          in: 'query',
          required: false,
          description: 'A CQL2 filter',
          schema: { type: 'string' },
        },
        'filter-lang': {
          name: 'filter-lang',
          in: 'query',
          required: false,
          description: 'cql2-text (default) or cql2-json; cql-text is the same as cql2-text',
          schema: { type: 'string', enum: ['cql2-text', 'cql2-json', 'cql-text'], default: 'cql2-text' },
        },
        'filter-crs': { name: 'filter-crs', in: 'query', required: false, schema: crsSchema },
        resultType: {
          name: 'resultType',
          in: 'query',
          required: false,
          description: 'hits: only numberMatched, no features',
          schema: { type: 'string', enum: ['results', 'hits'], default: 'results' },
        },
      },
      schemas: {
        error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: { type: 'array', items: { type: 'object' } },
              },
            },
          },
        },
        feature: {
          type: 'object',
          required: ['type', 'geometry', 'properties'],
          properties: {
            type: { type: 'string', enum: ['Feature'] },
            id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
            geometry: { type: 'object', nullable: true },
            properties: { type: 'object', nullable: true },
            links: { type: 'array', items: { type: 'object' } },
          },
        },
        featureCollection: {
          type: 'object',
          required: ['type', 'features'],
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: { $ref: '#/components/schemas/feature' } },
            numberMatched: { type: 'integer' },
            numberReturned: { type: 'integer' },
            timeStamp: { type: 'string', format: 'date-time' },
            links: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  };
}
