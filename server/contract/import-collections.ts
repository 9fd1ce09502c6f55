// What each importable collection accepts: its columns (with the header spellings real spreadsheets
// use, Chinese included), which are required, the allowed values, and the geometry it stores.
// Per-row checks that need only the row live here; checks against the database are in the repository.

import { ROAD_KIND_TERMS, ROAD_KINDS } from './network.ts';
import type { Role } from './roles.ts';
import {
  FACILITY_CATEGORY_TERMS,
  FACILITY_OPERATOR_TERMS,
  FACILITY_STATUS_TERMS,
  LINE_LEVEL_TERMS,
  LINE_STATUS_TERMS,
  MARKER_CONDITION_TERMS,
  MARKER_MATERIAL_TERMS,
  type Term,
} from './vocabularies.ts';

export type ImportCollectionId =
  | 'districts'
  | 'towns'
  | 'villages'
  | 'village-statistics'
  | 'facilities'
  | 'place-names'
  | 'boundary-lines'
  | 'boundary-markers'
  | 'roads';
/** In the order a new district is loaded: each layer can refer to the ones before it. */
export const IMPORT_COLLECTIONS: readonly ImportCollectionId[] = [
  'districts',
  'towns',
  'villages',
  'village-statistics',
  'facilities',
  'place-names',
  'boundary-lines',
  'boundary-markers',
  'roads',
];

/** The geometry a collection stores; 'none' for attribute tables joined by code. */
export type GeometryKind = 'point' | 'polygon' | 'line' | 'point-or-polygon' | 'any' | 'none';

/**
 * Who may write each collection: the same role as for editing one of its records, whatever the
 * path (an import, an edit, a restore). Admins pass every role check.
 */
export const WRITER_ROLE: Record<ImportCollectionId, Role> = {
  districts: 'planner',
  towns: 'planner',
  villages: 'planner',
  'village-statistics': 'planner',
  facilities: 'planner',
  // Imported names are the published ones of a place-name database: publishing is the approver's.
  'place-names': 'place_name_approver',
  'boundary-lines': 'boundary_editor',
  'boundary-markers': 'boundary_editor',
  roads: 'planner',
};

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
  geometry: GeometryKind;
  /** Layer or sheet names that hold this collection in a file with several. */
  layerNames: string[];
  fields: Record<string, ImportField>;
}

const identity = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v, v]));
/** A vocabulary's codes and its Chinese labels, each read as the code. */
const termValues = (terms: readonly Term[]) =>
  Object.fromEntries(terms.flatMap((t) => [[t.code, t.code] as const, [t.zh, t.code] as const]));

/** The administrative codes a row may carry, the same in every collection. */
const CODE_FIELDS = {
  districtCode: { kind: 'text', aliases: ['district_code', '区县编码'], pattern: /^[0-9]{6}$/ },
  townCode: { kind: 'text', aliases: ['town_code', '镇街编码'], pattern: /^[0-9]{9}$/ },
  villageCode: { kind: 'text', aliases: ['village_code', '村社区编码'], pattern: /^[0-9]{12}$/ },
} satisfies Record<string, ImportField>;

