// Map colours, one place: the style draws with them and the legend shows the same values.
// Elderly care warm oranges; funeral muted purples/greys; community blues/teals (UX.md "Map language").

export const ELDERLY_TIER_COLOURS: Record<1 | 2 | 3 | 4, string> = {
  1: '#b93c0a',
  2: '#e2620f',
  3: '#f08c1a',
  4: '#f5b43c',
};

/** Base radius (px at zoom 12) per elderly-care tier: larger for higher tiers. */
export const ELDERLY_TIER_RADIUS: Record<1 | 2 | 3 | 4, number> = { 1: 8.5, 2: 7, 3: 5.5, 4: 4.5 };

export const FUNERAL_COLOURS = {
  homes: '#6e4f8f',
  cemeteries: '#9a86ad',
  ash: '#6b7280',
} as const;

export const COMMUNITY_COLOURS = {
  centres: '#0f8a7e',
  socialWork: '#2563eb',
  other: '#0ea5c6',
} as const;

export const LINE_STATUS_COLOURS = {
  undelimited: '#8b95a3',
  delimiting: '#d98a04',
  delimited: '#1f9d55',
  disputed: '#d92d20',
} as const;

export const MARKER_CONDITION_COLOURS = {
  intact: '#1f9d55',
  damaged: '#f47c20',
  missing: '#d92d20',
  displaced: '#7c3aed',
  illegible: '#98a2b3',
} as const;

export const BASE = {
  background: '#e9ecef',
  districtFill: '#fbfbf9',
  districtOutline: '#1f2a37',
  districtCasing: '#ffffff',
  townOutline: '#8493a6',
  townLabel: '#1f2a37',
  village: '#5b6777',
  villageLabel: '#475467',
  halo: '#ffffff',
  terrainLabel: '#7a4a1c',
  waterLabel: '#1f5fa6',
  otherLabel: '#344054',
  historical: '#b4232a',
  selection: '#1570ef',
} as const;

/** Light town fills, cycled by code so neighbours usually differ. */
export const TOWN_FILLS = ['#f4efe3', '#e7f0e3', '#e4edf5', '#f2e8ee', '#edefe0'] as const;

/**
 * Font stacks for text. The style has no `glyphs` URL, so MapLibre draws every glyph in the browser
 * (TinySDF) with these CSS families: no network, Chinese and Latin from the same font. The first
 * name only tells MapLibre the weight/style (it reads "Bold"/"Italic" out of it); the browser falls
 * through to the first installed family.
 */
const SANS = [
  'Noto Sans CJK SC',
  'Source Han Sans SC',
  'PingFang SC',
  'Microsoft YaHei',
  'WenQuanYi Micro Hei',
  'sans-serif',
];
const SERIF = ['Noto Serif CJK SC', 'Source Han Serif SC', 'Songti SC', 'SimSun', 'serif'];
export const FONT_REGULAR = SANS;
export const FONT_BOLD = ['Noto Sans CJK SC Bold', ...SANS];
export const FONT_HISTORICAL = ['Noto Serif CJK SC Bold Italic', ...SERIF];
