// The words of walking coverage, scenarios and the uncovered-village list, Chinese first.
import { MEASURE_TERMS, SPEED_PRESET_TERMS } from '../../../server/contract/network.ts';
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

const TEXT = {
  measure: ['距离口径', 'Distance'],
  speed: ['步行速度', 'Walking speed'],
  customSpeed: ['自定义（米/秒）', 'Custom (m/s)'],
  mps: ['米/秒', 'm/s'],
  reach: ['步行可达', 'reach on foot'],
  minutes: ['分钟', 'min'],
  straight: ['直线', 'Straight'],
  walking: ['步行', 'Walking'],
  gap: ['差距', 'Gap'],
  walkingCovered: ['步行覆盖人口', 'Covered on foot'],
  walkingElderly: ['步行覆盖老年人口', 'Elderly covered on foot'],
  offNetwork: ['离路网最远村（社区）', 'Farthest village from a road'],
  offNetworkNote: [
    '村（社区）、设施到最近道路按直线步行计（最多 {cap} 米），超过视为无法步行到达。',
    'Villages and facilities walk straight to the nearest road (at most {cap} m); farther counts as unreachable.',
  ],
  legendNetwork: ['步行可达街道（含部分路段）', 'Streets reached on foot (partial edges included)'],
  legendStraight: ['直线服务范围', 'Straight-line service area'],
  uncoveredList: ['未覆盖村（社区）名单', 'Villages not covered'],
  uncoveredHint: ['点击表头排序，点击名称定位', 'Click a header to sort, a name to zoom'],
  colVillage: ['村（社区）', 'Village'],
  colPopulation: ['人口', 'People'],
  colElderly: ['老年', 'Elderly'],
  colDistance: ['距离', 'Distance'],
  moreVillages: ['另有 {n} 个未列出', '{n} more not listed'],
  scenario: ['方案', 'Scenario'],
  scenarioName: ['方案名称', 'Scenario name'],
  save: ['保存方案', 'Save scenario'],
  saveAs: ['另存为新方案', 'Save as new'],
  saving: ['正在保存…', 'Saving…'],
  saved: ['已保存', 'Saved'],
  open: ['打开方案', 'Open a scenario'],
  none: ['（未保存的分析）', '(unsaved analysis)'],
  copyLink: ['复制链接', 'Copy link'],
  copied: ['链接已复制', 'Link copied'],
  unsaved: ['拟建站点尚未保存', 'Proposed sites not saved'],
  leaveWarning: [
    '拟建站点尚未保存为方案，离开后将丢失。确定离开吗？',
    'The proposed sites are not saved as a scenario and will be lost. Leave anyway?',
  ],
  signInToSave: ['登录为规划人员后可保存方案', 'Sign in as a planner to save scenarios'],
  routeWalk: ['步行', 'Walk'],
  showRoute: ['路线', 'Route'],
  elderlyPace: ['老年人', 'older people'],
} satisfies Record<string, Pair>;

export type NetworkTextKey = keyof typeof TEXT;

export function networkText(
  language: Language,
  key: NetworkTextKey,
  values?: Record<string, string | number>,
) {
  let out = TEXT[key][language === 'zh' ? 0 : 1];
  for (const [name, value] of Object.entries(values ?? {})) out = out.replace(`{${name}}`, String(value));
  return out;
}

export const measureLabel = (language: Language, code: string) => {
  const term = MEASURE_TERMS.find((t) => t.code === code);
  return term ? (language === 'zh' ? term.zh : term.en) : code;
};
export const speedLabel = (language: Language, code: string) => {
  const term = SPEED_PRESET_TERMS.find((t) => t.code === code);
  return term ? (language === 'zh' ? term.zh : term.en) : code;
};