export const IMPORT_DEFINITIONS: Record<ImportCollectionId, ImportCollection> = {
  // Road lines for the walking network (a bureau's Shapefile or GeoPackage, or an OSM extract
  // through npm run roads:import): noded where they cross unless `noded`, then rebuilt into road_edges.
  roads: {
    id: 'roads',
    nameZh: '道路',
    geometry: 'line',
    layerNames: ['roads', 'road', '道路', '路网', 'ways'],
    fields: {
      code: {
        kind: 'text',
        required: true,
        aliases: ['编码', '道路编码', '路段编码', '路线编码', 'road_code', 'osm_id', 'objectid', 'id'],
        maxLength: 80,
      },
      name: { kind: 'text', aliases: ['名称', '道路名称', '路名'], maxLength: 100 },
      kind: {
        kind: 'text',
        aliases: ['类型', '道路类型', '道路等级', '等级', 'highway', 'fclass'],
        values: {
          ...identity(ROAD_KINDS),
          ...Object.fromEntries(ROAD_KIND_TERMS.map((t) => [t.zh, t.code])),
          步道: 'footway',
          人行步道: 'footway',
          村道: 'unclassified',
          乡道: 'tertiary',
          街道: 'residential',
          国道: 'trunk',
        },
      },
      oneway: {
        kind: 'text',
        aliases: ['单行', '单向', '通行方向'],
        values: {
          no: 'no',
          yes: 'yes',
          reverse: 'reverse',
          '-1': 'reverse',
          '0': 'no',
          '1': 'yes',
          true: 'yes',
          false: 'no',
          是: 'yes',
          否: 'no',
          双向: 'no',
          单向: 'yes',
          逆向: 'reverse',
        },
      },
      noded: { kind: 'boolean', aliases: ['已打断', 'split'] },
    },
  },
  districts: {
    id: 'districts',
    nameZh: '区县界',
    geometry: 'polygon',
    layerNames: ['district', '区县', '区界', '县界'],
    fields: {
      code: {
        kind: 'text',
        required: true,
        aliases: ['编码', '区划代码', '行政区划代码', 'district_code', 'PAC', 'XZQDM'],
        pattern: /^[0-9]{6}$/,
      },
      name: { kind: 'text', required: true, aliases: ['名称', '区县名称', 'XZQMC'], maxLength: 50 },
    },
  },
  towns: {
    id: 'towns',
    nameZh: '镇街',
    geometry: 'polygon',
    layerNames: ['town', '镇', '乡镇', '街道', '镇街'],
    fields: {
      code: {
        kind: 'text',
        required: true,
        aliases: ['编码', '区划代码', '乡镇代码', '统计用区划代码', 'town_code', 'XZQDM'],
        // 9 digits, or the 12-digit statistical code of a town (its last three digits 000)
        pattern: /^[0-9]{9}(000)?$/,
      },
      name: {
        kind: 'text',
        required: true,
        aliases: ['名称', '乡镇名称', '镇街名称', 'XZQMC'],
        maxLength: 50,
      },
      // 镇 / 乡 / 街道; when left out, read from the end of the name
      kind: {
        kind: 'text',
        aliases: ['类型', '类别'],
        values: {
          ...identity(['town', 'township', 'subdistrict']),
          镇: 'town',
          乡: 'township',
          民族乡: 'township',
          街道: 'subdistrict',
          街道办事处: 'subdistrict',
        },
      },
      districtCode: CODE_FIELDS.districtCode,
    },
  },
  'boundary-lines': {
    id: 'boundary-lines',
    nameZh: '行政区域界线',
    geometry: 'line',
    layerNames: ['line', '界线'],
    fields: {
      code: {
        kind: 'text',
        required: true,
        aliases: ['编码', '界线编码', '界线编号', 'line_code'],
        maxLength: 40,
      },
      name: { kind: 'text', required: true, aliases: ['名称', '界线名称'], maxLength: 100 },
      level: {
        kind: 'text',
        aliases: ['级别', '界线级别'],
        values: {
          ...termValues(LINE_LEVEL_TERMS),
          乡镇级: 'township',
        },
      },
      leftUnitCode: {
        kind: 'text',
        required: true,
        aliases: ['left_unit_code', '左侧单位代码', '左侧编码'],
        maxLength: 12,
      },
      leftUnitName: {
        kind: 'text',
        required: true,
        aliases: ['left_unit_name', '左侧单位', '左侧名称'],
        maxLength: 50,
      },
      rightUnitCode: {
        kind: 'text',
        required: true,
        aliases: ['right_unit_code', '右侧单位代码', '右侧编码'],
        maxLength: 12,
      },
      rightUnitName: {
        kind: 'text',
        required: true,
        aliases: ['right_unit_name', '右侧单位', '右侧名称'],
        maxLength: 50,
      },
      status: {
        kind: 'text',
        required: true,
        aliases: ['状态', '勘定状态'],
        values: {
          ...termValues(LINE_STATUS_TERMS),
          有争议: 'disputed',
        },
      },
      agreementNumber: { kind: 'text', aliases: ['agreement_number', '协议书编号'], maxLength: 60 },
      approvingAuthority: { kind: 'text', aliases: ['approving_authority', '批准机关'], maxLength: 100 },
      agreementDate: { kind: 'date', aliases: ['agreement_date', '协议书日期', '签订日期'] },
      description: { kind: 'text', aliases: ['走向说明', '描述'], maxLength: 4000 },
    },
  },
  facilities: {
    id: 'facilities',
    nameZh: '民政设施',
    geometry: 'point',
    layerNames: ['facilities', '设施', '民政设施'],
    fields: {
      code: { kind: 'text', required: true, aliases: ['编码', '设施编码', '设施代码'], maxLength: 40 },
      name: { kind: 'text', required: true, aliases: ['名称', '设施名称'], maxLength: 120 },
      // Category may be left out: every subtype belongs to exactly one category.
      category: {
        kind: 'text',
        aliases: ['大类', '类别'],
        values: {
          ...termValues(FACILITY_CATEGORY_TERMS),
          养老: 'elderly_care',
          殡葬: 'funeral',
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
          ...termValues(FACILITY_OPERATOR_TERMS),
        },
      },
      status: {
        kind: 'text',
        aliases: ['状态', '运营状态'],
        values: {
          ...termValues(FACILITY_STATUS_TERMS),
          运营: 'operating',
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
      townCode: CODE_FIELDS.townCode,
      villageCode: CODE_FIELDS.villageCode,
      districtCode: CODE_FIELDS.districtCode,
    },
  },
  villages: {
    id: 'villages',
    nameZh: '村（社区）',
    geometry: 'point-or-polygon',
    layerNames: ['villages', '村', '社区', '村社区'],
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
        aliases: ['人口', '户籍人口', '常住人口'],
        min: 0,
        max: 10_000_000,
      },
      elderlyPopulation: {
        kind: 'integer',
        aliases: [
          'elderly_population',
          'elderly_pop',
          'elderlyPop',
          '老年人口',
          '60岁以上人口',
          '60岁及以上人口',
        ],
        min: 0,
        max: 10_000_000,
      },
      households: { kind: 'integer', aliases: ['户数', '总户数'], min: 0, max: 10_000_000 },
      districtCode: CODE_FIELDS.districtCode,
    },
  },
  // 统计年鉴-style table: population by village code, joined onto the villages already loaded.
  'village-statistics': {
    id: 'village-statistics',
    nameZh: '村（社区）人口统计',
    geometry: 'none',
    layerNames: ['statistics', '统计', '人口'],
    fields: {
      code: {
        kind: 'text',
        required: true,
        aliases: ['编码', '区划代码', '统计用区划代码', '村社区编码', '代码'],
        pattern: /^[0-9]{12}$/,
      },
      name: { kind: 'text', aliases: ['名称', '村名', '单位名称'], maxLength: 80 },
      population: {
        kind: 'integer',
        required: true,
        aliases: ['常住人口', '人口', '户籍人口', '总人口'],
        min: 0,
        max: 10_000_000,
      },
      elderlyPopulation: {
        kind: 'integer',
        required: true,
        aliases: ['60岁及以上人口', '60岁以上人口', '老年人口', 'elderly_population'],
        min: 0,
        max: 10_000_000,
      },
      households: { kind: 'integer', aliases: ['户数', '总户数'], min: 0, max: 10_000_000 },
    },
  },
  'place-names': {
    id: 'place-names',
    nameZh: '地名',
    geometry: 'any',
    layerNames: ['place', '地名'],
    fields: {
      code: { kind: 'text', required: true, aliases: ['编码', '地名代码'], maxLength: 40 },
      name: { kind: 'text', required: true, aliases: ['名称', '标准名称', '地名'], maxLength: 100 },
      pinyin: { kind: 'text', aliases: ['拼音', '罗马字母拼写'], maxLength: 200 },
      category: { kind: 'text', required: true, aliases: ['类别', '地名类别'] },
      nameOrigin: { kind: 'text', aliases: ['name_origin', '来历'], maxLength: 4000 },
      nameMeaning: { kind: 'text', aliases: ['name_meaning', '含义'], maxLength: 4000 },
      nameHistory: { kind: 'text', aliases: ['name_history', '沿革'], maxLength: 4000 },
      isHistorical: { kind: 'boolean', aliases: ['is_historical', '历史地名'] },
      townCode: CODE_FIELDS.townCode,
      villageCode: CODE_FIELDS.villageCode,
      districtCode: CODE_FIELDS.districtCode,
      source: { kind: 'text', aliases: ['来源', '资料来源'], maxLength: 200 },
    },
  },
  'boundary-markers': {
    id: 'boundary-markers',
    nameZh: '界桩',
    geometry: 'point',
    layerNames: ['marker', '界桩'],
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
          ...termValues(MARKER_MATERIAL_TERMS),
          钢: 'steel',
        },
      },
      condition: {
        kind: 'text',
        required: true,
        aliases: ['状况', '完好情况'],
        values: {
          ...termValues(MARKER_CONDITION_TERMS),
        },
      },
      elevationM: { kind: 'number', aliases: ['elevation_m', '高程'], min: -500, max: 9000 },
      dateSet: { kind: 'date', aliases: ['date_set', '埋设日期'] },
      responsibleSide: {
        kind: 'text',
        aliases: ['responsible_side', '管护方'],
        maxLength: 100,
      },
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
  // A Shapefile's dBASE names hold 10 characters: GDAL, QGIS and ArcGIS cut `nursingBeds` to
  // `nursingBed`, so every field is also known by its first ten.
  for (const name of Object.keys(collection.fields))
    if (!index.has(headerKey(name.slice(0, 10)))) index.set(headerKey(name.slice(0, 10)), name);
  return index;
}

/** Header spellings of a point's coordinates and of a WKT geometry column. */
export const LON_HEADERS = ['lon', 'lng', 'long', 'longitude', 'x', '经度', 'x坐标', '东坐标', 'easting'].map(
  headerKey,
);
export const LAT_HEADERS = ['lat', 'latitude', 'y', '纬度', 'y坐标', '北坐标', 'northing'].map(headerKey);
export const WKT_HEADERS = ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '坐标串'].map(headerKey);
/** Amap's "lng,lat" column (GCJ-02). */
export const LOCATION_HEADERS = ['location', '坐标', '经纬度'].map(headerKey);
