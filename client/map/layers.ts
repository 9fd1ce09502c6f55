// The layer catalog: five groups of toggleable sub-layers, each naming the MapLibre layers it
// controls and the legend swatches it shows. server/contract/map/style.ts draws the layers; the layer panel lists them.
import { FACILITY_CLASSES, facilityLayerId } from '../../server/contract/map/facility-classes.ts';
import {
  BASE,
  LINE_STATUS_COLOURS,
  MARKER_CONDITION_COLOURS,
  TOWN_FILLS,
} from '../../server/contract/map/palette.ts';
import { LINE_STATUSES, MARKER_CONDITIONS } from '../../server/contract/vocabularies.ts';
import type { MessageKey } from '../i18n/index.tsx';

export type Swatch =
  | { kind: 'circle'; colour: string; radius: number; hollow?: boolean }
  | { kind: 'line'; colour: string; width: number; dashed?: boolean }
  | { kind: 'fill'; colour: string; outline: string }
  | { kind: 'text'; colour: string; italic?: boolean }
  | { kind: 'badge'; colour: string; text: string };

export interface LegendEntry {
  swatch: Swatch;
  label: MessageKey;
}

export interface SubLayer {
  id: string;
  label: MessageKey;
  /** MapLibre layer ids switched on and off together. */
  mapLayers: string[];
  legend: LegendEntry[];
  /** Facility subtypes it shows (the panel lists their names from /api/meta). */
  subtypes?: string[];
  /** Modes whose map has these layers (default: every mode); the panel lists it only there. */
  modes?: string[];
}

export interface LayerGroup {
  id: 'elderly' | 'funeral' | 'community' | 'boundaries' | 'placeNames';
  label: MessageKey;
  sublayers: SubLayer[];
}

function facilitySublayer(id: string, label: MessageKey): SubLayer {
  const facilityClass = FACILITY_CLASSES.find((c) => c.id === id);
  if (!facilityClass) throw new Error(`unknown facility class ${id}`);
  return {
    id,
    label,
    mapLayers: [facilityLayerId(facilityClass)],
    legend: [
      { swatch: { kind: 'circle', colour: facilityClass.colour, radius: facilityClass.radius }, label },
    ],
    subtypes: facilityClass.subtypes,
  };
}

