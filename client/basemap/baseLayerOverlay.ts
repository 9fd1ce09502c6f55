// A chosen base layer as a map overlay: its sources and layers go just above the background and
// below all of ours, and our opaque district and town fills turn see-through while it is on.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { type BaseLayer, baseLayerStyle, FILLS_OVER_BASE, registerPmtilesProtocol } from './basemap.ts';

/** The first of our layers: base layers go below it. */
const FIRST_OWN_LAYER = 'district-fill';

export class BaseLayerOverlay {
  readonly id = 'base-layer';
  private map: MapLibreMap | null = null;
  private added: { sources: string[]; layers: string[] } = { sources: [], layers: [] };
  private opacities = new Map<string, number | undefined>();

  constructor(
    private readonly layer: BaseLayer,
    private readonly all: BaseLayer[],
    private readonly origin: string = location.origin,
  ) {}

  install(map: MapLibreMap): void {
    this.map = map;
    registerPmtilesProtocol(this.origin, this.all);
    void baseLayerStyle(this.layer, this.origin).then(({ sources, layers }) => {
      if (this.map !== map) return; // removed meanwhile
      const before = map.getLayer(FIRST_OWN_LAYER) ? FIRST_OWN_LAYER : undefined;
      for (const [id, source] of Object.entries(sources)) {
        map.addSource(id, source);
        this.added.sources.push(id);
      }
      for (const layer of layers) {
        map.addLayer(layer, before);
        this.added.layers.push(layer.id);
      }
      for (const [id, opacity] of Object.entries(FILLS_OVER_BASE)) {
        if (!map.getLayer(id)) continue;
        this.opacities.set(id, map.getPaintProperty(id, 'fill-opacity') as number | undefined);
        map.setPaintProperty(id, 'fill-opacity', opacity);
      }
    });
  }

  destroy(): void {
    const map = this.map;
    this.map = null;
    if (!map) return;
    for (const id of [...this.added.layers].reverse()) if (map.getLayer(id)) map.removeLayer(id);
    for (const id of this.added.sources) if (map.getSource(id)) map.removeSource(id);
    for (const [id, opacity] of this.opacities)
      if (map.getLayer(id)) map.setPaintProperty(id, 'fill-opacity', opacity ?? 1);
    this.added = { sources: [], layers: [] };
    this.opacities.clear();
  }
}
