// What each importable collection accepts: its columns (with the header spellings real spreadsheets
// use, Chinese included), which are required, the allowed values, and the geometry it stores.
// Per-row checks that need only the row live here; checks against the database are in the repository.

export type ImportCollectionId = 'facilities' | 'villages' | 'place-names' | 'boundary-markers';
export const IMPORT_COLLECTIONS: readonly ImportCollectionId[] = [
  'facilities',
  'villages',
  'place-names',
  'boundary-markers',
];

export type FieldKind = 'text' | 'integer' | 'number' | 'boolean' | 'date';

export interface ImportField {
  kind: FieldKind;
  required?: boolean;
  /** Header spellings accepted besides the field name itself (compared normalised, see headerKey). */
  aliases: string[];
  /** Allowed values, with the Chinese spellings spreadsheets use mapped to the stored value. */
  values?: Record<string, string>;
  pattern?: RegExp;
  maxLength?: number;
  min?: number;
  max?: number;
}

export interface ImportCollection {
  id: ImportCollectionId;
  nameZh: string;
  /** Points only (facilities, villages, markers); place names take any geometry. */
  pointsOnly: boolean;
  fields: Record<string, ImportField>;
}

const identity = (values: string[]) => Object.fromEntries(values.map((v) => [v, v]));

export const IMPORT_DEFINITIONS: Record<ImportCollectionId, ImportCollection> = {
  facilities: {
    id: 'facilities',
    nameZh: '民政设施',
    pointsOnly: true,
    fields: {
      code: { kind: 'text', required: true, aliases: ['编码', '设施编码', 'id'], maxLength: 40 },
      name: { kind: 'text', required: true, aliases: ['名称', '设施名称'], maxLength: 120 },
      // Category may be left out: every subtype belongs to exactly one category.
      category: {
        kind: 'text',
        aliases: ['大类', '类别'],
        values: {
          ...identity(['elderly_care', 'funeral', 'community']),
          养老服务: 'elderly_care',
          养老: 'elderly_care',
          殡葬: 'funeral',
          殡葬服务: 'funeral',
          社区服务: 'community',
          社区: 'community',
        },
      },
      subtype: { kind: 'text', required: true, aliases: ['类型', '设施类型', '小类'] },
      address: { kind: 'text', aliases: ['地址'], maxLength: 200 },
      operator: {
        kind: 'text',
        required: true,
        aliases: ['运营方式', '性质', '办理性质'],
        values: {
          ...identity(['public', 'private', 'public_built_private_run']),
          公办: 'public',
          民办: 'private',
          公建民营: 'public_built_private_run',
        },
      },
      status: {
        kind: 'text',
        aliases: ['状态', '运营状态'],
        values: {
          ...identity(['operating', 'under_construction', 'planned']),
          运营: 'operating',
          运营中: 'operating',
          在建: 'under_construction',
          规划: 'planned',
        },
      },
      beds: { kind: 'integer', aliases: ['床位', '床位数'], min: 0, max: 100000 },
      nursingBeds: {
        kind: 'integer',
        aliases: ['nursing_beds', '护理床位', '护理型床位'],
        min: 0,
        max: 100000,
      },
      floorAreaM2: { kind: 'number', aliases: ['floor_area_m2', '建筑面积'], min: 0, max: 1e8 },
      openedYear: { kind: 'integer', aliases: ['opened_year', '建成年份', '开业年份'], min: 1900, max: 2100 },
      phone: { kind: 'text', aliases: ['电话', '联系电话'], pattern: /^[0-9+() -]{3,30}$/ },
      townCode: { kind: 'text', aliases: ['town_code', '镇街编码'], pattern: /^[0-9]{9}$/ },
      villageCode: { kind: 'text', aliases: ['village_code', '村社区编码'], pattern: /^[0-9]{12}$/ },
      districtCode: { kind: 'text', aliases: ['district_code', '区县编码'], pattern: /^[0-9]{6}$/ },
    },
  },
  villages: {
    id: 'villages',
    nameZh: '村（社区）',
    pointsOnly: true,
    fields: {
      code: {
        kind: 'text',
        required: true,
        aliases: ['编码', '区划代码', '统计用区划代码'],
        pattern: /^[0-9]{12}$/,
      },
      name: { kind: 'text', required: true, aliases: ['名称', '村名'], maxLength: 80 },
      kind: {
        kind: 'text',
        required: true,
        aliases: ['类型'],
        values: { village: 'village', community: 'community', 村: 'village', 社区: 'community' },
      },
      population: {
        kind: 'integer',
        required: true,
        aliases: ['人口', '户籍人口', '常住人口'],
        min: 0,
        max: 10_000_000,
      },
      elderlyPopulation: {
        kind: 'integer',
        required: true,
        aliases: ['elderly_population', '老年人口', '60岁以上人口'],
        min: 0,
        max: 10_000_000,
      },
      households: { kind: 'integer', required: true, aliases: ['户数'], min: 0, max: 10_000_000 },
      districtCode: { kind: 'text', aliases: ['district_code', '区县编码'], pattern: /^[0-9]{6}$/ },
    },
  },
  'place-names': {
    id: 'place-names',
    nameZh: '地名',
    pointsOnly: false,
    fields: {
      code: { kind: 'text', required: true, aliases: ['编码', '地名代码'], maxLength: 40 },
      name: { kind: 'text', required: true, aliases: ['名称', '标准名称', '地名'], maxLength: 100 },
      pinyin: { kind: 'text', aliases: ['拼音', '罗马字母拼写'], maxLength: 200 },
      category: { kind: 'text', required: true, aliases: ['类别', '地名类别'] },
      nameOrigin: { kind: 'text', aliases: ['name_origin', '来历'], maxLength: 4000 },
      nameMeaning: { kind: 'text', aliases: ['name_meaning', '含义'], maxLength: 4000 },
      nameHistory: { kind: 'text', aliases: ['name_history', '沿革'], maxLength: 4000 },
      isHistorical: { kind: 'boolean', aliases: ['is_historical', '历史地名'] },
      townCode: { kind: 'text', aliases: ['town_code', '镇街编码'], pattern: /^[0-9]{9}$/ },
      villageCode: { kind: 'text', aliases: ['village_code', '村社区编码'], pattern: /^[0-9]{12}$/ },
      districtCode: { kind: 'text', aliases: ['district_code', '区县编码'], pattern: /^[0-9]{6}$/ },
      source: { kind: 'text', aliases: ['来源', '资料来源'], maxLength: 200 },
    },
  },
  'boundary-markers': {
    id: 'boundary-markers',
    nameZh: '界桩',
    pointsOnly: true,
    fields: {
      lineCode: { kind: 'text', required: true, aliases: ['line_code', '界线编码'], maxLength: 40 },
      number: { kind: 'text', required: true, aliases: ['界桩编号', '编号'], pattern: /^[0-9]{3}[ABCDEQ]$/ },
      markerType: {
        kind: 'text',
        aliases: ['marker_type', '界桩类型'],
        values: {
          single: 'single',
          double: 'double',
          triple: 'triple',
          单立: 'single',
          同号双立: 'double',
          同号三立: 'triple',
        },
      },
      material: {
        kind: 'text',
        required: true,
        aliases: ['材质'],
        values: {
          ...identity(['granite', 'concrete', 'steel', 'composite', 'other']),
          花岗岩: 'granite',
          混凝土: 'concrete',
          钢: 'steel',
          复合材料: 'composite',
          其他: 'other',
        },
      },
      condition: {
        kind: 'text',
        required: true,
        aliases: ['状况', '完好情况'],
        values: {
          ...identity(['intact', 'damaged', 'missing', 'displaced', 'illegible']),
          完好: 'intact',
          损坏: 'damaged',
          丢失: 'missing',
          移位: 'displaced',
          字迹不清: 'illegible',
        },
      },
      elevationM: { kind: 'number', aliases: ['elevation_m', '高程'], min: -500, max: 9000 },
      dateSet: { kind: 'date', aliases: ['date_set', '埋设日期'] },
      responsibleSide: { kind: 'text', aliases: ['responsible_side', '管护方'], maxLength: 100 },
      note: { kind: 'text', aliases: ['备注'], maxLength: 1000 },
    },
  },
};

/** Header spellings compared without case, spaces, underscores or hyphens: "Nursing_Beds" = "nursingbeds". */
export const headerKey = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-（）()]/g, '');

/** Maps each accepted header spelling of a collection to its field name. */
export function headerIndex(collection: ImportCollection): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, field] of Object.entries(collection.fields)) {
    index.set(headerKey(name), name);
    for (const alias of field.aliases) index.set(headerKey(alias), name);
  }
  return index;
}

/** Header spellings of a point's coordinates and of a WKT geometry column. */
export const LON_HEADERS = ['lon', 'lng', 'long', 'longitude', 'x', '经度'].map(headerKey);
export const LAT_HEADERS = ['lat', 'latitude', 'y', '纬度'].map(headerKey);
export const WKT_HEADERS = ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '坐标串'].map(headerKey);
