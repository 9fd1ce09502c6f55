// HTTP caching rules shared by the routes that set validators.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A year, for responses whose URL names their content (hashed assets, versioned tiles). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache, but ask every time (answered by 304 when the ETag still matches). */
export const REVALIDATE = 'public, max-age=0, must-revalidate';

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x"; * matches any. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Sets ETag and Cache-Control; true when the client's copy is current (the caller answers 304). */
export function notModified(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  cacheControl: string,
): boolean {
  reply.header('ETag', etag).header('Cache-Control', cacheControl);
  return ifNoneMatchHits(request.headers['if-none-match'], etag);
}
