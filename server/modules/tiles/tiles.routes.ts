// Vector tiles: GET /tiles/{layer}/{z}/{x}/{y}.mvt (ST_AsMVT through the layer's SQL function)
// and GET /tiles/{layer}.json (TileJSON 3.0.0). Tiles carry a content ETag so a revalidating
// client gets 304 without the body; Cache-Control keeps edits (boundary work) visible within a minute.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { badRequest, notFound } from '../../errors.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { TILE_LAYERS_BY_ID, type TileLayer } from './tile-layers.ts';

const MAX_ZOOM = 22;

function layerOr404(id: string): TileLayer {
  const layer = TILE_LAYERS_BY_ID.get(id);
  if (!layer) throw notFound(`tile layer '${id}'`);
  return layer;
}

export const tileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:layer/:z/:x/:y.mvt',
    {
      schema: {
        summary: 'Mapbox vector tile of one layer',
        params: Type.Object({
          layer: Type.String({ maxLength: 40 }),
          z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM }),
          x: Type.Integer({ minimum: 0 }),
          y: Type.Integer({ minimum: 0 }),
        }),
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.layer);
      const { z, x, y } = request.params;
      const size = 2 ** z;
      if (x >= size) throw badRequest('params.x', `must be below ${size} at zoom ${z}`);
      if (y >= size) throw badRequest('params.y', `must be below ${size} at zoom ${z}`);
      const { rows } = await sql<{
        tile: Buffer;
      }>`SELECT ${sql.raw(layer.sqlFunction)}(${z}, ${x}, ${y}) AS tile`.execute(app.db);
      const tile = rows[0]?.tile ?? Buffer.alloc(0);
      const etag = `"${createHash('sha1').update(tile).digest('base64url')}"`;
      reply.header('ETag', etag).header('Cache-Control', 'public, max-age=60, must-revalidate');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('application/vnd.mapbox-vector-tile').send(tile);
    },
  );

  app.get(
    '/:layer.json',
    {
      schema: {
        summary: 'TileJSON 3.0.0 for one layer',
        params: Type.Object({ layer: Type.String({ maxLength: 40 }) }),
      },
    },
    async (request) => {
      const layer = layerOr404(request.params.layer);
      const base = publicBaseUrl(request);
      return {
        tilejson: '3.0.0',
        name: layer.id,
        description: layer.description,
        scheme: 'xyz',
        tiles: [`${base}/tiles/${layer.id}/{z}/{x}/{y}.mvt`],
        minzoom: layer.minzoom,
        maxzoom: layer.maxzoom,
        bounds: [-180, -85.0511, 180, 85.0511],
        vector_layers: layer.vectorLayers.map((v) => ({
          ...v,
          minzoom: layer.minzoom,
          maxzoom: layer.maxzoom,
        })),
      };
    },
  );
};
