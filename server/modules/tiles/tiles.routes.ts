// Vector tiles: GET /tiles/{layer}/{version}/{z}/{x}/{y}.mvt (the URL TileJSON lists: immutable,
// cacheable for a year, since an edit moves the version), GET /tiles/{layer}/{z}/{x}/{y}.mvt (the
// current data, revalidated each time by ETag), GET /tiles/{layer}.json (TileJSON 3.0.0 with the
// data's own bounds) and GET /tiles/style.json (the app's MapLibre style on TileJSON sources).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { buildStyle } from '../../contract/map/style.ts';
import { badRequest, notFound } from '../../errors.ts';
import { IMMUTABLE, notModified, REVALIDATE } from '../http/caching.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { TILE_LAYERS, TILE_LAYERS_BY_ID, type TileLayer } from './tile-layers.ts';
import { TileCache, TileVersions } from './tile-versions.ts';

const MAX_ZOOM = 22;
const MVT = 'application/vnd.mapbox-vector-tile';
export const ATTRIBUTION =
  '民政一张图 Civic Atlas · 区划名称与代码为官方数据，镇街边界、设施等为示例数据 (official names and codes; synthetic geometry in the demo)';

function layerOr404(id: string): TileLayer {
  const layer = TILE_LAYERS_BY_ID.get(id);
  if (!layer) throw notFound(`tile layer '${id}'`);
  return layer;
}

const TileParams = {
  layer: Type.String({ maxLength: 40 }),
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
};

export const tileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const versions = new TileVersions(app.db);
  const cache = new TileCache();
  const bounds = new Map<string, { version: string; bounds: [number, number, number, number] | null }>();

  const tile = async (layer: TileLayer, version: string, z: number, x: number, y: number) => {
    const size = 2 ** z;
    if (x >= size) throw badRequest('params.x', `must be below ${size} at zoom ${z}`);
    if (y >= size) throw badRequest('params.y', `must be below ${size} at zoom ${z}`);
    return cache.get(`${layer.id}/${version}/${z}/${x}/${y}`, async () => {
      const { rows } = await sql<{
        tile: Buffer;
      }>`SELECT ${sql.raw(layer.sqlFunction)}(${z}, ${x}, ${y}) AS tile`.execute(app.db);
      return rows[0]?.tile ?? Buffer.alloc(0);
    });
  };

  /** The data's own extent (the layer's first table with a geometry), cached per version. */
  const layerBounds = async (layer: TileLayer, version: string) => {
    const known = bounds.get(layer.id);
    if (known?.version === version) return known.bounds;
    const column = layer.id === 'districts' ? 'outline' : layer.id === 'place-names' ? 'label_point' : 'geom';
    const { rows } = await sql<{ b: [number, number, number, number] | null }>`
      SELECT CASE WHEN e IS NULL THEN NULL ELSE json_build_array(floor(ST_XMin(e) * 1e4) / 1e4, floor(ST_YMin(e) * 1e4) / 1e4,
        ceil(ST_XMax(e) * 1e4) / 1e4, ceil(ST_YMax(e) * 1e4) / 1e4) END AS b
      FROM (SELECT ST_Extent(${sql.ref(column)})::geometry AS e FROM ${sql.table(layer.tables[0]!)}) x`.execute(
      app.db,
    );
    const result = rows[0]?.b ?? null;
    bounds.set(layer.id, { version, bounds: result });
    return result;
  };

  app.get(
    '/:layer/:version/:z/:x/:y.mvt',
    {
      schema: {
        summary: 'Vector tile of one layer at a data version (as listed by TileJSON)',
        params: Type.Object({
          ...TileParams,
          version: Type.String({ pattern: '^v[0-9]{1,18}-[0-9a-z]{1,12}$' }),
        }),
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.layer);
      const { z, x, y } = request.params;
      const asked = request.params.version.slice(1);
      let current = await versions.of(layer);
      if (asked !== current) current = await versions.of(layer, true);
      if (asked !== current) {
        // An older (or unknown) version: its data is gone; send the client to the current one.
        return reply
          .header('Cache-Control', 'no-cache')
          .redirect(`${publicBaseUrl(request)}/tiles/${layer.id}/v${current}/${z}/${x}/${y}.mvt`, 302);
      }
      if (notModified(request, reply, `W/"${current}"`, IMMUTABLE)) return reply.status(304).send();
      return reply.type(MVT).send(await tile(layer, current, z, x, y));
    },
  );

  app.get(
    '/:layer/:z/:x/:y.mvt',
    { schema: { summary: 'Vector tile of one layer, current data', params: Type.Object(TileParams) } },
    async (request, reply) => {
      const layer = layerOr404(request.params.layer);
      const { z, x, y } = request.params;
      const current = await versions.of(layer);
      if (notModified(request, reply, `W/"${current}"`, REVALIDATE)) return reply.status(304).send();
      return reply.type(MVT).send(await tile(layer, current, z, x, y));
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
    async (request, reply) => {
      const layer = layerOr404(request.params.layer);
      const base = publicBaseUrl(request);
      const version = await versions.of(layer);
      const box = (await layerBounds(layer, version)) ?? [-180, -85.0511, 180, 85.0511];
      const center = [
        Math.round(((box[0] + box[2]) / 2) * 1e4) / 1e4,
        Math.round(((box[1] + box[3]) / 2) * 1e4) / 1e4,
        Math.max(layer.minzoom, Math.min(10, layer.maxzoom)),
      ];
      if (notModified(request, reply, `W/"${version}"`, REVALIDATE)) return reply.status(304).send();
      return {
        tilejson: '3.0.0',
        name: layer.id,
        description: layer.description,
        attribution: ATTRIBUTION,
        version: '1.0.0',
        scheme: 'xyz',
        tiles: [`${base}/tiles/${layer.id}/v${version}/{z}/{x}/{y}.mvt`],
        minzoom: layer.minzoom,
        maxzoom: layer.maxzoom,
        bounds: box,
        center,
        vector_layers: layer.vectorLayers.map((v) => ({
          ...v,
          minzoom: layer.minzoom,
          maxzoom: layer.maxzoom,
        })),
      };
    },
  );

  app.get(
    '/style.json',
    { schema: { summary: 'MapLibre style of every public layer' } },
    async (request, reply) => {
      const base = publicBaseUrl(request);
      const style = buildStyle(base);
      // Sources by TileJSON, so other apps get the versioned tile URLs, bounds and attribution.
      for (const layer of TILE_LAYERS) {
        if (style.sources[layer.id])
          style.sources[layer.id] = {
            type: 'vector',
            url: `${base}/tiles/${layer.id}.json`,
            attribution: ATTRIBUTION,
          };
      }
      reply.header('Cache-Control', REVALIDATE);
      return {
        ...style,
        name: 'Civic Atlas 民政一张图',
        metadata: { 'civic-atlas:attribution': ATTRIBUTION },
      };
    },
  );
};
