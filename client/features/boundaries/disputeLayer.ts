// Boundary-mode overlay for disputes (docs/DOMAIN.md §5: the Dazu plan shows disputes on the map) and the
// small drawing tool the dispute and marker forms use. Open disputes: staff see the disputed area
// (red hatch, red dashed outline) and each side's claim line; anonymous callers get public fields
// only, so their disputes are drawn as a red hatched band along the disputed boundary line.
// Drawing: click to add vertices ("完成" or a double-click closes), or click once to place a point.
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { MapOverlay } from '../../map/MapController.ts';

const SOURCE = 'disputes-overlay';
const DRAFT = 'disputes-draft';
export const DISPUTE_AREA_FILL = 'disputes-area-fill';
export const DISPUTE_LAYERS = [
  DISPUTE_AREA_FILL,
  'disputes-area-outline',
  'disputes-zone',
  'disputes-zone-edge',
  'disputes-claims',
];
const DRAFT_LAYERS = ['disputes-draft-fill', 'disputes-draft-line', 'disputes-draft-points'];
const CLICKABLE = [DISPUTE_AREA_FILL, 'disputes-zone'];
export const DISPUTE_RED = '#d92d20';
/** Claim lines: first party, second party, further parties. */
export const CLAIM_COLOURS = ['#b42318', '#6941c6', '#0e7090'];
const HATCH = 'dispute-hatch';

type Geometry = GeoJSON.Geometry;
export type DrawKind = 'polygon' | 'line' | 'point';

export interface DisputeFeature {
  id: number;
  stage: string;
  area?: Geometry | null;
  claims?: { party: string; geometry: Geometry }[];
  /** The disputed line's geometry: drawn when the area is not visible to the caller. */
  lineGeometry?: Geometry | null;
}

function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 12;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = (x + y) % size < 2; // a diagonal stripe
      const i = (y * size + x) * 4;
      data[i] = 217;
      data[i + 1] = 45;
      data[i + 2] = 32;
      data[i + 3] = on ? 200 : 28;
    }
  }
  return { width: size, height: size, data };
}

export class DisputeLayer implements MapOverlay {
  readonly id = 'disputes';
  private map!: MapLibreMap;
  private features: DisputeFeature[] = [];
  private draft: { kind: DrawKind; points: [number, number][]; done: boolean } | null = null;
  private onDraftChange: ((points: [number, number][], done: boolean) => void) | null = null;
  private installed = false;

  constructor(private readonly onPick: (id: number) => void) {}