export const LAYER_GROUPS: LayerGroup[] = [
  {
    id: 'elderly',
    label: 'group.elderly',
    sublayers: [
      facilitySublayer('elderly-tier-1', 'layer.elderlyTier1'),
      facilitySublayer('elderly-tier-2', 'layer.elderlyTier2'),
      facilitySublayer('elderly-tier-3', 'layer.elderlyTier3'),
      facilitySublayer('elderly-tier-4', 'layer.elderlyTier4'),
    ],
  },
  {
    id: 'funeral',
    label: 'group.funeral',
    sublayers: [
      facilitySublayer('funeral-homes', 'layer.funeralHomes'),
      facilitySublayer('funeral-cemeteries', 'layer.cemeteries'),
      facilitySublayer('funeral-ash', 'layer.ashRepositories'),
    ],
  },
  {
    id: 'community',
    label: 'group.community',
    sublayers: [
      facilitySublayer('community-centres', 'layer.communityCentres'),
      facilitySublayer('community-social-work', 'layer.socialWork'),
      facilitySublayer('community-other', 'layer.communityOther'),
    ],
  },
  {
    id: 'boundaries',
    label: 'group.boundaries',
    sublayers: [
      {
        id: 'district-outline',
        label: 'layer.districtOutline',
        mapLayers: ['district-casing', 'district-outline'],
        legend: [
          {
            swatch: { kind: 'line', colour: BASE.districtOutline, width: 3 },
            label: 'layer.districtOutline',
          },
        ],
      },
      {
        id: 'towns',
        label: 'layer.towns',
        mapLayers: ['towns-fill', 'towns-outline', 'town-labels'],
        legend: [
          {
            swatch: { kind: 'fill', colour: TOWN_FILLS[2], outline: BASE.townOutline },
            label: 'layer.towns',
          },
        ],
      },
      {
        id: 'villages',
        label: 'layer.villages',
        mapLayers: ['villages', 'village-labels'],
        legend: [{ swatch: { kind: 'circle', colour: BASE.village, radius: 3 }, label: 'layer.villages' }],
      },
      {
        id: 'boundary-lines',
        label: 'layer.boundaryLines',
        mapLayers: ['boundary-lines', 'boundary-lines-undelimited'],
        legend: LINE_STATUSES.map((status) => ({
          swatch: {
            kind: 'line',
            colour: LINE_STATUS_COLOURS[status],
            width: status === 'disputed' ? 3 : 2.5,
            dashed: status === 'undelimited',
          },
          label: `line.${status}` as const,
        })),
      },
      {
        id: 'boundary-markers',
        label: 'layer.boundaryMarkers',
        mapLayers: ['boundary-markers'],
        legend: MARKER_CONDITIONS.map((condition) => ({
          swatch: {
            kind: 'circle',
            colour: MARKER_CONDITION_COLOURS[condition],
            radius: 4.5,
            hollow: condition === 'missing',
          },
          label: `marker.${condition}` as const,
        })),
      },
      {
        // Drawn by the boundary mode's overlay (client/features/boundaries/disputeLayer.ts).
        id: 'disputes',
        label: 'layer.disputes',
        modes: ['boundaries'],
        mapLayers: [
          'disputes-area-fill',
          'disputes-area-outline',
          'disputes-zone',
          'disputes-zone-edge',
          'disputes-claims',
        ],
        legend: [
          {
            swatch: {
              kind: 'fill',
              colour: 'rgba(217, 45, 32, 0.22)',
              outline: LINE_STATUS_COLOURS.disputed,
            },
            label: 'layer.disputes',
          },
        ],
      },
    ],
  },
  {
    id: 'placeNames',
    label: 'group.placeNames',
    sublayers: [
      {
        id: 'natural-names',
        label: 'layer.naturalNames',
        mapLayers: ['place-names-natural'],
        legend: [{ swatch: { kind: 'text', colour: BASE.terrainLabel }, label: 'layer.naturalNames' }],
      },
      {
        id: 'other-names',
        label: 'layer.otherNames',
        mapLayers: ['place-names-other'],
        legend: [{ swatch: { kind: 'text', colour: BASE.otherLabel }, label: 'layer.otherNames' }],
      },
      {
        id: 'historical-names',
        label: 'layer.historicalNames',
        mapLayers: ['place-names-historical-badge', 'place-names-historical-seal', 'place-names-historical'],
        legend: [
          { swatch: { kind: 'badge', colour: BASE.historical, text: '史' }, label: 'layer.historicalNames' },
        ],
      },
    ],
  },
];

export const ALL_SUBLAYERS: SubLayer[] = LAYER_GROUPS.flatMap((g) => g.sublayers);

/** The sub-layers a mode's map actually has (e.g. disputes only in boundary mode). */
export function sublayersIn(group: LayerGroup, mode: string): SubLayer[] {
  return group.sublayers.filter((s) => !s.modes || s.modes.includes(mode));
}

export type Visibility = Record<string, boolean>;

/** What each mode shows when it is opened; people can still switch anything on or off. */
export function defaultVisibility(mode: string): Visibility {
  const visible: Visibility = {};
  for (const sublayer of ALL_SUBLAYERS) visible[sublayer.id] = true;
  if (mode === 'public' || mode === 'planning') {
    visible['boundary-lines'] = false;
    visible['boundary-markers'] = false;
    visible.disputes = false;
  }
  if (mode === 'boundaries') {
    for (const sublayer of ALL_SUBLAYERS) if (sublayer.subtypes) visible[sublayer.id] = false;
  }
  return visible;
}
