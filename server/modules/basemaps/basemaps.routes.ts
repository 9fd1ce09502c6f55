// GET /api/basemaps                   the base layers configured (none: the map as without them)
// GET /basemap/file.pmtiles           the PMTiles file itself, with HTTP range requests (206)
// GET /basemap/tiles/{z}/{x}/{y}.ext  one tile of the file (PMTiles or MBTiles), for devices that
//                                     keep an area offline and for MBTiles on the map
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BasemapList } from '../../contract/field-kit.schemas.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { type BasemapConfig, baseLayers } from './basemaps.ts';
import { TILE_CONTENT_TYPES, type TileFile } from './tile-file.ts';

/** One `bytes=a-b` / `bytes=a-` / `bytes=-n` range within `size`, or null when the header asks none. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === ''))
    throw new AppError(416, 'bad_request', 'Range must be one bytes=start-end range.');
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size)
    throw new AppError(416, 'bad_request', `Range is outside the file (${size} bytes).`);
  return { start, end };
}

export function basemapRoutes(config: BasemapConfig, file: TileFile | null): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/basemaps',
      {
        schema: {
          summary: 'Base layers configured for the map, with attribution',
          tags: ['basemaps'],
          response: { 200: BasemapList },
        },
      },
      async (_request, reply) => {
        reply.header('Cache-Control', 'no-cache');
        return { layers: baseLayers(config, file?.info ?? null) };
      },
    );
    if (!file) return;

    if (file.info.format === 'pmtiles') {
      app.get('/basemap/file.pmtiles', { schema: { hide: true } }, async (request, reply) => {
        const size = file.info.byteSize;
        const range = parseRange(request.headers.range, size);
        reply
          .header('Accept-Ranges', 'bytes')
          .header('Cache-Control', 'public, max-age=3600')
          .type('application/vnd.pmtiles');
        if (!range) return reply.header('Content-Length', size).send(createReadStream(file.info.path));
        return reply
          .status(206)
          .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
          .header('Content-Length', range.end - range.start + 1)
          .send(createReadStream(file.info.path, { start: range.start, end: range.end }));
      });
    }

    app.get(
      '/basemap/tiles/:z/:x/:y.:ext',
      {
        schema: {
          summary: 'One tile of the configured base-map file',
          tags: ['basemaps'],
          params: Type.Object({
            z: Type.Integer({ minimum: 0, maximum: 24 }),
            x: Type.Integer({ minimum: 0 }),
            y: Type.Integer({ minimum: 0 }),
            ext: Type.String({ maxLength: 5 }),
          }),
        },
      },
      async (request, reply) => {
        const { z, x, y, ext } = request.params;
        if (ext !== file.info.tileFormat)
          throw invalid('params.ext', 'tile_format', { format: file.info.tileFormat });
        if (x >= 2 ** z || y >= 2 ** z) throw invalid('params.x', 'tile_out_of_range', { size: 2 ** z, z });
        const tile = await file.tile(z, x, y);
        if (!tile) {
          if (file.info.kind === 'vector') return reply.status(204).send(); // empty: nothing drawn there
          throw notFound(`base-map tile ${z}/${x}/${y}`);
        }
        return reply
          .type(TILE_CONTENT_TYPES[file.info.tileFormat] ?? 'application/octet-stream')
          .header('Cache-Control', 'public, max-age=3600')
          .send(Buffer.from(tile));
      },
    );
  };
}
