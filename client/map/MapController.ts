// The one imperative owner of the MapLibre map (after placemark's PMap): React creates it once and
// feeds it state (layer visibility, selection, district); it reports clicks and view changes back.
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import {
  AttributionControl,
  type ExpressionSpecification,
  type FilterSpecification,
  type GeoJSONSource,
  type LngLatBoundsLike,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type VectorTileSource,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  buildStyle,
  CLICKABLE_LAYERS,
  NO_SELECTION,
  SELECTION_POINT_SOURCES,
  type TileSource,
} from '../../server/contract/map/style.ts';
import type { CollectionId } from '../api/types.ts';
import { ALL_SUBLAYERS, type Visibility } from './layers.ts';

// Vite bundles MapLibre, so its worker is served as a separate asset and named here.
setWorkerUrl(workerUrl);

export interface FeatureRef {
  collection: CollectionId;
  id: string;
}

export interface MapView {
  center: [number, number];
  zoom: number;
}

export interface MapControllerOptions {
  view?: MapView;
  bounds?: [number, number, number, number];
  attribution: string;
  onSelect: (ref: FeatureRef | null) => void;
  onViewChange: (view: MapView) => void;
  onError?: (message: string) => void;
}

/** What the browser test (and a curious developer) can reach: `window.__civicAtlas`. */
export interface TestHook {
  map: MapLibreMap;
  controller: MapController;
  ready: boolean;
}

declare global {
  interface Window {
    __civicAtlas?: TestHook;
  }
}

export interface OverlayStyle {
  colour: string;
  fillOpacity?: number;
  /** A white casing under lines and outlines, for an overlay that must stand out on any layer. */
  halo?: boolean;
}

/**
 * A feature's own drawing and tools on the map (coverage sites, the boundary record being edited,
 * disputes, …). Register it with `controller.addOverlay()` (from React: `useMapOverlay()` in
 * ./context.tsx). The controller installs it once the style has loaded, offers it each click
 * before the shell, and destroys it when removed or when the map goes.
 */
export interface MapOverlay {
  /** Unique among overlays; `controller.overlay(id)` finds it (browser tests do). */
  readonly id: string;
  /** Add sources, layers and listeners (other than click). Called once, with a loaded style. */
  install(map: MapLibreMap): void;
  /** Remove everything install() added. */
  destroy(): void;
  /**
   * A click on the map, offered newest overlay first. `true`: the overlay took it (a vertex drawn,
   * a site placed, a dispute opened), so neither other overlays nor the shell's selection see it.
   */
  click?(event: MapMouseEvent): boolean;
  /** Same for a double-click; `true` also stops the map's double-click zoom. */
  dblclick?(event: MapMouseEvent): boolean;
}

const CLICK_TOLERANCE_PX = 6;
const PREVIEW = 'import-preview';
const TOUCH_TOLERANCE_PX = 12;

export class MapController {
  readonly map: MapLibreMap;
  private readonly options: MapControllerOptions;
  private visibility: Visibility = {};
  private selection: FeatureRef | null = null;
  private styleReady = false;
  private attribution: { text: string; control: AttributionControl };
  private overlays: MapOverlay[] = [];

