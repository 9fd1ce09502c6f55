// Every JSON route declares the schema of its answers, so the API documents what it returns and
// the client can import the Static<> types instead of copying them. Routes that answer with files,
// images, tiles or OGC documents are listed by prefix and left out.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

/** Answers that are not one JSON shape: OGC documents and features, tiles, exports, photo bytes, docs. */
const NOT_JSON = [
  /^\/ogc\b/,
  /^\/api\/collections\b/, // OGC API – Features: the OGC documents are its schema
  /^\/api\/openapi$/, // the OGC API's own OpenAPI document
  /^\/api\/features\b/,
  /^\/tiles\b/,
  /^\/api\/tiles\b/,
  /^\/api\/export\b/,
  /^\/api\/exports?\b/,
  /^\/api\/photos\/:id(\/thumbnail)?$/,
  /^\/api\/labels\b/, // printable labels: PNG and PDF
  /^\/docs\b/,
  /^\/openapi/,
  /^\/\*$/, // the built client (static files)
];

describe('response schemas', () => {
  it('every JSON route declares a response schema', () => {
    const missing = ctx.app.routeTable
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .filter((r) => !NOT_JSON.some((p) => p.test(r.url)))
      .filter((r) => !(r.schema as { response?: unknown } | undefined)?.response)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });
});
