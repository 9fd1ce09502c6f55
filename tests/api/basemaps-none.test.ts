// With no base map configured: no base layer is offered, the CSP stays same-origin and no
// base-map file is served (the map is as it was).
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

describe('no base map configured', () => {
  it('offers no base layer, keeps the CSP same-origin and serves no file', async () => {
    const response = await ctx.app.inject({ url: '/api/basemaps' });
    expect(response.json()).toEqual({ layers: [] });
    expect(String(response.headers['content-security-policy'])).toContain("connect-src 'self';");
    expect((await ctx.app.inject({ url: '/basemap/file.pmtiles' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/basemap/tiles/12/0/0.png' })).statusCode).toBe(404);
  });
});
