// The whole app's OpenAPI 3.0 document (/docs/json, UI at /docs), generated from the route schemas
// by @fastify/swagger and completed here so it validates (swagger-parser) and lints clean
// (Redocly): an operationId on every operation, the session cookie as a security scheme, media
// types for tiles and GeoJSON, multipart bodies for uploads, and no JSON-Schema-only constructs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../auth/roles.ts';

const binary = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } },
});
const json = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: { type: 'object', additionalProperties: true } } } },
});

/** What the route schemas cannot say by themselves, by `METHOD url`. */
const EXTRA: Record<string, Record<string, unknown>> = {
  'POST /api/imports': {
    consumes: ['multipart/form-data'],
    body: {
      type: 'object',
      required: ['collection', 'mode', 'file'],
      properties: {
        collection: { type: 'string' },
        mode: { type: 'string', enum: ['dry-run', 'commit', 'commit-valid'] },
        crs: { type: 'string' },
        encoding: { type: 'string', enum: ['auto', 'utf-8', 'gbk'] },
        district: { type: 'string' },
        preview: { type: 'string' },
        confirm: { type: 'string', enum: ['overlaps'] },
        file: { type: 'string', format: 'binary' },
      },
    },
  },
  'POST /api/photos': {
    consumes: ['multipart/form-data'],
    body: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'JPEG or PNG, at most 10 MB' } },
    },
  },
  'GET /tiles/:layer/:z/:x/:y.mvt': { response: binary('application/vnd.mapbox-vector-tile', 'The tile') },
  'GET /tiles/:layer/:version/:z/:x/:y.mvt': {
    response: {
      ...binary('application/vnd.mapbox-vector-tile', 'The tile (immutable)'),
      302: { description: 'An older data version: the current one is at Location' },
    },
  },
  'GET /tiles/:layer.json': { response: json('application/json', 'TileJSON 3.0.0') },
  'GET /tiles/style.json': { response: json('application/json', 'MapLibre style') },
  'GET /api/collections/:collectionId/items': {
    response: json('application/geo+json', 'GeoJSON FeatureCollection'),
  },
  'GET /api/collections/:collectionId/items/:featureId': {
    response: json('application/geo+json', 'GeoJSON Feature'),
  },
  'GET /api/collections/:collectionId/queryables': {
    response: json('application/schema+json', 'JSON Schema'),
  },
  'GET /api/collections/:collectionId/schema': { response: json('application/schema+json', 'JSON Schema') },
  'GET /api/photos/:id': { response: binary('image/jpeg', 'The photo') },
  'GET /api/photos/:id/thumbnail': { response: binary('image/jpeg', 'The thumbnail') },
};

/** Public without a session (the rest may need one: anonymous callers get 401 or less data). */
const PUBLIC =
  /^(GET \/(tiles|api\/(collections|conformance|openapi|meta|health|districts|place-names|nearest|exports|indicators))|POST \/api\/(auth\/login|coverage))/;

function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '/')
    .split(/[/.]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/** JSON Schema constructs OpenAPI 3.0 lacks (TypeBox tuples: `items` as a list; `const`). */
function toOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi30);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'items' && Array.isArray(value)) {
      const items = value.map(toOpenApi30);
      out.items = items.length === 1 ? items[0] : { anyOf: items };
      out.minItems ??= items.length;
      out.maxItems ??= items.length;
    } else if (key === 'const') {
      out.enum = [value];
    } else if (
      key === 'additionalItems' ||
      key === '$id' ||
      key === '$schema' ||
      key === 'prefixItems' ||
      key === 'errorMessage'
    ) {
      // not OpenAPI 3.0
    } else {
      out[key] = toOpenApi30(value);
    }
  }
  return out;
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const seen = new Set<string>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Civic Atlas API',
        description:
          '民政一张图: civil-affairs facilities, boundaries and place names. The OGC API – Features landing page is /api.',
        version: '0.1.0',
        license: { name: 'Proprietary: the district civil-affairs bureau' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'POST /api/auth/login sets it',
          },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const method = [route.method].flat()[0] ?? 'GET';
      const key = `${method} ${url}`;
      const extra = EXTRA[key] ?? {};
      const given = (schema ?? {}) as Record<string, unknown>;
      let id = (given.operationId as string | undefined) ?? operationId(method, url);
      while (seen.has(id)) id = `${id}Again`;
      seen.add(id);
      const transformed: Record<string, unknown> = {
        ...given,
        ...extra,
        operationId: id,
        tags: given.tags ?? [url.split('/')[url.startsWith('/api/') ? 2 : 1] ?? 'app'],
        security: PUBLIC.test(key) ? [] : [{ sessionCookie: [] }],
      };
      if (!transformed.response) transformed.response = json('application/json', 'OK');
      // A prefixed '/' route (the OGC landing page) is listed without its trailing slash.
      return { schema: transformed, url: url.length > 1 ? url.replace(/\/$/, '') : url };
    },
    transformObject: (document) => {
      seen.clear();
      return toOpenApi30((document as { openapiObject: object }).openapiObject) as never;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
