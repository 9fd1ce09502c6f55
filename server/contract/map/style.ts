// The map style: a plain background and our own vector tiles only — no external URL, so the map
// works offline. Text is drawn locally by MapLibre (no `glyphs` URL; see FONT_* in palette.ts).
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import { COLLECTION_IDS, type CollectionId } from '../collections.ts';
import { FACILITY_CLASSES, facilityLayerId } from './facility-classes.ts';
import {
  BASE,
  FONT_BOLD,
  FONT_HISTORICAL,
  FONT_REGULAR,
  LINE_STATUS_COLOURS,
  MARKER_CONDITION_COLOURS,
  TOWN_FILLS,
} from './palette.ts';

export const TILE_SOURCES = ['districts', ...COLLECTION_IDS] as const;
export type TileSource = (typeof TILE_SOURCES)[number];

/** Where the historical place-name layers (dot, 史 seal, italic name) draw from. */
const HISTORICAL_NAMES = {
  source: 'place-names',
  'source-layer': 'place-names',
  minzoom: 7,
  filter: ['to-boolean', ['get', 'historical']],
} satisfies Partial<LayerSpecification>;

/** The district outline as a line layer, `width` at zoom 6 and at zoom 12. */
function districtLine(id: string, colour: string, width: [number, number], opacity = 1): LayerSpecification {
  return {
    id,
    type: 'line',
    source: 'districts',
    'source-layer': 'districts',
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': colour,
      'line-width': ['interpolate', ['linear'], ['zoom'], 6, width[0], 12, width[1]],
      'line-opacity': opacity,
    },
  };
}

