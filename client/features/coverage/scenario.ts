// A planner's coverage view as scenario parameters and back (what POST /api/scenarios stores and a
// link reopens exactly), and the parameters as words for exports (CSV rows, GeoJSON properties).
import {
  MEASURE_TERMS,
  SPEED_PRESET_TERMS,
  SPEED_PRESETS,
  type SpeedPreset,
} from '../../../server/contract/network.ts';
import { termLabel } from '../../../server/contract/vocabularies.ts';
import { type Language, translate } from '../../i18n/index.tsx';
import type { CoverageBody } from './coverageApi.ts';
import type { ScenarioParams } from './scenariosApi.ts';
import { CATEGORY_LABELS, pick, STATUS_LABELS } from './text.ts';

export type RadiusMode = '5min' | '10min' | '15min' | 'default' | 'custom';
export type Measure = 'straight' | 'network';
export type Speed = SpeedPreset | number;

export interface ViewState {
  categories: string[];
  subtypes: string[] | null;
  statuses: string[];
  radiusMode: RadiusMode;
  customRadius: number;
  measure: Measure;
  speed: Speed;
  sites: { lon: number; lat: number; subtype: string }[];
}

type Facilities = NonNullable<CoverageBody['facilities']>;

export function toParams(view: ViewState): ScenarioParams {
  return {
    facilities: {
      categories: view.categories as Facilities['categories'],
      ...(view.subtypes ? { subtypes: view.subtypes } : {}),
      statuses: view.statuses as Facilities['statuses'],
    },
    ...(view.radiusMode === 'custom' ? { radiusMeters: view.customRadius } : { lifeCircle: view.radiusMode }),
    measure: view.measure,
    ...(view.measure === 'network' ? { speed: view.speed } : {}),
    ...(view.sites.length > 0
      ? {
          proposed: view.sites.map((s) => ({
            lon: s.lon,
            lat: s.lat,
            ...(view.radiusMode === 'default' ? { subtype: s.subtype } : {}),
          })),
        }
      : {}),
  };
}

export function fromParams(params: ScenarioParams, fallbackSubtype: string): ViewState {
  const speed = params.speed ?? 'gb50180';
  return {
    categories: [...(params.facilities?.categories ?? ['elderly_care'])],
    subtypes: params.facilities?.subtypes ? [...params.facilities.subtypes] : null,
    statuses: [...(params.facilities?.statuses ?? ['operating'])],
    radiusMode: params.radiusMeters !== undefined ? 'custom' : ((params.lifeCircle ?? '15min') as RadiusMode),
    customRadius: params.radiusMeters ?? 800,
    measure: params.measure ?? 'straight',
    speed:
      typeof speed === 'number' || (SPEED_PRESETS as readonly string[]).includes(speed) ? speed : 'gb50180',
    sites: (params.proposed ?? []).map((p) => ({
      lon: p.lon,
      lat: p.lat,
      subtype: p.subtype ?? fallbackSubtype,
    })),
  };
}

/** The same parameters (sites in the same order) mean the same view: nothing unsaved. */
export const sameParams = (a: ScenarioParams, b: ScenarioParams) => JSON.stringify(a) === JSON.stringify(b);

/** The parameters as [label, value] rows, for the head of a CSV and the properties of a GeoJSON. */
export function describe(
  language: Language,
  params: ScenarioParams,
  name: string | null,
): [string, string][] {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const radius =
    params.radiusMeters !== undefined
      ? `${params.radiusMeters} m`
      : t(
          params.lifeCircle === 'default'
            ? 'coverage.lcDefault'
            : params.lifeCircle === '5min'
              ? 'coverage.lc5'
              : params.lifeCircle === '10min'
                ? 'coverage.lc10'
                : 'coverage.lc15',
        );
  const rows: [string, string][] = [
    [t('coverage.scenario'), name ?? t('coverage.unsavedAnalysis')],
    [
      t('coverage.facilities'),
      (params.facilities?.categories ?? []).map((c) => pick(language, CATEGORY_LABELS[c], c)).join('、'),
    ],
    [t('coverage.subtypes'), params.facilities?.subtypes?.join('、') ?? t('coverage.allSubtypes')],
    [
      t('coverage.statuses'),
      (params.facilities?.statuses ?? ['operating'])
        .map((s) => pick(language, STATUS_LABELS[s], s))
        .join('、'),
    ],
    [t('coverage.radius'), radius],
    [t('coverage.measure'), termLabel(MEASURE_TERMS, params.measure ?? 'straight', language)],
  ];
  if (params.measure === 'network') {
    const speed = params.speed ?? 'gb50180';
    rows.push([
      t('coverage.speed'),
      typeof speed === 'number' ? `${speed} m/s` : termLabel(SPEED_PRESET_TERMS, speed, language),
    ]);
  }
  rows.push([
    t('coverage.proposed'),
    (params.proposed ?? [])
      .map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}${p.subtype ? ` ${p.subtype}` : ''}`)
      .join('; ') || t('coverage.none'),
  ]);
  return rows;
}
