// What the OGC API routes share: a collection by id (404 otherwise), the queryables a caller may
// filter on, and the media types.
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { COLLECTIONS_BY_ID, type CollectionDefinition } from './collections.ts';
import type { Crs } from './crs.ts';
import { visiblePropertyExprs } from './features.repository.ts';
import type { FilterContext } from './filter-sql.ts';
import { propertyTypes } from './queryables.ts';

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';

export function collectionOr404(id: string): CollectionDefinition {
  const def = COLLECTIONS_BY_ID.get(id);
  if (!def) throw notFound(`collection '${id}'`);
  return def;
}

export const crsHeader = (crs: Crs) => `<${crs.uri}>`;

/** Queryables a caller may filter on: visible properties (not JSON-valued) and the geometry. */
export async function queryablesOf(request: FastifyRequest, def: CollectionDefinition) {
  const types = await propertyTypes(request.server.pool, def);
  const map: FilterContext['queryables'] = new Map();
  for (const [name, expr] of visiblePropertyExprs(def, isStaff(request))) {
    const type = types[name] ?? 'string';
    if (type !== 'json') map.set(name, { expr, type });
  }
  map.set('geometry', { expr: def.geomExpr, type: 'geometry' });
  return map;
}