function vectorSource(origin: string, layer: TileSource): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [`${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    // Tiles past z14 are over-zoomed on the client: points and simplified lines do not change.
    maxzoom: 14,
  };
}

/** Scales a radius given at zoom 12 across zooms. */
function radiusByZoom(radius: number): ExpressionSpecification {
  return [
    'interpolate',
    ['linear'],
    ['zoom'],
    7,
    radius * 0.45,
    10,
    radius * 0.75,
    12,
    radius,
    15,
    radius * 1.5,
  ];
}

const NATURAL_CATEGORIES = ['terrain', 'water_system'];
/** Town and village names are drawn from their own layers, so the place-name layers skip them. */
const OWN_LAYER_CATEGORIES = ['admin_region', 'autonomous_org'];

function facilityLayers(): LayerSpecification[] {
  // Draw the small, numerous classes first so the higher tiers sit on top.
  const ordered = [...FACILITY_CLASSES].sort((a, b) => a.radius - b.radius);
  return ordered.map((facilityClass) => {
    const operating: ExpressionSpecification = ['==', ['get', 'status'], 'operating'];
    return {
      id: facilityLayerId(facilityClass),
      type: 'circle',
      source: 'facilities',
      'source-layer': 'facilities',
      minzoom: facilityClass.radius < 4.5 ? 9 : 6,
      filter: ['in', ['get', 'subtype'], ['literal', facilityClass.subtypes]],
      paint: {
        'circle-radius': radiusByZoom(facilityClass.radius),
        // Planned and under-construction facilities: same colour, hollow.
        'circle-color': ['case', operating, facilityClass.colour, '#ffffff'],
        'circle-stroke-color': ['case', operating, '#ffffff', facilityClass.colour],
        'circle-stroke-width': ['case', operating, facilityClass.radius >= 6 ? 1.5 : 1, 2],
      },
    } satisfies LayerSpecification;
  });
}

function matchColour(
  property: string,
  colours: Record<string, string>,
  fallback: string,
): DataDrivenPropertyValueSpecification<string> {
  const pairs = Object.entries(colours).flat();
  return [
    'match',
    ['get', property],
    ...pairs,
    fallback,
  ] as unknown as DataDrivenPropertyValueSpecification<string>;
}

/** Point sources that get a selection ring (the card's feature). */
export const SELECTION_POINT_SOURCES = ['facilities', 'boundary-markers', 'villages', 'place-names'] as const;

export const NO_SELECTION: ExpressionSpecification = ['==', ['id'], -1];

export function buildStyle(origin: string): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const layer of TILE_SOURCES) sources[layer] = vectorSource(origin, layer);

  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': BASE.background } },
    {
      id: 'district-fill',
      type: 'fill',
      source: 'districts',
      'source-layer': 'districts',
      paint: { 'fill-color': BASE.districtFill },
    },
    {
      id: 'towns-fill',
      type: 'fill',
      source: 'towns',
      'source-layer': 'towns',
      paint: {
        'fill-color': [
          'match',
          ['%', ['to-number', ['get', 'code'], 0], TOWN_FILLS.length],
          0,
          TOWN_FILLS[0],
          1,
          TOWN_FILLS[1],
          2,
          TOWN_FILLS[2],
          3,
          TOWN_FILLS[3],
          TOWN_FILLS[4],
        ],
        'fill-opacity': 0.95,
      },
    },
    {
      id: 'towns-outline',
      type: 'line',
      source: 'towns',
      'source-layer': 'towns',
      paint: {
        'line-color': BASE.townOutline,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 12, 1.3],
      },
    },
    {
      id: 'selection-town',
      type: 'line',
      source: 'towns',
      'source-layer': 'towns',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': BASE.selection, 'line-width': 3 },
    },
    districtLine('district-casing', BASE.districtCasing, [3, 7], 0.9),
    districtLine('district-outline', BASE.districtOutline, [1.6, 3.2]),
    {
      id: 'selection-line',
      type: 'line',
      source: 'boundary-lines',
      'source-layer': 'boundary-lines',
      filter: NO_SELECTION,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': BASE.selection, 'line-width': 9, 'line-opacity': 0.35 },
    },
    {
      id: 'boundary-lines',
      type: 'line',
      source: 'boundary-lines',
      'source-layer': 'boundary-lines',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': matchColour('status', LINE_STATUS_COLOURS, LINE_STATUS_COLOURS.undelimited),
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          8,
          ['match', ['get', 'status'], 'disputed', 2.4, 1.6],
          13,
          ['match', ['get', 'status'], 'disputed', 4.5, 3],
        ],
        // Dashes cannot be data-driven; the undelimited lines get their own dashed layer below.
      },
      filter: ['!=', ['get', 'status'], 'undelimited'],
    },
    {
      id: 'boundary-lines-undelimited',
      type: 'line',
      source: 'boundary-lines',
      'source-layer': 'boundary-lines',
      filter: ['==', ['get', 'status'], 'undelimited'],
      paint: {
        'line-color': LINE_STATUS_COLOURS.undelimited,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.6, 13, 3],
        'line-dasharray': [2.5, 1.8],
      },
    },
    {
      id: 'villages',
      type: 'circle',
      source: 'villages',
      'source-layer': 'villages',
      minzoom: 8,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1.4, 11, 2.4, 14, 4],
        'circle-color': BASE.village,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 9, 0, 12, 1],
      },
    },
    ...facilityLayers(),
    {
      id: 'boundary-markers',
      type: 'circle',
      source: 'boundary-markers',
      'source-layer': 'boundary-markers',
      minzoom: 9,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 12, 4.5, 15, 6.5],
        'circle-color': [
          'match',
          ['get', 'condition'],
          'missing',
          '#ffffff',
          matchColour('condition', MARKER_CONDITION_COLOURS, MARKER_CONDITION_COLOURS.intact),
        ] as unknown as DataDrivenPropertyValueSpecification<string>,
        'circle-stroke-color': [
          'match',
          ['get', 'condition'],
          'missing',
          MARKER_CONDITION_COLOURS.missing,
          '#ffffff',
        ],
        'circle-stroke-width': ['match', ['get', 'condition'], 'missing', 2, 1],
      },
    },
    ...SELECTION_POINT_SOURCES.map(
      (source): LayerSpecification => ({
        id: `selection-${source}`,
        type: 'circle',
        source,
        'source-layer': source,
        filter: NO_SELECTION,
        paint: {
          'circle-radius': 12,
          'circle-color': 'rgba(21,112,239,0.12)',
          'circle-stroke-color': BASE.selection,
          'circle-stroke-width': 3,
        },
      }),
    ),
    {
      id: 'town-labels',
      type: 'symbol',
      source: 'towns',
      'source-layer': 'town-labels',
      minzoom: 8,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 8, 11, 11, 14, 14, 17],
        'text-padding': 4,
        'symbol-sort-key': 0,
      },
      paint: {
        'text-color': BASE.townLabel,
        'text-halo-color': BASE.halo,
        'text-halo-width': 1.6,
        'text-halo-blur': 0.3,
      },
    },
    {
      id: 'village-labels',
      type: 'symbol',
      source: 'villages',
      'source-layer': 'villages',
      minzoom: 12,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': 11,
        'text-anchor': 'top',
        'text-offset': [0, 0.5],
        'text-optional': true,
      },
      paint: { 'text-color': BASE.villageLabel, 'text-halo-color': BASE.halo, 'text-halo-width': 1.3 },
    },
    {
      id: 'place-names-natural',
      type: 'symbol',
      source: 'place-names',
      'source-layer': 'place-names',
      minzoom: 9,
      filter: [
        'all',
        ['in', ['get', 'category'], ['literal', NATURAL_CATEGORIES]],
        ['!', ['to-boolean', ['get', 'historical']]],
      ],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': ['interpolate', ['linear'], ['zoom'], 9, 11, 13, 13],
        'text-letter-spacing': 0.15,
        'symbol-sort-key': ['-', 10, ['coalesce', ['get', 'importance'], 0]],
      },
      paint: {
        'text-color': ['match', ['get', 'category'], 'water_system', BASE.waterLabel, BASE.terrainLabel],
        'text-halo-color': BASE.halo,
        'text-halo-width': 1.4,
      },
    },
    {
      id: 'place-names-other',
      type: 'symbol',
      source: 'place-names',
      'source-layer': 'place-names',
      minzoom: 11,
      filter: [
        'all',
        ['!', ['in', ['get', 'category'], ['literal', [...NATURAL_CATEGORIES, ...OWN_LAYER_CATEGORIES]]]],
        ['!', ['to-boolean', ['get', 'historical']]],
      ],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': 11,
        'text-optional': true,
        'symbol-sort-key': ['-', 10, ['coalesce', ['get', 'importance'], 0]],
      },
      paint: { 'text-color': BASE.otherLabel, 'text-halo-color': BASE.halo, 'text-halo-width': 1.3 },
    },
    {
      id: 'place-names-historical-badge',
      type: 'circle',
      ...HISTORICAL_NAMES,
      paint: {
        'circle-radius': 8,
        'circle-color': BASE.historical,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'place-names-historical-seal',
      type: 'symbol',
      ...HISTORICAL_NAMES,
      layout: {
        'text-field': '史',
        'text-font': FONT_BOLD,
        'text-size': 10.5,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'place-names-historical',
      type: 'symbol',
      ...HISTORICAL_NAMES,
      layout: {
        // The name, in italic serif, beside its seal-red 史 badge.
        'text-field': ['get', 'name'],
        'text-font': FONT_HISTORICAL,
        'text-size': ['interpolate', ['linear'], ['zoom'], 7, 12, 12, 14],
        'text-anchor': 'left',
        'text-offset': [0.8, 0],
        'symbol-sort-key': -1,
      },
      paint: { 'text-color': BASE.historical, 'text-halo-color': BASE.halo, 'text-halo-width': 1.6 },
    },
  ];

  return {
    version: 8,
    name: 'Civic Atlas',
    sources,
    layers,
  };
}

/** Collections each clickable map layer opens in the details card, in click priority order. */
export const CLICKABLE_LAYERS: {
  layerIds: string[];
  collection: CollectionId;
  idFrom: 'id' | 'code';
}[] = [
  { layerIds: ['boundary-markers'], collection: 'boundary-markers', idFrom: 'id' },
  { layerIds: FACILITY_CLASSES.map(facilityLayerId), collection: 'facilities', idFrom: 'id' },
  {
    layerIds: [
      'place-names-historical',
      'place-names-historical-badge',
      'place-names-natural',
      'place-names-other',
    ],
    collection: 'place-names',
    idFrom: 'id',
  },
  { layerIds: ['villages', 'village-labels'], collection: 'villages', idFrom: 'code' },
  { layerIds: ['boundary-lines', 'boundary-lines-undelimited'], collection: 'boundary-lines', idFrom: 'id' },
  { layerIds: ['towns-fill'], collection: 'towns', idFrom: 'code' },
];
