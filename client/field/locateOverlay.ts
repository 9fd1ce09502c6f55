// "Where am I" on the map: the device's position as a dot inside its accuracy circle, and a dashed
// line to the selected marker. A map overlay (installed by the map controller); follow mode keeps
// the position in view as it moves.
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { circleRing } from '../../server/contract/geodesy.ts';
import { boundsOf, type LngLat } from './geo.ts';
import type { Fix } from './useGeolocation.ts';

const SOURCE = 'field-locate';
const LAYERS = [
  'field-locate-accuracy',
  'field-locate-accuracy-edge',
  'field-locate-target',
  'field-locate-dot',
];
const BLUE = '#1a73e8';

export class LocateOverlay {
  readonly id = 'locate';
  private map: MapLibreMap | null = null;
  private fix: Fix | null = null;
  private target: LngLat | null = null;
  follow = false;

  install(map: MapLibreMap): void {
    this.map = map;
    map.addSource(SOURCE, { type: 'geojson', data: this.data() });
    map.addLayer({
      id: LAYERS[0]!,
      type: 'fill',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'accuracy'],
      paint: { 'fill-color': BLUE, 'fill-opacity': 0.12 },
    });
    map.addLayer({
      id: LAYERS[1]!,
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'accuracy'],
      paint: { 'line-color': BLUE, 'line-width': 1, 'line-opacity': 0.5 },
    });
    map.addLayer({
      id: LAYERS[2]!,
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'target'],
      paint: { 'line-color': BLUE, 'line-width': 2, 'line-dasharray': [2, 2] },
    });
    map.addLayer({
      id: LAYERS[3]!,
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'me'],
      paint: {
        'circle-radius': 7,
        'circle-color': BLUE,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2.5,
      },
    });
  }

  destroy(): void {
    const map = this.map;
    if (!map) return;
    for (const id of [...LAYERS].reverse()) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(SOURCE)) map.removeSource(SOURCE);
    this.map = null;
  }

  update(fix: Fix | null, target: LngLat | null): void {
    const moved = fix && (!this.fix || fix.lngLat.join() !== this.fix.lngLat.join());
    this.fix = fix;
    this.target = target;
    (this.map?.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(this.data());
    if (moved && this.follow && this.map) this.map.easeTo({ center: fix.lngLat, duration: 500 });
  }

  /** Both the position and the marker on screen, with room for the panel. */
  goThere(padding: { top: number; bottom: number; left: number; right: number }): void {
    if (!this.map || !this.fix || !this.target) return;
    this.follow = false;
    this.map.fitBounds(boundsOf(this.fix.lngLat, this.target), { padding, maxZoom: 17, duration: 600 });
  }

  private data(): FeatureCollection {
    const features: FeatureCollection['features'] = [];
    if (this.fix) {
      const radius = Math.max(this.fix.accuracyM, 1);
      features.push({
        type: 'Feature',
        properties: { part: 'accuracy' },
        geometry: { type: 'Polygon', coordinates: [circleRing(this.fix.lngLat, radius, 48)] },
      });
      features.push({
        type: 'Feature',
        properties: { part: 'me' },
        geometry: { type: 'Point', coordinates: this.fix.lngLat },
      });
      if (this.target)
        features.push({
          type: 'Feature',
          properties: { part: 'target' },
          geometry: { type: 'LineString', coordinates: [this.fix.lngLat, this.target] },
        });
    }
    return { type: 'FeatureCollection', features };
  }
}
