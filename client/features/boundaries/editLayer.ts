// The boundary-mode overlay on the shell's map: the record being edited drawn on top (line
// highlighted, marker as a large handle), marker dragging with mouse or finger, and a refresh of
// the boundary tiles after a save so the map shows the new state at once.
import type {
  GeoJSONSource,
  MapLayerMouseEvent,
  MapLayerTouchEvent,
  Map as MapLibreMap,
  VectorTileSource,
} from 'maplibre-gl';
import { LINE_STATUS_COLOURS, MARKER_CONDITION_COLOURS } from '../../../server/contract/map/palette.ts';
import type { MapOverlay } from '../../map/MapController.ts';

const SOURCE = 'boundary-edit';
const LINE_LAYER = 'boundary-edit-line';
const MARKER_LAYER = 'boundary-edit-marker';
const TILE_SOURCES = ['boundary-lines', 'boundary-markers'];

type Geometry = { type: string; coordinates: unknown };

export type MarkerMoved = (to: [number, number], from: [number, number]) => void;

export class BoundaryEditLayer implements MapOverlay {
  readonly id = 'boundary-edit';
  private map!: MapLibreMap;
  private readonly moveListeners = new Set<MarkerMoved>();
  private draggable = false;
  private dragging = false;
  private point: [number, number] | null = null;
  private readonly cleanup: (() => void)[] = [];

  /** Hears each drag of the marker handle that ends somewhere else; returns the unsubscribe. */
  onMarkerMoved(listener: MarkerMoved): () => void {
    this.moveListeners.add(listener);
    return () => this.moveListeners.delete(listener);
  }

  install(map: MapLibreMap): void {
    this.map = map;
    if (!map.getSource(SOURCE))
      map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    if (!map.getLayer(LINE_LAYER)) {
      map.addLayer({
        id: LINE_LAYER,
        type: 'line',
        source: SOURCE,
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: {
          'line-color': ['coalesce', ['get', 'colour'], '#1570ef'],
          'line-width': 7,
          'line-opacity': 0.55,
        },
        layout: { 'line-cap': 'round', 'line-join': 'round' },
      });
    }
    if (!map.getLayer(MARKER_LAYER)) {
      map.addLayer({
        id: MARKER_LAYER,
        type: 'circle',
        source: SOURCE,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 13,
          'circle-color': ['coalesce', ['get', 'colour'], '#1570ef'],
          'circle-stroke-color': '#1570ef',
          'circle-stroke-width': 4,
        },
      });
    }
    const start = (event: MapLayerMouseEvent | MapLayerTouchEvent) => {
      if (!this.draggable || !this.point) return;
      if ('points' in event && event.points.length !== 1) return;
      event.preventDefault();
      this.dragging = true;
      const from = this.point;
      map.getCanvas().style.cursor = 'grabbing';
      const move = (e: { lngLat: { lng: number; lat: number } }) => {
        this.setPoint([e.lngLat.lng, e.lngLat.lat]);
      };
      const end = () => {
        map.off('mousemove', move);
        map.off('touchmove', move);
        map.getCanvas().style.cursor = '';
        this.dragging = false;
        const to = this.point;
        if (to && (to[0] !== from[0] || to[1] !== from[1]))
          for (const listener of this.moveListeners) listener(to, from);
      };
      map.on('mousemove', move);
      map.on('touchmove', move);
      map.once('mouseup', end);
      map.once('touchend', end);
    };
    const hover = () => {
      if (this.draggable && !this.dragging) map.getCanvas().style.cursor = 'grab';
    };
    const leave = () => {
      if (!this.dragging) map.getCanvas().style.cursor = '';
    };
    map.on('mousedown', MARKER_LAYER, start);
    map.on('touchstart', MARKER_LAYER, start);
    map.on('mouseenter', MARKER_LAYER, hover);
    map.on('mouseleave', MARKER_LAYER, leave);
    this.cleanup.push(() => {
      map.off('mousedown', MARKER_LAYER, start);
      map.off('touchstart', MARKER_LAYER, start);
      map.off('mouseenter', MARKER_LAYER, hover);
      map.off('mouseleave', MARKER_LAYER, leave);
    });
  }

  /** Draws the record being edited (or nothing). */
  show(geometry: Geometry | null, properties: { status?: unknown; condition?: unknown } = {}): void {
    const colour =
      typeof properties.condition === 'string'
        ? MARKER_CONDITION_COLOURS[properties.condition as keyof typeof MARKER_CONDITION_COLOURS]
        : typeof properties.status === 'string'
          ? LINE_STATUS_COLOURS[properties.status as keyof typeof LINE_STATUS_COLOURS]
          : undefined;
    this.point = geometry?.type === 'Point' ? (geometry.coordinates as [number, number]) : null;
    this.properties = { colour };
    this.geometry = geometry;
    this.render();
  }

  private properties: Record<string, unknown> = {};
  private geometry: Geometry | null = null;

  private setPoint(point: [number, number]): void {
    this.point = point;
    this.geometry = { type: 'Point', coordinates: point };
    this.render();
  }

  private render(): void {
    const source = this.map.getSource(SOURCE) as GeoJSONSource | undefined;
    if (!source) {
      this.map.once('load', () => this.render());
      return;
    }
    source.setData({
      type: 'FeatureCollection',
      features: this.geometry
        ? [{ type: 'Feature', properties: this.properties, geometry: this.geometry as GeoJSON.Geometry }]
        : [],
    });
  }

  setDraggable(draggable: boolean): void {
    this.draggable = draggable;
  }

  /** The marker handle's position on screen (for tests and for scrolling it into view). */
  screenPoint(): { x: number; y: number } | null {
    return this.point ? this.map.project(this.point) : null;
  }

  /** Re-requests the boundary tiles (bypassing caches) so saved edits show at once. */
  refreshTiles(): void {
    const stamp = Date.now();
    for (const id of TILE_SOURCES) {
      const source = this.map.getSource(id) as VectorTileSource | undefined;
      source?.setTiles?.([`${window.location.origin}/tiles/${id}/{z}/{x}/{y}.mvt?v=${stamp}`]);
    }
  }

  destroy(): void {
    for (const undo of this.cleanup) undo();
    if (this.map.getLayer(MARKER_LAYER)) this.map.removeLayer(MARKER_LAYER);
    if (this.map.getLayer(LINE_LAYER)) this.map.removeLayer(LINE_LAYER);
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE);
  }
}