  constructor(container: HTMLElement, options: MapControllerOptions) {
    this.options = options;
    const initial = options.view
      ? { center: options.view.center, zoom: options.view.zoom }
      : options.bounds
        ? { bounds: options.bounds as LngLatBoundsLike, fitBoundsOptions: { padding: 40 } }
        : { center: [105.72, 29.7] as [number, number], zoom: 9 };
    this.map = new MapLibreMap({
      container,
      style: buildStyle(window.location.origin),
      ...initial,
      attributionControl: false,
      maxZoom: 17,
      minZoom: 4,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    this.attribution = { text: options.attribution, control: this.addAttribution(options.attribution) };

    const hook: TestHook = { map: this.map, controller: this, ready: false };
    window.__civicAtlas = hook;

    this.map.on('load', () => {
      this.styleReady = true;
      this.foldAttributionOnPhone();
      this.applyVisibility();
      this.applySelection();
      this.map.once('idle', () => {
        hook.ready = true;
        container.dataset.mapReady = 'true';
      });
    });
    this.map.on('moveend', () => this.options.onViewChange(this.getView()));
    this.map.on('click', (event) => {
      for (const overlay of [...this.overlays].reverse()) if (overlay.click?.(event)) return;
      const tolerance =
        event.originalEvent instanceof PointerEvent && event.originalEvent.pointerType === 'touch'
          ? TOUCH_TOLERANCE_PX
          : CLICK_TOLERANCE_PX;
      this.options.onSelect(this.featureAt(event.point.x, event.point.y, tolerance));
    });
    this.map.on('dblclick', (event) => {
      for (const overlay of [...this.overlays].reverse())
        if (overlay.dblclick?.(event)) {
          event.preventDefault();
          return;
        }
    });
    this.map.on('mousemove', (event) => {
      this.map.getCanvas().style.cursor = this.featureAt(event.point.x, event.point.y, CLICK_TOLERANCE_PX)
        ? 'pointer'
        : '';
    });
    this.map.on('error', (event) => {
      const message = event.error instanceof Error ? event.error.message : String(event.error);
      this.options.onError?.(message);
    });
  }

  /**
   * Installs an overlay (now, or once the style has loaded; then `onInstalled`). Returns the
   * function that removes it again.
   */
  addOverlay(overlay: MapOverlay, onInstalled?: () => void): () => void {
    let installed = false;
    let removed = false;
    const install = () => {
      if (removed) return;
      overlay.install(this.map);
      installed = true;
      this.overlays.push(overlay);
      onInstalled?.();
    };
    if (this.styleReady) install();
    else this.map.once('load', install);
    return () => {
      removed = true;
      if (!installed) return;
      this.overlays = this.overlays.filter((o) => o !== overlay);
      overlay.destroy();
    };
  }

  /** An installed overlay by id. */
  overlay<T extends MapOverlay = MapOverlay>(id: string): T | undefined {
    return this.overlays.find((o) => o.id === id) as T | undefined;
  }

  getView(): MapView {
    const center = this.map.getCenter();
    return { center: [round(center.lng, 5), round(center.lat, 5)], zoom: round(this.map.getZoom(), 2) };
  }

  setView(view: MapView): void {
    const current = this.getView();
    if (
      current.zoom === view.zoom &&
      current.center[0] === view.center[0] &&
      current.center[1] === view.center[1]
    )
      return;
    this.map.jumpTo({ center: view.center, zoom: view.zoom });
  }

  fitBounds(bbox: [number, number, number, number], animate = true): void {
    this.map.fitBounds(bbox, { padding: this.fitPadding(), animate, duration: animate ? 800 : 0 });
  }

  flyTo(center: [number, number], zoom?: number): void {
    this.map.flyTo({
      center,
      zoom: Math.max(zoom ?? this.map.getZoom(), this.map.getZoom()),
      duration: 700,
      padding: this.fitPadding(),
    });
  }

  /** Room kept free for the left panel (desktop) or bottom sheet (phone) when framing things. */
  private fitPadding() {
    const narrow = this.map.getContainer().clientWidth < 720;
    return narrow
      ? { top: 40, bottom: 160, left: 30, right: 30 }
      : { top: 40, bottom: 40, left: 400, right: 310 };
  }

  setVisibility(visibility: Visibility): void {
    this.visibility = visibility;
    this.applyVisibility();
  }

  setSelection(ref: FeatureRef | null): void {
    this.selection = ref;
    this.applySelection();
  }

  private addAttribution(text: string): AttributionControl {
    const control = new AttributionControl({ compact: true, customAttribution: text });
    this.map.addControl(control, 'bottom-right');
    return control;
  }

  /** On a phone the attribution starts folded to its (i) button. */
  private foldAttributionOnPhone(): void {
    const container = this.map.getContainer();
    if (container.clientWidth < 720)
      container.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
  }

  /** The credit line changes with the data set: the demo's sources, or none for a bureau's own data. */
  setAttribution(text: string): void {
    if (text === this.attribution.text) return;
    this.map.removeControl(this.attribution.control);
    this.attribution = { text, control: this.addAttribution(text) };
    this.foldAttributionOnPhone();
  }

  resize(): void {
    this.map.resize();
  }

  /** A temporary overlay (e.g. rows about to be imported); null removes it. Magenta rings, on top. */
  showPreview(data: FeatureCollection | null): void {
    this.setOverlay(PREVIEW, data, { colour: '#c11574' }); // no map layer uses magenta
  }

  /**
   * A named GeoJSON overlay drawn above the map's own layers: areas tinted and outlined, lines
   * drawn, points ringed, in one colour (optionally on a white halo). Its layers are
   * `<name>-fill`, `<name>-halo`, `<name>-line` and `<name>-point`, its source `<name>`; null
   * empties it. Features pick up later calls' data, so one name is one overlay whoever sets it.
   */
  setOverlay(name: string, data: FeatureCollection | null, style: OverlayStyle): void {
    const apply = () => {
      const source = this.map.getSource(name) as GeoJSONSource | undefined;
      if (source) {
        source.setData(data ?? { type: 'FeatureCollection', features: [] });
        return;
      }
      if (!data) return;
      this.map.addSource(name, { type: 'geojson', data });
      const { colour } = style;
      const polygons = ['==', ['geometry-type'], 'Polygon'] as FilterSpecification;
      const notPoints = ['!=', ['geometry-type'], 'Point'] as FilterSpecification;
      this.map.addLayer({
        id: `${name}-fill`,
        type: 'fill',
        source: name,
        filter: polygons,
        paint: { 'fill-color': colour, 'fill-opacity': style.fillOpacity ?? 0.18 },
      });
      if (style.halo)
        this.map.addLayer({
          id: `${name}-halo`,
          type: 'line',
          source: name,
          filter: notPoints,
          layout: { 'line-join': 'round', 'line-cap': 'round' },
          paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': 0.9 },
        });
      this.map.addLayer({
        id: `${name}-line`,
        type: 'line',
        source: name,
        filter: notPoints,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': colour, 'line-width': style.halo ? 3 : 2 },
      });
      this.map.addLayer({
        id: `${name}-point`,
        type: 'circle',
        source: name,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 9,
          'circle-color': colour,
          'circle-opacity': 0.25,
          'circle-stroke-color': colour,
          'circle-stroke-width': 3,
        },
      });
    };
    if (this.styleReady) apply();
    else this.map.once('load', apply);
  }

  /** Frames any geometry: flies to a point, fits anything with an extent (never closer than maxZoom). */
  frame(geometry: Geometry, maxZoom = 16): void {
    const positions = positionsOf(geometry);
    if (positions.length === 0) return;
    const lons = positions.map((p) => p[0]!);
    const lats = positions.map((p) => p[1]!);
    const [west, east, south, north] = [
      Math.min(...lons),
      Math.max(...lons),
      Math.min(...lats),
      Math.max(...lats),
    ];
    if (west === east && south === north) this.flyTo([west, south], Math.min(maxZoom, 15));
    else
      this.map.fitBounds([west, south, east, north], { padding: this.fitPadding(), maxZoom, duration: 800 });
  }

  /** Refetches one tile layer, bypassing the browser's 60 s tile cache (after an import). */
  refreshTiles(layer: TileSource): void {
    const source = this.map.getSource(layer) as VectorTileSource | undefined;
    source?.setTiles([`${window.location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt?v=${Date.now()}`]);
  }

  /** A copy of the map as drawn, read inside MapLibre's render callback (before the buffer clears). */
  capture(): Promise<HTMLCanvasElement> {
    return new Promise((resolve) => {
      this.map.once('render', () => {
        const source = this.map.getCanvas();
        const copy = document.createElement('canvas');
        copy.width = source.width;
        copy.height = source.height;
        copy.getContext('2d')?.drawImage(source, 0, 0);
        resolve(copy);
      });
      this.map.triggerRepaint();
    });
  }

  destroy(): void {
    for (const overlay of this.overlays) overlay.destroy();
    this.overlays = [];
    if (window.__civicAtlas?.controller === this) window.__civicAtlas = undefined;
    this.map.remove();
  }

  /** The topmost clickable feature within `tolerance` px of a screen point. */
  featureAt(x: number, y: number, tolerance: number): FeatureRef | null {
    if (!this.styleReady) return null;
    const box: [[number, number], [number, number]] = [
      [x - tolerance, y - tolerance],
      [x + tolerance, y + tolerance],
    ];
    for (const clickable of CLICKABLE_LAYERS) {
      const layers = clickable.layerIds.filter(
        (id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none',
      );
      if (layers.length === 0) continue;
      // Lines and areas only count right under the pointer; points within the tolerance box.
      const isArea = clickable.collection === 'towns';
      const features = isArea
        ? this.map.queryRenderedFeatures([x, y], { layers })
        : this.map.queryRenderedFeatures(box, { layers });
      const feature = nearest(features, x, y, this.map);
      if (!feature) continue;
      const id = clickable.idFrom === 'code' ? feature.properties.code : feature.id;
      if (id === undefined || id === null) continue;
      return { collection: clickable.collection, id: String(id) };
    }
    return null;
  }

  private applyVisibility(): void {
    if (!this.styleReady) return;
    for (const sublayer of ALL_SUBLAYERS) {
      const visible = this.visibility[sublayer.id] !== false;
      for (const layerId of sublayer.mapLayers) {
        if (this.map.getLayer(layerId))
          this.map.setLayoutProperty(layerId, 'visibility', visible ? 'visible' : 'none');
      }
    }
  }

  private applySelection(): void {
    if (!this.styleReady) return;
    const ref = this.selection;
    const byId = (collection: CollectionId): FilterSpecification => {
      if (!ref || ref.collection !== collection) return NO_SELECTION;
      const numeric = Number(ref.id);
      return (Number.isFinite(numeric) ? ['==', ['id'], numeric] : NO_SELECTION) as ExpressionSpecification;
    };
    const byCode = (collection: CollectionId): FilterSpecification =>
      ['==', ['get', 'code'], ref && ref.collection === collection ? ref.id : ''] as ExpressionSpecification;
    for (const source of SELECTION_POINT_SOURCES) {
      this.map.setFilter(`selection-${source}`, source === 'villages' ? byCode('villages') : byId(source));
    }
    this.map.setFilter('selection-line', byId('boundary-lines'));
    this.map.setFilter('selection-town', byCode('towns'));
  }
}

function positionsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    case 'GeometryCollection':
      return geometry.geometries.flatMap(positionsOf);
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Of the features under a box, the point feature closest to its centre (others keep render order). */
function nearest(
  features: MapGeoJSONFeature[],
  x: number,
  y: number,
  map: MapLibreMap,
): MapGeoJSONFeature | undefined {
  let best: MapGeoJSONFeature | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const feature of features) {
    if (feature.geometry.type !== 'Point') return best ?? feature;
    const point = map.project(feature.geometry.coordinates as [number, number]);
    const distance = (point.x - x) ** 2 + (point.y - y) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = feature;
    }
  }
  return best;
}
