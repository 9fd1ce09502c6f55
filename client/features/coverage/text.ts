// The coverage panel's words, Chinese first (plain Chinese, or English).
import {
  FACILITY_CATEGORY_TERMS,
  FACILITY_STATUS_TERMS,
  labelPairs,
} from '../../../server/contract/vocabularies.ts';
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

const TEXT = {
  title: ['规划分析', 'Planning'],
  tabCoverage: ['覆盖分析', 'Coverage'],
  tabIndicators: ['规划指标', 'Plan indicators'],
  facilities: ['设施类别', 'Facility kinds'],
  subtypes: ['细分类型', 'Subtypes'],
  allSubtypes: ['全部', 'All'],
  statuses: ['设施状态', 'Status'],
  radius: ['服务半径', 'Service radius'],
  lc5: ['5 分钟生活圈（300 m）', '5-minute circle (300 m)'],
  lc10: ['10 分钟生活圈（500 m）', '10-minute circle (500 m)'],
  lc15: ['15 分钟生活圈（1000 m）', '15-minute circle (1000 m)'],
  lcDefault: ['各类设施默认半径', 'Default radius per kind'],
  lcCustom: ['自定义半径', 'Custom radius'],
  metres: ['米', 'm'],
  computing: ['正在计算覆盖…', 'Computing coverage…'],
  pickCategory: ['请至少选择一类设施和一种状态', 'Choose at least one kind and one status'],
  coveredPopulation: ['覆盖人口', 'People covered'],
  coveredElderly: ['覆盖老年人口', 'Elderly covered'],
  facilityCount: ['设施数', 'Facilities'],
  uncoveredVillages: ['未覆盖村（社区）', 'Villages not covered'],
  people: ['人', 'people'],
  unitFacilities: ['处', ''],
  unitVillages: ['个', ''],
  towns: ['各镇街覆盖情况', 'Coverage by town'],
  town: ['镇街', 'Town'],
  population: ['人口', 'People'],
  elderly: ['老年人口', 'Elderly'],
  rate: ['覆盖率', 'Covered'],
  elderlyRate: ['老年覆盖率', 'Elderly covered'],
  median: ['最近设施距离中位数', 'Median distance to nearest'],
  colRate: ['覆盖率', 'Covered'],
  colElderly: ['老年覆盖', 'Elderly'],
  colFacilities: ['设施', 'Fac.'],
  colMedian: ['中位距离', 'Median'],
  sortHint: ['点击表头排序，点击镇街定位', 'Click a header to sort, a town to zoom'],
  exportCsv: ['导出表格 CSV', 'Export table (CSV)'],
  exportGeojson: ['导出服务范围 GeoJSON', 'Export service area (GeoJSON)'],
  proposed: ['拟建站点', 'Proposed sites'],
  placeSites: ['在地图上点击放置拟建站点', 'Click the map to drop proposed sites'],
  placing: ['放置中：点击地图添加，拖动调整', 'Placing: click the map to add, drag to move'],
  stopPlacing: ['完成放置', 'Done'],
  clearSites: ['全部移除', 'Remove all'],
  remove: ['移除', 'Remove'],
  noSites: ['尚未放置拟建站点。', 'No proposed sites yet.'],
  newlyCovered: ['新增覆盖', 'newly covers'],
  delta: ['拟建站点带来的变化', 'Change from proposed sites'],
  siteSubtype: ['拟建站点类型', 'Proposed site kind'],
  suggestions: ['选址建议', 'Siting suggestions'],
  suggest: ['推荐 5 个新站点', 'Suggest 5 new sites'],
  suggesting: ['正在计算选址…', 'Finding sites…'],
  addSite: ['添加', 'Add'],
  added: ['已添加', 'Added'],
  suggestionNote: [
    '贪心算法：每次选择新增覆盖老年人最多的候选点（村社区位置与网格点）。',
    'Greedy: each pick newly covers the most elderly people (village and grid candidates).',
  ],
  village: ['村（社区）', 'Village'],
  grid: ['网格点', 'Grid point'],
  rateAfter: ['累计老年覆盖率', 'Elderly covered after'],
  legendArea: ['服务范围', 'Service area'],
  legendUncovered: ['未覆盖村（社区），大小表示老年人口', 'Village not covered, sized by elderly'],
  legendProposed: ['拟建站点及其服务范围', 'Proposed site and its reach'],
  legendSuggested: ['推荐站点', 'Suggested site'],
  indicators: ['“十四五”规划指标', 'Five-year-plan indicators'],
  loading: ['正在加载…', 'Loading…'],
  target: ['目标', 'Target'],
  value: ['现状', 'Now'],
  met: ['达标', 'Met'],
  unmet: ['未达标', 'Not met'],
  noTarget: ['无规划目标', 'No target'],
  failingTowns: ['未达标镇街', 'Towns short of it'],
  andMore: ['等', '…'],
  unsupported: ['暂无数据的指标', 'Not in the data'],
  metSummary: ['项达标', 'met'],
  of: ['/', 'of'],
  syntheticNote: ['示例数据为合成数据，仅用于演示。', 'Demo data are synthetic.'],
} satisfies Record<string, Pair>;

export type TextKey = keyof typeof TEXT;

export function text(language: Language, key: TextKey): string {
  return TEXT[key][language === 'zh' ? 0 : 1];
}

export const STATUS_LABELS: Record<string, Pair> = labelPairs(FACILITY_STATUS_TERMS);

export const CATEGORY_LABELS: Record<string, Pair> = labelPairs(FACILITY_CATEGORY_TERMS);

export const pick = (language: Language, pair: Pair | undefined, fallback = '') =>
  pair ? pair[language === 'zh' ? 0 : 1] : fallback;
