// Security headers for every response. The Content-Security-Policy allows only our own origin,
// plus what MapLibre needs: its workers start from blob: URLs and it draws images from blob:/data:.
// Styles allow 'unsafe-inline' because MapLibre and React set element style attributes.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** `extraOrigins`: the configured base-map hosts, from which tiles and styles are fetched. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  extraOrigins: string[] = [],
): Promise<void> {
  const directives = {
    ...CONTENT_SECURITY_POLICY,
    imgSrc: [...CONTENT_SECURITY_POLICY.imgSrc, ...extraOrigins],
    connectSrc: [...CONTENT_SECURITY_POLICY.connectSrc, ...extraOrigins],
  };
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    // The map is same-origin; no need to loosen cross-origin isolation beyond helmet's defaults,
    // except that tiles and API JSON may be embedded by other sites' maps only when we choose to.
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' }, // agrees with frame-ancestors 'none' for browsers without CSP 2
    strictTransportSecurity: false, // set by the TLS-terminating proxy in production, not on http://localhost
  });
}
