// The first-run guide's words, Chinese first, English second (like the import dialog's text.ts).
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

const TEXT = {
  title: ['开始使用', 'Getting started'],
  heading: ['建立本区县的民政一张图', 'Put your district on the map'],
  intro: [
    '数据库里还没有区县数据。按下面的顺序操作，几分钟后地图上就是本区县。',
    'The database holds no district yet. Follow these steps in order to see your own district here.',
  ],
  step1: ['创建管理员账号', 'Create an administrator'],
  step1Text: [
    '在服务器上另开一个终端，进入项目目录运行下面的命令，按提示输入两次密码：',
    'On the server, open a second terminal in the project folder, run this and type the password twice:',
  ],
  step2: ['登录', 'Sign in'],
  step2Text: ['用刚创建的账号登录。', 'Sign in with the account you just made.'],
  signIn: ['登录', 'Sign in'],
  signedInAs: ['已登录：', 'Signed in as '],
  step3: ['按顺序导入数据', 'Import your data, in this order'],
  step3Text: [
    '先导入区县轮廓，其余各项依次导入（镇街属于区县，村属于镇街）。每一步都先试导入检查，再写入。',
    'The district outline comes first; the rest follow (towns belong to the district, villages to towns). Each import is checked in a dry run before anything is written.',
  ],
  formats: [
    '格式：Shapefile 压缩包（含 GBK/CP936 编码的属性表、CGCS2000 高斯-克吕格投影）、GeoPackage、KML/KMZ、GeoJSON、CSV、XLSX。',
    'Formats: zipped Shapefile (GBK/CP936 attributes and CGCS2000 Gauss-Krüger projections included), GeoPackage, KML/KMZ, GeoJSON, CSV, XLSX.',
  ],
  import: ['导入…', 'Import…'],
  step4: ['定期备份', 'Back up regularly'],
  step4Text: [
    '备份写入 backups/ 目录；恢复用 npm run db:restore -- 备份文件。',
    'Backups go to backups/; restore one with npm run db:restore -- FILE.',
  ],
  reload: ['已导入区县轮廓？刷新', 'Imported the outline? Reload'],
  readme: [
    '详细说明见项目 README.md 的「Run it for your own district」一节。',
    'The full walk-through is the section "Run it for your own district" in the project README.md.',
  ],
} satisfies Record<string, Pair>;

export type FirstRunText = keyof typeof TEXT;

export function tx(language: Language, key: FirstRunText): string {
  return TEXT[key][language === 'zh' ? 0 : 1];
}

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
