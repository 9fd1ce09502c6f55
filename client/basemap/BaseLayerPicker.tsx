// Base layers in the layer panel: none (our layers alone, as before) or one of those the server
// offers; the choice is remembered on this device. BaseLayerHost (always mounted with the map)
// draws the chosen one; the picker only chooses. Attribution comes with the layer's source.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { request } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { useMapOverlay } from '../map/context.tsx';
import { BaseLayerOverlay } from './baseLayerOverlay.ts';
import type { BaseLayer } from './basemap.ts';

const KEY = 'civic-atlas.basemap';
const listeners = new Set<() => void>();
let chosen: string | null = (() => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
})();
let offered: BaseLayer[] | null = null;
let loading: Promise<BaseLayer[]> | null = null;

function choose(id: string | null) {
  chosen = id;
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // private mode: this page only
  }
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

function useBaseLayers(): { layers: BaseLayer[]; chosen: string | null } {
  const [layers, setLayers] = useState<BaseLayer[]>(offered ?? []);
  useEffect(() => {
    loading ??= request<{ layers: BaseLayer[] }>('/api/basemaps').then((r) => (offered = r.layers));
    loading.then(setLayers, () => undefined);
  }, []);
  const current = useSyncExternalStore(subscribe, () => chosen);
  return { layers, chosen: layers.some((l) => l.id === current) ? current : null };
}

export function BaseLayerHost() {
  const { layers, chosen: id } = useBaseLayers();
  const layer = layers.find((l) => l.id === id) ?? null;
  useMapOverlay(
    () =>
      layer ? new BaseLayerOverlay(layer, layers) : { id: 'base-layer-none', install() {}, destroy() {} },
    [layer?.id, layers.length],
  );
  return null;
}

export function BaseLayerPicker() {
  const { t, language } = useI18n();
  const { layers, chosen: id } = useBaseLayers();
  if (!layers.length) return null;
  return (
    <fieldset className="layer-group base-layers" data-testid="base-layers">
      <legend>{t('field.baseLayers')}</legend>
      {[null, ...layers].map((layer) => (
        <label key={layer?.id ?? 'none'} className="layer-row">
          <input
            type="radio"
            name="base-layer"
            checked={id === (layer?.id ?? null)}
            data-testid={`base-layer-${layer?.id ?? 'none'}`}
            onChange={() => choose(layer?.id ?? null)}
          />{' '}
          {layer ? (language === 'zh' ? layer.name.zh : layer.name.en) : t('field.baseNone')}
          {layer && <small className="fk-muted"> · {layer.attribution}</small>}
        </label>
      ))}
    </fieldset>
  );
}
