// Builds the Fastify app: plugins, API modules, tiles, the built client, one error handler.
// Tests build the same app and call it with inject() against a real database.
import { existsSync } from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifySchema, type FastifyServerOptions } from 'fastify';
import type pg from 'pg';
import type { Database } from './db/database.ts';
import { answerFrameworkError, registerErrorHandling } from './errors.ts';
import { registerAudit } from './modules/audit/audit.plugin.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { registerAuth } from './modules/auth/auth.plugin.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { userAdminRoutes } from './modules/auth/users.routes.ts';
import { basemapRoutes } from './modules/basemaps/basemaps.routes.ts';
import { type BasemapConfig, basemapOrigins } from './modules/basemaps/basemaps.ts';
import { openTileFile } from './modules/basemaps/tile-file.ts';
import { photoRoutes } from './modules/boundaries/photos.routes.ts';
import { boundarySearchRoutes, boundaryStatsRoutes } from './modules/boundaries/stats.routes.ts';
import { coverageRoutes } from './modules/coverage/coverage.routes.ts';
import { districtRoutes } from './modules/districts/districts.routes.ts';
import { exportRoutes } from './modules/exports/exports.routes.ts';
import { featureRoutes } from './modules/features/features.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { registerJsonBodyParser, validatorCompiler } from './modules/http/body-validation.ts';
import { IMMUTABLE } from './modules/http/caching.ts';
import { registerHttp } from './modules/http/http.plugin.ts';
import { registerOpenApi } from './modules/http/openapi.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { labelRoutes } from './modules/labels/labels.routes.ts';
import { offlineRoutes } from './modules/offline/offline.routes.ts';
import { placeNameRoutes } from './modules/place-names/place-names.routes.ts';
import { protectionListRoutes } from './modules/place-names/protection-lists.routes.ts';
import { qualityRoutes } from './modules/quality/quality.routes.ts';
import { recordRoutes } from './modules/records/records.routes.ts';
import { scenarioRoutes } from './modules/scenarios/scenarios.routes.ts';
import { registerLoadLimits } from './modules/security/load-limits.ts';
import { registerSecurityHeaders } from './modules/security/security.plugin.ts';
import { syncRoutes } from './modules/sync/sync.routes.ts';
import { noteDataWrite } from './modules/tiles/tile-versions.ts';
import { tileRoutes } from './modules/tiles/tiles.routes.ts';
import { stopWorkPool } from './modules/work/pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    pool: pg.Pool;
    /** Every route as registered (method, url, schema): for route-table tests and the bad-input corpus. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  schema?: FastifySchema;
}

export interface AppOptions {
  db: Database;
  pool: pg.Pool;
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built client; served at / when it exists. */
  clientDir?: string;
  /** Trust X-Forwarded-* from these proxies (see config.ts TRUST_PROXY). Default: no proxy. */
  trustProxy?: boolean | string | number;
  /** Where users reach the app (config.ts PUBLIC_URL): links and the CSRF origin check use it.
   * Default: the request's protocol and (validated) Host header. */
  publicUrl?: URL | null;
  /** Base maps (config.ts: TIANDITU_KEY, BASEMAP_URL, BASEMAP_FILE). Default: none. */
  basemaps?: BasemapConfig;
  /** Origins allowed to read the public routes (config.ts CORS_ORIGINS); default any. */
  corsOrigins?: '*' | string[];
}

/**
 * Fastify trustProxy from TRUST_PROXY. The client's address (request.ip, used by the login limits)
 * is then the right-most X-Forwarded-For entry not added by a trusted proxy; whatever stands left
 * of it the client wrote itself. Fastify's own `true` trusts every entry and so takes the
 * left-most, forgeable one, and it ignores hop counts; so `true` means one proxy hop and n means n
 * hops (the app must then be reachable only through the proxy). A list of the proxies' addresses
 * (proxy-addr) is the strictest choice.
 */
