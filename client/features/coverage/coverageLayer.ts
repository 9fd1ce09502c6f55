// The coverage overlay on the shell's map: the service area, uncovered villages sized by elderly
// population, proposed sites with their reach (click to drop, drag to move) and suggested sites.
// Owned by the coverage panel (a MapOverlay registered through useMapOverlay); it never touches the
// shell's own layers except to sit below labels.
import type { FeatureCollection, Geometry } from 'geojson';
import type {
  GeoJSONSource,
  MapLayerMouseEvent,
  MapLayerTouchEvent,
  Map as MapLibreMap,
  MapMouseEvent,
} from 'maplibre-gl';
import type { MapOverlay } from '../../map/MapController.ts';
import { circlePolygon } from './geometry.ts';

export interface ProposedSite {
  id: number;
  lon: number;
  lat: number;
  radiusM: number;
}

const AREA = 'coverage-area';
const UNCOVERED = 'coverage-uncovered';
const PROPOSED = 'coverage-proposed';
const SUGGESTED = 'coverage-suggested';
const NETWORK = 'coverage-network';
const SOURCES = [AREA, NETWORK, UNCOVERED, PROPOSED, SUGGESTED];
const LAYERS = [
  'coverage-area-fill',
  'coverage-area-line',
  'coverage-network-line',
  'coverage-uncovered',
  'coverage-proposed-reach',
  'coverage-proposed-reach-line',
  'coverage-suggested',
  'coverage-proposed',
] as const;
export const COVERAGE_COLOURS = {
  area: '#f79009',
  areaLine: '#dc6803',
  uncovered: '#d92d20',
  proposed: '#b54708',
  suggested: '#344054',
  /** Streets reached on foot: a teal no base layer uses, distinct from the orange straight area. */
  network: '#0e9384',
};

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export class CoverageLayer implements MapOverlay {
  readonly id = 'coverage';
  private map!: MapLibreMap;
  private placing = false;
  private dragging: number | null = null;
  private sites: ProposedSite[] = [];
  private readonly cleanup: (() => void)[] = [];
  private installed = false;
  private pending: (() => void)[] = [];

  constructor(
    private readonly events: {
      onAdd: (lon: number, lat: number) => void;
      onMove: (id: number, lon: number, lat: number) => void;
    },
  ) {}

  install(map: MapLibreMap): void {
    this.map = map;
    for (const id of SOURCES) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY });
    const below = map.getLayer('town-labels') ? 'town-labels' : undefined;
    const add = (layer: Parameters<MapLibreMap['addLayer']>[0]) => {
      if (!map.getLayer(layer.id)) map.addLayer(layer, below);
    };
    add({
      id: 'coverage-area-fill',
      type: 'fill',
      source: AREA,
      paint: { 'fill-color': COVERAGE_COLOURS.area, 'fill-opacity': 0.22 },
    });
    add({
      id: 'coverage-area-line',
      type: 'line',
      source: AREA,
      paint: { 'line-color': COVERAGE_COLOURS.areaLine, 'line-width': 1.2, 'line-opacity': 0.8 },
    });
    add({
      id: 'coverage-network-line',
      type: 'line',
      source: NETWORK,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': COVERAGE_COLOURS.network,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 14, 4],
        'line-opacity': 0.9,
      },
    });
    add({
      id: 'coverage-uncovered',
      type: 'circle',
      source: UNCOVERED,
      paint: {
        'circle-color': COVERAGE_COLOURS.uncovered,
        'circle-opacity': 0.7,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['sqrt', ['coalesce', ['get', 'elderlyPopulation'], 0]],
          0,
          3,
          30,
          8,
          70,
          18,
        ],
      },
    });
    add({
      id: 'coverage-proposed-reach',
      type: 'fill',
      source: PROPOSED,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': COVERAGE_COLOURS.proposed, 'fill-opacity': 0.12 },
    });
    add({
      id: 'coverage-proposed-reach-line',
      type: 'line',
      source: PROPOSED,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'line-color': COVERAGE_COLOURS.proposed, 'line-width': 1.5, 'line-dasharray': [3, 2] },
    });
    add({
      id: 'coverage-suggested',
      type: 'circle',
      source: SUGGESTED,
      paint: {
        'circle-radius': 8,
        'circle-color': '#ffffff',
        'circle-stroke-color': COVERAGE_COLOURS.suggested,
        'circle-stroke-width': 3,
      },
    });
    add({
      id: 'coverage-proposed',
      type: 'circle',
      source: PROPOSED,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 9,
        'circle-color': COVERAGE_COLOURS.proposed,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    });

    const start = (event: MapLayerMouseEvent | MapLayerTouchEvent) => {
      if ('points' in event && event.points.length !== 1) return;
      const id = Number(event.features?.[0]?.properties?.id);
      if (!Number.isFinite(id)) return;
      event.preventDefault();
      this.dragging = id;
      map.getCanvas().style.cursor = 'grabbing';
      const move = (e: { lngLat: { lng: number; lat: number } }) => {
        const site = this.sites.find((s) => s.id === id);
        if (!site) return;
        site.lon = e.lngLat.lng;
        site.lat = e.lngLat.lat;
        this.renderSites();
      };
      const end = () => {
        map.off('mousemove', move);
        map.off('touchmove', move);
        map.getCanvas().style.cursor = '';
        const site = this.sites.find((s) => s.id === id);
        if (site) this.events.onMove(id, round(site.lon), round(site.lat));
        // The click that ends a drag must not drop a new site.
        window.setTimeout(() => {
          this.dragging = null;
        }, 0);
      };
      map.on('mousemove', move);
      map.on('touchmove', move);
      map.once('mouseup', end);
      map.once('touchend', end);
    };
    const hover = () => {
      if (this.dragging === null) map.getCanvas().style.cursor = 'grab';
    };
    const leave = () => {
      if (this.dragging === null) map.getCanvas().style.cursor = this.placing ? 'crosshair' : '';
    };
    map.on('mousedown', 'coverage-proposed', start);
    map.on('touchstart', 'coverage-proposed', start);
    map.on('mouseenter', 'coverage-proposed', hover);
    map.on('mouseleave', 'coverage-proposed', leave);
    this.cleanup.push(() => {
      map.off('mousedown', 'coverage-proposed', start);
      map.off('touchstart', 'coverage-proposed', start);
      map.off('mouseenter', 'coverage-proposed', hover);
      map.off('mouseleave', 'coverage-proposed', leave);
    });
    this.installed = true;
    for (const run of this.pending) run();
    this.pending = [];
  }

  /** While placing, a click drops a site (or ends a drag): placing is not picking a feature. */
  click(event: MapMouseEvent): boolean {
    if (!this.placing) return false;
    if (this.dragging !== null) return true;
    const onSite = this.map.queryRenderedFeatures(event.point, { layers: ['coverage-proposed'] });
    if (onSite.length === 0) this.events.onAdd(round(event.lngLat.lng), round(event.lngLat.lat));
    return true;
  }

  private whenInstalled(run: () => void): void {
    if (this.installed) run();
    else this.pending.push(run);
  }

  private setData(source: string, data: FeatureCollection): void {
    this.whenInstalled(() => (this.map.getSource(source) as GeoJSONSource | undefined)?.setData(data));
  }

  showResult(serviceArea: Geometry | null, uncovered: FeatureCollection): void {
    this.setData(AREA, {
      type: 'FeatureCollection',
      features: serviceArea ? [{ type: 'Feature', properties: {}, geometry: serviceArea }] : [],
    });
    this.setData(UNCOVERED, uncovered);
  }

  /** The streets reached on foot (a MultiLineString), or null for none. */
  showNetwork(streets: Geometry | null): void {
    this.setData(NETWORK, {
      type: 'FeatureCollection',
      features: streets ? [{ type: 'Feature', properties: {}, geometry: streets }] : [],
    });
  }

  setSites(sites: ProposedSite[]): void {
    if (this.dragging !== null) return; // the drag owns the positions until it ends
    this.sites = sites.map((s) => ({ ...s }));
    this.renderSites();
  }

  private renderSites(): void {
    this.setData(PROPOSED, {
      type: 'FeatureCollection',
      features: this.sites.flatMap((s) => [
        {
          type: 'Feature' as const,
          properties: { id: s.id },
          geometry: circlePolygon(s.lon, s.lat, s.radiusM),
        },
        {
          type: 'Feature' as const,
          properties: { id: s.id },
          geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
        },
      ]),
    });
  }

  showSuggestions(points: [number, number][]): void {
    this.setData(SUGGESTED, {
      type: 'FeatureCollection',
      features: points.map((coordinates) => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates },
      })),
    });
  }

  setPlacing(placing: boolean): void {
    this.placing = placing;
    this.map.getCanvas().style.cursor = placing ? 'crosshair' : '';
  }

  /** Screen position of a proposed site (browser tests drag it). */
  screenPoint(id: number): { x: number; y: number } | null {
    const site = this.sites.find((s) => s.id === id);
    return site ? this.map.project([site.lon, site.lat]) : null;
  }

  destroy(): void {
    for (const undo of this.cleanup) undo();
    this.map.getCanvas().style.cursor = '';
    for (const id of [...LAYERS].reverse()) if (this.map.getLayer(id)) this.map.removeLayer(id);
    for (const id of SOURCES) if (this.map.getSource(id)) this.map.removeSource(id);
  }
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