  install(map: MapLibreMap): void {
    this.map = map;
    if (!map.hasImage(HATCH)) map.addImage(HATCH, hatchImage());
    const empty = { type: 'FeatureCollection' as const, features: [] };
    if (!map.getSource(SOURCE)) map.addSource(SOURCE, { type: 'geojson', data: empty });
    if (!map.getSource(DRAFT)) map.addSource(DRAFT, { type: 'geojson', data: empty });
    const add = (layer: Parameters<MapLibreMap['addLayer']>[0]) => {
      if (!map.getLayer(layer.id)) map.addLayer(layer);
    };
    add({
      id: DISPUTE_AREA_FILL,
      type: 'fill',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'area'],
      paint: { 'fill-pattern': HATCH, 'fill-opacity': 0.9 },
    });
    add({
      id: 'disputes-area-outline',
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'area'],
      paint: { 'line-color': DISPUTE_RED, 'line-width': 2.5, 'line-dasharray': [3, 1.5] },
    });
    add({
      id: 'disputes-zone',
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'zone'],
      paint: { 'line-pattern': HATCH, 'line-width': 16, 'line-opacity': 0.9 },
      layout: { 'line-cap': 'round', 'line-join': 'round' },
    });
    add({
      id: 'disputes-zone-edge',
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'zone'],
      paint: { 'line-color': DISPUTE_RED, 'line-width': 1.5, 'line-gap-width': 15, 'line-opacity': 0.8 },
    });
    add({
      id: 'disputes-claims',
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'part'], 'claim'],
      paint: { 'line-color': ['get', 'colour'], 'line-width': 3, 'line-dasharray': [2, 1] },
      layout: { 'line-cap': 'round' },
    });
    add({
      id: 'disputes-draft-fill',
      type: 'fill',
      source: DRAFT,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': DISPUTE_RED, 'fill-opacity': 0.18 },
    });
    add({
      id: 'disputes-draft-line',
      type: 'line',
      source: DRAFT,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#1570ef', 'line-width': 3 },
    });
    add({
      id: 'disputes-draft-points',
      type: 'circle',
      source: DRAFT,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 7,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#1570ef',
        'circle-stroke-width': 3,
      },
    });
    this.installed = true;
    this.render();
    this.renderDraft();
  }

  /** While drawing, a click adds a vertex; otherwise a click on a dispute opens it. */
  click(event: MapMouseEvent): boolean {
    if (this.draft && !this.draft.done) {
      const point: [number, number] = [
        Math.round(event.lngLat.lng * 1e7) / 1e7,
        Math.round(event.lngLat.lat * 1e7) / 1e7,
      ];
      if (this.draft.kind === 'point') this.draft.points = [point];
      else this.draft.points.push(point);
      this.renderDraft();
      this.onDraftChange?.(this.draft.points, false);
      return true;
    }
    if (this.draft) return false;
    const layers = CLICKABLE.filter((id) => this.map.getLayer(id));
    const id = this.map.queryRenderedFeatures(event.point, { layers })[0]?.properties?.id;
    if (typeof id !== 'number') return false;
    this.onPick(id);
    return true;
  }

  /** A double-click closes the line or area being drawn. */
  dblclick(): boolean {
    if (!this.drawing || this.draft?.kind === 'point') return false;
    this.finishDraft();
    return true;
  }

  /** Draws these disputes (the caller passes the open ones). */
  show(features: DisputeFeature[]): void {
    this.features = features;
    this.render();
  }

  private preview: DisputeFeature | null = null;

  /** The dispute being created or edited, drawn over the others (null clears it). */
  setPreview(feature: DisputeFeature | null): void {
    this.preview = feature;
    this.render();
  }

  private render(): void {
    if (!this.installed) return;
    const out: GeoJSON.Feature[] = [];
    const all = this.preview
      ? [...this.features.filter((f) => f.id !== this.preview?.id), this.preview]
      : this.features;
    for (const d of all) {
      if (d.area) out.push({ type: 'Feature', properties: { id: d.id, part: 'area' }, geometry: d.area });
      else if (d.lineGeometry)
        out.push({ type: 'Feature', properties: { id: d.id, part: 'zone' }, geometry: d.lineGeometry });
      (d.claims ?? []).forEach((claim, i) => {
        if (claim?.geometry)
          out.push({
            type: 'Feature',
            properties: { id: d.id, part: 'claim', colour: CLAIM_COLOURS[Math.min(i, 2)] },
            geometry: claim.geometry,
          });
      });
    }
    (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: out,
    });
  }

  /** Starts drawing; `onChange` hears every vertex and (done = true) the closing. */
  startDraft(
    kind: DrawKind,
    onChange: (points: [number, number][], done: boolean) => void,
    points: [number, number][] = [],
  ): void {
    this.draft = { kind, points: [...points], done: false };
    this.onDraftChange = onChange;
    this.map.doubleClickZoom.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
    this.renderDraft();
  }

  /** Closes the shape being drawn (polygon ≥ 3 points, line ≥ 2). */
  finishDraft(): void {
    const draft = this.draft;
    if (!draft) return;
    // A double-click also delivered two clicks: drop repeated vertices.
    const points = draft.points.filter(
      (p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1],
    );
    draft.points = points;
    draft.done = true;
    this.renderDraft();
    this.onDraftChange?.(points, true);
    this.stopDrawing();
  }

  /** Stops listening for clicks; the shape stays drawn until clearDraft(). */
  stopDrawing(): void {
    if (this.draft) this.draft.done = true;
    this.onDraftChange = null;
    this.map.doubleClickZoom.enable();
    this.map.getCanvas().style.cursor = '';
  }

  get drawing(): boolean {
    return this.draft !== null && !this.draft.done;
  }

  /** Shows a finished shape (e.g. the area of a dispute being created) without drawing. */
  showDraft(kind: DrawKind, points: [number, number][]): void {
    this.draft = { kind, points, done: true };
    this.renderDraft();
  }

  clearDraft(): void {
    this.stopDrawing();
    this.draft = null;
    this.renderDraft();
  }

  private renderDraft(): void {
    if (!this.installed) return;
    const features: GeoJSON.Feature[] = [];
    const d = this.draft;
    if (d) {
      for (const p of d.points)
        features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } });
      if (d.kind === 'polygon' && d.points.length >= 3)
        features.push({
          type: 'Feature',
          properties: {},
          geometry: { type: 'Polygon', coordinates: [[...d.points, d.points[0]!]] },
        });
      else if (d.points.length >= 2)
        features.push({
          type: 'Feature',
          properties: {},
          geometry: { type: 'LineString', coordinates: d.points },
        });
    }
    (this.map.getSource(DRAFT) as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features,
    });
  }

  destroy(): void {
    this.map.doubleClickZoom.enable();
    for (const id of [...DRAFT_LAYERS, ...DISPUTE_LAYERS].reverse())
      if (this.map.getLayer(id)) this.map.removeLayer(id);
    for (const id of [SOURCE, DRAFT]) if (this.map.getSource(id)) this.map.removeSource(id);
    if (this.map.hasImage(HATCH)) this.map.removeImage(HATCH);
  }
}

/** A closed ring of clicked points as a GeoJSON Polygon. */
export const polygonOf = (points: [number, number][]): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [[...points, points[0]!]],
});