function proxyTrust(value: boolean | string | number | undefined) {
  if (value === undefined || value === false) return false;
  if (value === true) return (_address: string, hop: number) => hop < 1;
  if (typeof value === 'number') return (_address: string, hop: number) => hop < value;
  return value;
}

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: proxyTrust(options.trustProxy),
    bodyLimit: 1024 * 1024,
    // A connection idle for a minute is closed, and a request (an upload included) must arrive
    // within five: stalled clients cannot hold sockets for ever.
    connectionTimeout: 60_000,
    requestTimeout: 300_000,
    // Let in-flight and keep-alive requests finish normally during shutdown rather than answering
    // with Fastify's own 503 body, which is not our error shape.
    return503OnClosing: false,
    // Router-level rejections (undecodable URL, over-long parameter) in our error shape too.
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  registerJsonBodyParser(app); // refuses invalid UTF-8 and lone surrogates with 400

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, schema: route.schema });
  });
  app.decorate('publicUrl', options.publicUrl ?? null);
  app.decorate('db', options.db);
  app.decorate('pool', options.pool);
  registerErrorHandling(app);
  // Tiles asked for after a write of this app show it at once (others' writes within the TTL).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) noteDataWrite();
    return payload;
  });
  app.addHook('onClose', stopWorkPool);
  const basemaps = options.basemaps ?? {};
  const basemapFile = basemaps.file ? await openTileFile(basemaps.file) : null;
  if (basemapFile) app.addHook('onClose', () => basemapFile.close());
  await registerSecurityHeaders(app, basemapOrigins(basemaps)); // the CSP allows only configured base-map hosts
  await registerHttp(app, options.corsOrigins); // compression, CORS for public reads, CORP
  await registerLoadLimits(app); // load shedding (503 + Retry-After) and per-caller limits on heavy routes
  await registerAuth(app); // request.user from the session cookie; 415 for non-JSON mutating requests
  registerAudit(app); // routes that declare `config: { audit }` are recorded in the audit log
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } }); // request.file() in upload routes

  await registerOpenApi(app);

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api' });
  await app.register(userAdminRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api' });
  await app.register(recordRoutes, { prefix: '/api' });
  await app.register(scenarioRoutes, { prefix: '/api' });
  await app.register(boundaryStatsRoutes, { prefix: '/api' });
  await app.register(boundarySearchRoutes, { prefix: '/api' });
  await app.register(photoRoutes, { prefix: '/api' });
  await app.register(districtRoutes, { prefix: '/api' });
  await app.register(featureRoutes, { prefix: '/api' });
  await app.register(placeNameRoutes, { prefix: '/api' });
  await app.register(protectionListRoutes, { prefix: '/api' });
  await app.register(labelRoutes, { prefix: '/api' });
  await app.register(coverageRoutes, { prefix: '/api' });
  await app.register(importRoutes, { prefix: '/api' });
  await app.register(exportRoutes, { prefix: '/api' });
  await app.register(qualityRoutes, { prefix: '/api' });
  await app.register(syncRoutes, { prefix: '/api' });
  await app.register(offlineRoutes(basemapFile), { prefix: '/api' });
  await app.register(tileRoutes, { prefix: '/tiles' });
  await app.register(basemapRoutes(basemaps, basemapFile));

  const clientDir = options.clientDir ?? path.resolve(import.meta.dirname, '../dist');
  if (existsSync(path.join(clientDir, 'index.html'))) {
    // wildcard: files are looked up per request, so a rebuilt client (new hashed asset names) is
    // served without restarting the server.
    await app.register(fastifyStatic, {
      root: clientDir,
      prefix: '/',
      wildcard: true,
      index: 'index.html',
      cacheControl: false,
      // Vite names built assets by content hash: cache them for a year; the page itself is
      // revalidated so a new build is picked up at once.
      setHeaders: (res, filePath) => {
        res.header('Cache-Control', /[\\/]assets[\\/]/.test(filePath) ? IMMUTABLE : 'no-cache');
      },
    });
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
