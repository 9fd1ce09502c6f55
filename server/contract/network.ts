// Vocabularies of coverage on the walking network, shared by the server, the client, the demo
// generator and the road imports: how distance is measured, the walking-speed presets, the road
// kinds (which of them nobody may walk on) and the limits of the off-network leg.
// Plain data, no server imports, so the client bundles it too.

import type { Term } from './terms.ts';

/** straight = geodesic distance (the circle); network = walking distance along the road network. */
export const MEASURE_TERMS = [
  { code: 'straight', zh: '直线', en: 'Straight line' },
  { code: 'network', zh: '步行', en: 'Walking' },
] as const satisfies readonly Term[];
export type Measure = (typeof MEASURE_TERMS)[number]['code'];
export const MEASURES: readonly Measure[] = MEASURE_TERMS.map((t) => t.code);

/**
 * Walking speeds. GB 50180-2018 sets the 15-minute life circle at 1000 m, i.e. 1000/900 m/s;
 * older people walk about 0.8 m/s. A radius R (a life circle or any metres) is read as the time
 * it takes to walk R at the GB 50180 pace, so at the `gb50180` speed the network reach is R and
 * slower walkers reach less in the same time.
 */
export const SPEED_PRESET_TERMS = [
  {
    code: 'gb50180',
    zh: '国标步速（15分钟1000米）',
    en: 'GB 50180 pace (1000 m in 15 min)',
    mps: 1000 / 900,
  },
  { code: 'elderly', zh: '老年人步速（0.8米/秒）', en: 'Older people (0.8 m/s)', mps: 0.8 },
] as const satisfies readonly (Term & { mps: number })[];
export type SpeedPreset = (typeof SPEED_PRESET_TERMS)[number]['code'];
export const SPEED_PRESETS: readonly SpeedPreset[] = SPEED_PRESET_TERMS.map((t) => t.code);
export const REFERENCE_SPEED_MPS = 1000 / 900;
export const MIN_SPEED_MPS = 0.1;
export const MAX_SPEED_MPS = 3;

/** Metres per second of a preset or a number; undefined for an unknown preset. */
export function speedOf(speed: SpeedPreset | number | undefined): number | undefined {
  if (speed === undefined) return REFERENCE_SPEED_MPS;
  if (typeof speed === 'number') return speed;
  return SPEED_PRESET_TERMS.find((t) => t.code === speed)?.mps;
}

/**
 * The walk from a village or facility to the nearest road is taken straight at the same speed, up
 * to this far; a point farther from every road is off the network (reported, never covered).
 */
export const OFF_NETWORK_CAP_M = 500;

/** Road kinds: OSM highway values and the classes a bureau's road file uses. */
export const ROAD_KIND_TERMS = [
  { code: 'footway', zh: '人行道', en: 'Footway', walkable: true },
  { code: 'path', zh: '小路', en: 'Path', walkable: true },
  { code: 'steps', zh: '台阶', en: 'Steps', walkable: true },
  { code: 'pedestrian', zh: '步行街', en: 'Pedestrian street', walkable: true },
  { code: 'living_street', zh: '生活街道', en: 'Living street', walkable: true },
  { code: 'track', zh: '机耕道', en: 'Track', walkable: true },
  { code: 'residential', zh: '街巷', en: 'Residential street', walkable: true },
  { code: 'service', zh: '辅路', en: 'Service road', walkable: true },
  { code: 'unclassified', zh: '乡村道路', en: 'Village road', walkable: true },
  { code: 'tertiary', zh: '县乡道', en: 'Tertiary road', walkable: true },
  { code: 'secondary', zh: '县道', en: 'Secondary road', walkable: true },
  { code: 'primary', zh: '省道', en: 'Primary road', walkable: true },
  { code: 'road', zh: '道路', en: 'Road', walkable: true },
  { code: 'bridge', zh: '桥梁', en: 'Bridge', walkable: true },
  { code: 'trunk', zh: '国道快速路', en: 'Trunk road', walkable: false },
  { code: 'motorway', zh: '高速公路', en: 'Motorway', walkable: false },
  { code: 'motorway_link', zh: '高速匝道', en: 'Motorway link', walkable: false },
] as const satisfies readonly (Term & { walkable: boolean })[];
export type RoadKind = (typeof ROAD_KIND_TERMS)[number]['code'];
export const ROAD_KINDS: readonly RoadKind[] = ROAD_KIND_TERMS.map((t) => t.code);
export const NOT_WALKABLE_KINDS: readonly RoadKind[] = ROAD_KIND_TERMS.filter((t) => !t.walkable).map(
  (t) => t.code,
);
export const ROAD_ONEWAY = ['no', 'yes', 'reverse'] as const;
