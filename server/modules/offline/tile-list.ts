// The tiles covering an area, per zoom, written compactly: one [y, xFrom, xTo] run per row of
// tiles, so a district's z10–z17 list (tens of thousands of tiles) stays a small JSON answer.
import { createHash } from 'node:crypto';
import { tiles } from '@mapbox/tile-cover';
import type { Geometry } from 'geojson';
import type { ZoomTiles } from '../../contract/field-kit.ts';

// A district's z17 cover takes a few hundred milliseconds of CPU: areas change rarely, so the last
// lists are kept (by the outline itself), and zooms are computed one per turn of the event loop so
// other requests are served in between.
const CACHE_SIZE = 32;
const cache = new Map<string, ZoomTiles[]>();

export async function tileList(area: Geometry, minzoom: number, maxzoom: number): Promise<ZoomTiles[]> {
  const key = createHash('sha1')
    .update(`${minzoom}-${maxzoom}:${JSON.stringify(area)}`)
    .digest('base64');
  const cached = cache.get(key);
  if (cached) return cached;
  const out: ZoomTiles[] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    await new Promise((resolve) => setImmediate(resolve));
    const byRow = new Map<number, number[]>();
    for (const [x, y] of tiles(area, { min_zoom: z, max_zoom: z })) {
      const row = byRow.get(y);
      if (row) row.push(x);
      else byRow.set(y, [x]);
    }
    const rows: [number, number, number][] = [];
    let count = 0;
    for (const y of [...byRow.keys()].sort((a, b) => a - b)) {
      const xs = byRow.get(y)!.sort((a, b) => a - b);
      count += xs.length;
      let from = xs[0]!;
      let prev = from;
      for (const x of xs.slice(1)) {
        if (x !== prev + 1) {
          rows.push([y, from, prev]);
          from = x;
        }
        prev = x;
      }
      rows.push([y, from, prev]);
    }
    out.push({ z, count, rows });
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return out;
}

/** Up to `n` tiles spread evenly through one zoom's list (for measuring typical tile sizes). */
export function sampleTiles(zoom: ZoomTiles, n: number): [number, number][] {
  if (zoom.count === 0) return [];
  const picks = new Set<number>();
  for (let i = 0; i < Math.min(n, zoom.count); i++)
    picks.add(Math.floor(((i + 0.5) * zoom.count) / Math.min(n, zoom.count)));
  const out: [number, number][] = [];
  let index = 0;
  for (const [y, from, to] of zoom.rows) {
    for (let x = from; x <= to; x++, index++) if (picks.has(index)) out.push([x, y]);
  }
  return out;
}
