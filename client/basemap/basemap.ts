// Base layers under our own: the sources and MapLibre layers for one of the server's base layers
// (GET /api/basemaps). A PMTiles file is read with the pmtiles protocol (range requests); when a
// request of it fails (no signal) the same tile is asked as /basemap/tiles/z/x/y, which the service
// worker answers from the offline area. Our opaque district and town fills turn translucent above
// a base layer so it shows through.
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { addProtocol } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { BaseLayer } from '../../server/contract/field-kit.ts';
import { escapeMarkup } from '../../server/contract/text.ts';

export type { BaseLayer };

export const BASE_PREFIX = 'base-';
/** Our fills that hide what lies under them, and how see-through they become over a base layer. */
export const FILLS_OVER_BASE: Record<string, number> = { 'district-fill': 0.15, 'towns-fill': 0.35 };

let registered: BaseLayer[] = [];

const absolute = (origin: string, url: string) => (url.startsWith('/') ? `${origin}${url}` : url);

/** The pmtiles:// protocol, once per page, with a fallback to the z/x/y copy of the same file. */
export function registerPmtilesProtocol(origin: string, layers: BaseLayer[]): void {
  const first = registered.length === 0;
  registered = layers;
  if (!first) return;
  const protocol = new Protocol();
  addProtocol('pmtiles', async (params, abort) => {
    try {
      return await protocol.tile(params, abort);
    } catch (error) {
      const layer = registered.find((l) => l.format === 'pmtiles' && l.url && params.url.includes(l.url));
      if (!layer?.tiles?.[0]) throw error;
      const template = absolute(origin, layer.tiles[0]);
      if (params.type === 'json') {
        return {
          data: {
            tilejson: '3.0.0',
            tiles: [template],
            minzoom: layer.minzoom,
            maxzoom: layer.maxzoom,
            ...(layer.bounds ? { bounds: layer.bounds } : {}),
            vector_layers: (layer.vectorLayers ?? []).map((id) => ({ id, fields: {} })),
          },
        };
      }
      const zxy = /\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
      if (!zxy) throw error;
      const response = await fetch(
        template.replace('{z}', zxy[1]!).replace('{x}', zxy[2]!).replace('{y}', zxy[3]!),
        { signal: abort.signal },
      );
      if (response.status === 204) return { data: new ArrayBuffer(0) };
      if (!response.ok) throw error;
      return { data: await response.arrayBuffer() };
    }
  });
}

const MUTED = { fill: '#e6e3dc', water: '#cfe0ea', line: '#b9b3a8', text: '#6b665e' };

/** The sources and layers of a base layer, ids prefixed so they never clash with ours. */
export async function baseLayerStyle(
  layer: BaseLayer,
  origin: string,
): Promise<{ sources: Record<string, SourceSpecification>; layers: LayerSpecification[] }> {
  const id = `${BASE_PREFIX}${layer.id}`;
  const sources: Record<string, SourceSpecification> = {};
  const layers: LayerSpecification[] = [];
  // MapLibre shows a source's attribution as HTML: the server's text is escaped, so it stays text.
  const common = {
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    attribution: escapeMarkup(layer.attribution),
  };
  const pmtilesUrl =
    layer.format === 'pmtiles' && layer.url ? `pmtiles://${absolute(origin, layer.url)}` : null;
  if (layer.kind === 'raster') {
    sources[id] = {
      type: 'raster',
      tileSize: layer.tileSize ?? 256,
      ...common,
      ...(pmtilesUrl ? { url: pmtilesUrl } : { tiles: (layer.tiles ?? []).map((t) => absolute(origin, t)) }),
    };
    layers.push({ id, type: 'raster', source: id });
  } else if (layer.kind === 'vector') {
    sources[id] = {
      type: 'vector',
      ...common,
      ...(pmtilesUrl ? { url: pmtilesUrl } : { tiles: (layer.tiles ?? []).map((t) => absolute(origin, t)) }),
    };
    for (const sourceLayer of layer.vectorLayers ?? []) {
      const water = /water|river|lake|水/.test(sourceLayer);
      layers.push(
        {
          id: `${id}-${sourceLayer}-fill`,
          type: 'fill',
          source: id,
          'source-layer': sourceLayer,
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: {
            'fill-color': [
              'case',
              ['==', ['get', 'kind'], 'water'],
              MUTED.water,
              water ? MUTED.water : MUTED.fill,
            ],
          },
        },
        {
          id: `${id}-${sourceLayer}-line`,
          type: 'line',
          source: id,
          'source-layer': sourceLayer,
          paint: { 'line-color': MUTED.line, 'line-width': 1 },
        },
      );
    }
  } else if (layer.url) {
    // A MapLibre style elsewhere: its sources and its non-text layers (our style draws text without
    // a glyph server, so the other style's labels cannot be drawn here).
    const style = (await (await fetch(layer.url)).json()) as StyleSpecification;
    for (const [name, source] of Object.entries(style.sources)) sources[`${id}-${name}`] = source;
    for (const l of style.layers) {
      if (l.type === 'symbol' || l.type === 'background') continue;
      const source = 'source' in l && typeof l.source === 'string' ? `${id}-${l.source}` : undefined;
      layers.push({ ...l, id: `${id}-${l.id}`, ...(source ? { source } : {}) } as LayerSpecification);
    }
  }
  if (layer.overlay) {
    sources[`${id}-labels`] = {
      type: 'raster',
      tileSize: layer.tileSize ?? 256,
      tiles: layer.overlay.tiles,
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
    };
    layers.push({ id: `${id}-labels`, type: 'raster', source: `${id}-labels` });
  }
  return { sources, layers };
}
