// HTTP for other sites and slow links: compression (brotli, gzip), CORS for the public read routes,
// and Cross-Origin-Resource-Policy so other origins' maps may load our tiles.
//
// CORS is granted only to anonymous GET/HEAD (and their preflight) on the routes below, which
// answer the same to everyone without a session. A request that carries the session cookie never
// gets Access-Control-Allow-Origin, nor does any other route: staff data and writes stay
// same-origin (the CSRF check in security/origin.ts relies on no preflight ever being granted).
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/roles.ts';

/** Public read routes (path without query), open to other origins' pages. */
export const PUBLIC_READ_ROUTES: RegExp[] = [
  /^\/tiles\//,
  /^\/api\/?$/,
  /^\/api\/(conformance|openapi|meta)$/,
  /^\/api\/collections(\/|$)/,
  /^\/api\/place-names\/(search|historical|at|[0-9]+)$/,
  /^\/api\/nearest$/,
  /^\/api\/exports\//,
  /^\/docs\/json$/,
];

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isPublicRead(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return PUBLIC_READ_ROUTES.some((pattern) => pattern.test(path));
}

function carriesSession(request: FastifyRequest): boolean {
  return (
    request.headers.cookie?.split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`)) ?? false
  );
}

/** CORS_ORIGINS: unset or `*` = any origin; else a comma-separated list of origins. */
export function parseCorsOrigins(value: string | undefined): '*' | string[] {
  if (value === undefined || value.trim() === '' || value.trim() === '*') return '*';
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      const url = new URL(origin);
      if (url.origin !== origin.replace(/\/$/, ''))
        throw new Error(`CORS_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
      return url.origin;
    });
}

// Text, JSON (GeoJSON, schemas, OpenAPI), scripts, styles, SVG and vector tiles.
const COMPRESSIBLE =
  /^(text\/|application\/(json|geo\+json|schema\+json|javascript|vnd\.oai\.openapi\+json|vnd\.mapbox-vector-tile|x-protobuf)|image\/svg\+xml)/;

export async function registerHttp(app: FastifyInstance, corsOrigins: '*' | string[] = '*'): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
    // Quality 5: most of brotli's gain at a fraction of the CPU of the default 11 (responses are
    // compressed per request).
    brotliOptions: { params: { [(await import('node:zlib')).constants.BROTLI_PARAM_QUALITY]: 5 } },
  });

  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      const preflight =
        request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
      const method = preflight
        ? String(request.headers['access-control-request-method']).toUpperCase()
        : request.method;
      const allowed =
        READ_METHODS.has(method) && isPublicRead(request) && (preflight || !carriesSession(request));
      if (!allowed) return callback(null, { origin: false });
      callback(null, {
        origin: corsOrigins === '*' ? '*' : corsOrigins,
        methods: ['GET', 'HEAD'],
        allowedHeaders: ['Accept', 'Accept-Language', 'If-None-Match', 'If-Modified-Since', 'Range'],
        exposedHeaders: ['ETag', 'Content-Crs', 'Link', 'Content-Disposition'],
        credentials: false,
        maxAge: 86_400,
        strictPreflight: true,
      });
    },
  });

  // Helmet sends Cross-Origin-Resource-Policy: same-origin everywhere; public reads without a
  // session may be embedded by other origins (tiles, sprites, JSON).
  app.addHook('onSend', async (request, reply) => {
    if (isPublicRead(request) && !carriesSession(request))
      reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
  });
}
