// The first-run guide's words, Chinese first, English second (like the import dialog's text.ts).
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export type FirstRunText = keyof typeof import('../../i18n/tables/firstRun.ts').zh;

/** The import steps: the collection id the import dialog is opened with, and what it holds. */
export const IMPORT_STEPS: { collection: string; name: Pair; note?: Pair }[] = [
  { collection: 'districts', name: ['区县轮廓', 'District outline'] },
  { collection: 'towns', name: ['镇（乡、街道）', 'Towns'] },
  {
    collection: 'villages',
    name: ['村（社区）', 'Villages and communities'],
    note: ['点或面', 'points or polygons'],
  },
  {
    collection: 'village-statistics',
    name: ['人口统计表', 'Population table'],
    note: [
      '常住人口、60岁及以上人口、户数，按村（社区）编码（CSV/XLSX）',
      'population, aged 60+ and households by village code (CSV/XLSX)',
    ],
  },
  { collection: 'facilities', name: ['民政设施', 'Facilities'] },
  { collection: 'place-names', name: ['地名', 'Place names'] },
  { collection: 'boundary-lines', name: ['行政区域界线', 'Boundary lines'] },
  { collection: 'boundary-markers', name: ['界桩', 'Boundary markers'] },
];

export const pair = (language: Language, value: Pair) => value[language === 'zh' ? 0 : 1];
