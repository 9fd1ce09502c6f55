// The app's own origin, for the links it writes (OGC API, TileJSON) and for the CSRF check.
// It comes from PUBLIC_URL when set; otherwise from the request's protocol and Host header, which
// must then look like a host name (or IP address) with an optional port — a Host header is
// whatever the client sent, so it is never echoed unchecked.
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../errors.ts';
import { SESSION_COOKIE } from '../auth/roles.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** PUBLIC_URL (config.ts): where users reach the app; null = take it from the request. */
    publicUrl: URL | null;
  }
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]{2,45}\\])(?::(\\d{1,5}))?$`);

/** True for `example.org`, `127.0.0.1:8080`, `[::1]:8080`; false for anything with other characters. */
export function isValidHost(host: string): boolean {
  const match = HOST.exec(host);
  if (!match) return false;
  const port = match[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** Parses PUBLIC_URL: an absolute http(s) URL without query or fragment; the path is a prefix. */
export function parsePublicUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL such as https://atlas.example.gov.cn, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`PUBLIC_URL must start with http:// or https://, got ${value}`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`PUBLIC_URL must not carry a query, fragment or credentials, got ${value}`);
  return url;
}

/** The origin the browser shows for this app (scheme://host[:port]), or null if Host is not valid. */
export function appOrigin(request: FastifyRequest): string | null {
  const configured = request.server.publicUrl;
  if (configured) return configured.origin;
  if (!isValidHost(request.host)) return null;
  return new URL(`${request.protocol}://${request.host}`).origin;
}

/** Base URL for absolute links the API writes (no trailing slash); 400 for a malformed Host. */
export function publicBaseUrl(request: FastifyRequest): string {
  const configured = request.server.publicUrl;
  if (configured) return `${configured.origin}${configured.pathname.replace(/\/+$/, '')}`;
  const origin = appOrigin(request);
  if (!origin) throw badRequest('headers.host', 'must be a host name or IP address with an optional port');
  return origin;
}

const refuse = (field: string, problem: string, message: string) =>
  new AppError(403, 'forbidden', message, [{ field, problem }]);

/**
 * CSRF: a request that changes data must come from a page of this app. Browsers send Origin on
 * every POST/PUT/PATCH/DELETE (and Sec-Fetch-Site on recent ones), so: Origin present → it must be
 * the app's origin; else Sec-Fetch-Site present → it must be same-origin; else (no browser
 * headers: curl, scripts, old browsers) a request carrying a session cookie must send
 * X-Requested-With, which a page elsewhere cannot add without a CORS preflight we never grant.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = appOrigin(request);
    let sent: string | null = null;
    try {
      sent = origin === 'null' ? null : new URL(origin).origin;
    } catch {
      sent = null;
    }
    if (own === null || sent !== own) {
      throw refuse(
        'headers.origin',
        `must be this app's origin${own ? ` (${own})` : ''}`,
        `Cross-origin request refused: Origin ${origin} is not this app${own ? ` (${own})` : ''}. Changes can only be made from the app's own pages.`,
      );
    }
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    if (site !== 'same-origin') {
      throw refuse(
        'headers.sec-fetch-site',
        'must be same-origin',
        `Cross-origin request refused: Sec-Fetch-Site is ${String(site)}. Changes can only be made from the app's own pages.`,
      );
    }
    return;
  }
  if (request.cookies[SESSION_COOKIE] && !request.headers['x-requested-with']) {
    throw refuse(
      'headers.x-requested-with',
      'is required with a session cookie when neither Origin nor Sec-Fetch-Site is sent',
      'A signed-in request that changes data must send Origin, Sec-Fetch-Site: same-origin or X-Requested-With.',
    );
  }
}
