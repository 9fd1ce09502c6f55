// OGC API – Features (Part 1, read-only): /api/collections, /{id}, /{id}/items, /{id}/items/{featureId}.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistrictCode, parseBBox } from '../../contract/common.ts';
import { badRequest, notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { COLLECTIONS, COLLECTIONS_BY_ID, type CollectionDefinition } from './collections.ts';
import { collectionExtent, findFeature, findFeatures } from './features.repository.ts';

const CollectionParams = Type.Object({ collectionId: Type.String({ maxLength: 40 }) });
const FILTER_NAMES = ['town', 'category', 'subtype', 'status', 'kind', 'line'] as const;

const ItemsQuery = Type.Object(
  {
    district: Type.Optional(DistrictCode),
    bbox: Type.Optional(
      Type.String({ maxLength: 200, description: 'west,south,east,north in degrees (WGS84)' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 10000, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
    category: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    subtype: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    status: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    kind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    line: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    f: Type.Optional(Type.Literal('json')),
  },
  { additionalProperties: false },
);

function collectionOr404(id: string): CollectionDefinition {
  const def = COLLECTIONS_BY_ID.get(id);
  if (!def) throw notFound(`collection '${id}'`);
  return def;
}

export const featureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const describe = async (def: CollectionDefinition, base: string) => ({
    id: def.id,
    title: def.title,
    description: def.description,
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    extent: { spatial: { bbox: [(await collectionExtent(app.db, def)) ?? [-180, -90, 180, 90]] } },
    links: [
      { href: `${base}/api/collections/${def.id}`, rel: 'self', type: 'application/json' },
      { href: `${base}/api/collections/${def.id}/items`, rel: 'items', type: 'application/geo+json' },
    ],
  });

  app.get(
    '/collections',
    { schema: { summary: 'Feature collections (OGC API – Features)' } },
    async (request) => {
      const base = publicBaseUrl(request);
      return {
        links: [{ href: `${base}/api/collections`, rel: 'self', type: 'application/json' }],
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
      const q = request.query;
      const filters: Partial<Record<(typeof FILTER_NAMES)[number], string>> = {};
      for (const name of FILTER_NAMES) {
        const value = q[name];
        if (value === undefined) continue;
        if (!def.filters[name])
          throw badRequest(`query.${name}`, `is not a filter of collection '${def.id}'`);
        filters[name] = value;
      }
      const bbox = q.bbox === undefined ? undefined : parseBBox(q.bbox);
      const { features, numberMatched } = await findFeatures(app.db, def, {
        district: q.district,
        bbox,
        filters,
        limit: q.limit,
        offset: q.offset,
        staff: isStaff(request),
      });
      const self = new URL(`${publicBaseUrl(request)}${request.url}`);
      const links = [{ href: self.toString(), rel: 'self', type: 'application/geo+json' }];
      if (q.offset + features.length < numberMatched) {
        const next = new URL(self);
        next.searchParams.set('offset', String(q.offset + q.limit));
        next.searchParams.set('limit', String(q.limit));
        links.push({ href: next.toString(), rel: 'next', type: 'application/geo+json' });
      }
      reply.type('application/geo+json');
      return {
        type: 'FeatureCollection',
        features,
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
      },
    },
    async (request, reply) => {
      const def = collectionOr404(request.params.collectionId);
      const { featureId } = request.params;
      const feature = def.idPattern.test(featureId)
        ? await findFeature(app.db, def, featureId, isStaff(request))
        : undefined;
      if (!feature) throw notFound(`feature '${featureId}' in collection '${def.id}'`);
      reply.type('application/geo+json');
      return feature;
    },
  );
};
