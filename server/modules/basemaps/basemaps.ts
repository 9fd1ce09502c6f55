// Which base layers the map can draw under our own layers, from the configuration:
// TIANDITU_KEY (天地图 vector and imagery with their annotation layers, Web Mercator WMTS tiles),
// BASEMAP_URL (an XYZ raster template or a MapLibre style URL) and BASEMAP_FILE (a PMTiles or
// MBTiles file served by this app). Nothing configured: no base layers, the map is as before.
import type { BaseLayer } from '../../contract/field-kit.ts';
import { printableLine } from '../../contract/text.ts';

export type { BaseLayer };

import type { TileFileInfo } from './tile-file.ts';

export interface BasemapConfig {
  tiandituKey?: string;
  /** XYZ template ({z}/{x}/{y}) or a MapLibre style URL. */
  url?: string;
  urlAttribution?: string;
  /** Path of a PMTiles or MBTiles file. */
  file?: string;
}

export function basemapConfigFromEnv(env: NodeJS.ProcessEnv): BasemapConfig {
  const config: BasemapConfig = {};
  if (env.TIANDITU_KEY?.trim()) {
    if (!/^[0-9a-zA-Z]{8,64}$/.test(env.TIANDITU_KEY.trim()))
      throw new Error('TIANDITU_KEY must be the key from the 天地图 console (letters and digits)');
    config.tiandituKey = env.TIANDITU_KEY.trim();
  }
  if (env.BASEMAP_URL?.trim()) {
    const url = env.BASEMAP_URL.trim();
    let parsed: URL;
    try {
      parsed = new URL(url.replace(/\{[a-z]\}/g, '0'));
    } catch {
      throw new Error(`BASEMAP_URL must be an http(s) URL, got "${url}"`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new Error(`BASEMAP_URL must be an http(s) URL, got "${url}"`);
    config.url = url;
    const attribution = fileText(env.BASEMAP_ATTRIBUTION?.trim() || null);
    if (attribution) config.urlAttribution = attribution;
  }
  if (env.BASEMAP_FILE?.trim()) config.file = env.BASEMAP_FILE.trim();
  return config;
}

const TIANDITU_HOSTS = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn`);
const TIANDITU_ATTRIBUTION = '© 天地图 · 国家地理信息公共服务平台';

function tianditu(layer: 'vec' | 'cva' | 'img' | 'cia', key: string): string[] {
  return TIANDITU_HOSTS.map(
    (host) =>
      `${host}/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default` +
      `&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
  );
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
};

/**
 * A base-map file's name or attribution (often HTML: `<a href=…>© OpenStreetMap</a>`) as plain
 * text: tags dropped, entities read, control characters gone, at most 300 characters. The client
 * shows it as text (escaped for MapLibre, which would take it as HTML).
 */
export function fileText(value: string | null): string | null {
  if (value === null) return null;
  const text = printableLine(
    value.replace(/<[^>]*>/g, ' ').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    }),
  )
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : [...text].slice(0, 300).join('');
}

export const FILE_TILE_PATH = '/basemap/tiles';
export const FILE_PMTILES_PATH = '/basemap/file.pmtiles';

export function baseLayers(config: BasemapConfig, file: TileFileInfo | null): BaseLayer[] {
  const layers: BaseLayer[] = [];
  if (file) {
    const name = fileText(file.name);
    layers.push({
      id: 'file',
      name: { zh: name ?? '本地底图', en: name ?? 'Local base map' },
      kind: file.kind,
      ...(file.format === 'pmtiles' ? { url: FILE_PMTILES_PATH } : {}),
      tiles: [`${FILE_TILE_PATH}/{z}/{x}/{y}.${file.tileFormat}`],
      format: file.format,
      tileFormat: file.tileFormat,
      tileSize: 256,
      minzoom: file.minzoom,
      maxzoom: file.maxzoom,
      ...(file.bounds ? { bounds: file.bounds } : {}),
      attribution: fileText(file.attribution) ?? name ?? '本地底图',
      ...(file.kind === 'vector' ? { vectorLayers: file.vectorLayers.map((l) => l.id) } : {}),
      offline: true,
    });
  }
  if (config.tiandituKey) {
    const key = config.tiandituKey;
    layers.push(
      {
        id: 'tianditu-vec',
        name: { zh: '天地图 矢量', en: 'Tianditu map' },
        kind: 'raster',
        tiles: tianditu('vec', key),
        tileSize: 256,
        minzoom: 1,
        maxzoom: 18,
        attribution: TIANDITU_ATTRIBUTION,
        overlay: { tiles: tianditu('cva', key), attribution: TIANDITU_ATTRIBUTION },
        offline: false, // the service's terms do not allow bulk copies
      },
      {
        id: 'tianditu-img',
        name: { zh: '天地图 影像', en: 'Tianditu imagery' },
        kind: 'raster',
        tiles: tianditu('img', key),
        tileSize: 256,
        minzoom: 1,
        maxzoom: 18,
        attribution: TIANDITU_ATTRIBUTION,
        overlay: { tiles: tianditu('cia', key), attribution: TIANDITU_ATTRIBUTION },
        offline: false,
      },
    );
  }
  if (config.url) {
    const xyz = config.url.includes('{z}');
    layers.push({
      id: 'url',
      name: { zh: '底图', en: 'Base map' },
      kind: xyz ? 'raster' : 'style',
      ...(xyz ? { tiles: [config.url], tileSize: 256 } : { url: config.url }),
      minzoom: 0,
      maxzoom: 19,
      attribution: config.urlAttribution ?? new URL(config.url.replace(/\{[a-z]\}/g, '0')).host,
      offline: false,
    });
  }
  return layers;
}

/** The hosts the browser may load base-map tiles and styles from (for the CSP). */
export function basemapOrigins(config: BasemapConfig): string[] {
  const origins: string[] = [];
  if (config.tiandituKey) origins.push(...TIANDITU_HOSTS);
  if (config.url) origins.push(new URL(config.url.replace(/\{[a-z]\}/g, '0')).origin);
  return origins;
}
