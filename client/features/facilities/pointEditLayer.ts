// A point being edited on the map: one large draggable handle (mouse or finger), and a placing
// mode in which the next click on the map sets the point. Used for a facility or a place name;
// after a save the panel refreshes the layer's tiles so the map shows the new state at once.
import type {
  GeoJSONSource,
  MapLayerMouseEvent,
  MapLayerTouchEvent,
  Map as MapLibreMap,
  MapMouseEvent,
} from 'maplibre-gl';
import type { MapOverlay } from '../../map/MapController.ts';

type Point = [number, number];

export class PointEditLayer implements MapOverlay {
  private map!: MapLibreMap;
  private point: Point | null = null;
  private placing = false;
  private draggable = false;
  private dragging = false;
  private readonly cleanup: (() => void)[] = [];

  constructor(
    readonly id: string,
    private readonly colour: string,
    private readonly onPoint: (point: Point, how: 'placed' | 'dragged') => void,
  ) {}

  private get source() {
    return `${this.id}-point`;
  }

  install(map: MapLibreMap): void {
    this.map = map;
    map.addSource(this.source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: this.source,
      type: 'circle',
      source: this.source,
      paint: {
        'circle-radius': 12,
        'circle-color': this.colour,
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    });
    const start = (event: MapLayerMouseEvent | MapLayerTouchEvent) => {
      if (!this.draggable || !this.point) return;
      if ('points' in event && event.points.length !== 1) return;
      event.preventDefault();
      this.dragging = true;
      map.getCanvas().style.cursor = 'grabbing';
      const move = (e: { lngLat: { lng: number; lat: number } }) => this.set([e.lngLat.lng, e.lngLat.lat]);
      const end = () => {
        map.off('mousemove', move);
        map.off('touchmove', move);
        map.getCanvas().style.cursor = '';
        this.dragging = false;
        if (this.point) this.onPoint(this.point, 'dragged');
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
    map.on('mousedown', this.source, start);
    map.on('touchstart', this.source, start);
    map.on('mouseenter', this.source, hover);
    map.on('mouseleave', this.source, leave);
    this.cleanup.push(() => {
      map.off('mousedown', this.source, start);
      map.off('touchstart', this.source, start);
      map.off('mouseenter', this.source, hover);
      map.off('mouseleave', this.source, leave);
    });
    this.render();
  }

  /** While placing, the next click on the map sets the point (and is not a selection). */
  click(event: MapMouseEvent): boolean {
    if (!this.placing) return false;
    this.placing = false;
    this.map.getCanvas().style.cursor = '';
    this.set([event.lngLat.lng, event.lngLat.lat]);
    this.onPoint([event.lngLat.lng, event.lngLat.lat], 'placed');
    return true;
  }

  setPlacing(placing: boolean): void {
    this.placing = placing;
    if (this.map) this.map.getCanvas().style.cursor = placing ? 'crosshair' : '';
  }

  setDraggable(draggable: boolean): void {
    this.draggable = draggable;
  }

  show(point: Point | null): void {
    this.set(point);
  }

  /** The handle's position on screen (browser tests drag it). */
  screenPoint(): { x: number; y: number } | null {
    return this.point && this.map ? this.map.project(this.point) : null;
  }

  private set(point: Point | null): void {
    this.point = point;
    this.render();
  }

  private render(): void {
    const source = this.map?.getSource(this.source) as GeoJSONSource | undefined;
    source?.setData({
      type: 'FeatureCollection',
      features: this.point
        ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: this.point } }]
        : [],
    });
  }

  destroy(): void {
    for (const undo of this.cleanup) undo();
    if (this.map.getLayer(this.source)) this.map.removeLayer(this.source);
    if (this.map.getSource(this.source)) this.map.removeSource(this.source);
  }
}
