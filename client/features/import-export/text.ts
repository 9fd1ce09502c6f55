// The import/export words, Chinese first (plain Chinese, or English).
import { IMPORT_COLLECTIONS, type ImportCollectionId } from '../../../server/contract/import-collections.ts';
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export type TextKey = keyof typeof import('../../i18n/tables/imports.ts').zh;

/** In the order a new district is loaded (the server's one list). */
export const COLLECTIONS = IMPORT_COLLECTIONS;
export type ImportCollection = ImportCollectionId;

export const COLLECTION_NAMES: Record<ImportCollection, Pair> = {
  districts: ['区县界（行政区域范围）', 'District outline'],
  facilities: ['民政设施', 'Facilities'],
  villages: ['村（社区）', 'Villages'],
  'village-statistics': ['村（社区）人口统计表', 'Village statistics table'],
  'place-names': ['地名', 'Place names'],
  'boundary-markers': ['界桩', 'Boundary markers'],
  'boundary-lines': ['行政区域界线', 'Boundary lines'],
  towns: ['镇街', 'Towns'],
  roads: ['道路（步行路网）', 'Roads (walking network)'],
};

/** The map layer an import changes: the statistics table changes the villages; roads have none. */
export const tileLayerOf = (collection: ImportCollection) =>
  collection === 'village-statistics' ? 'villages' : collection === 'roads' ? null : collection;

/** Export formats of the 数据 menu: [format, short label, description]. */
export const EXPORT_FORMATS = [
  ['geojson', ['GeoJSON', 'GeoJSON'], ['GeoJSON（网页地图、QGIS）', 'GeoJSON (web maps, QGIS)']],
  ['csv', ['CSV', 'CSV'], ['CSV 表格（经纬度或 WKT 列，UTF-8）', 'CSV (lon/lat or WKT column, UTF-8)']],
  ['xlsx', ['Excel', 'Excel'], ['Excel 表格（中文表头）', 'Excel workbook (Chinese headers)']],
  ['gpkg', ['GPKG', 'GPKG'], ['GeoPackage 地理数据包（CGCS2000）', 'GeoPackage (CGCS2000)']],
  [
    'shp',
    ['SHP', 'SHP'],
    ['Shapefile 压缩包（.shp .dbf .prj .cpg，UTF-8）', 'Zipped Shapefile (.shp .dbf .prj .cpg, UTF-8)'],
  ],
] as const satisfies readonly (readonly [string, Pair, Pair])[];
export type ExportFormat = (typeof EXPORT_FORMATS)[number][0];

export const CRS_CHOICES = [
  ['auto', ['按文件（.prj 等）', 'From the file (.prj …)']],
  ['wgs84', ['WGS84（GPS）', 'WGS84 (GPS)']],
  ['cgcs2000', ['CGCS2000（国家 2000）', 'CGCS2000']],
  ['gcj02', ['GCJ-02（高德、腾讯）', 'GCJ-02 (Amap, Tencent)']],
  ['bd09', ['BD-09（百度）', 'BD-09 (Baidu)']],
] as const satisfies readonly (readonly [string, Pair])[];
/** CGCS2000 Gauss-Krüger zones over Chongqing, for tables of X/Y (a file with a .prj says its own). */
export const GAUSS_KRUGER_CHOICES = [
  ['epsg:4544', ['国家 2000 高斯 3° 带 中央经线 105°（无带号）', 'CGCS2000 GK 3° CM 105°E']],
  ['epsg:4545', ['国家 2000 高斯 3° 带 中央经线 108°（无带号）', 'CGCS2000 GK 3° CM 108°E']],
  ['epsg:4546', ['国家 2000 高斯 3° 带 中央经线 111°（无带号）', 'CGCS2000 GK 3° CM 111°E']],
  ['epsg:4523', ['国家 2000 高斯 3° 带 第 35 带（带号）', 'CGCS2000 GK 3° zone 35']],
  ['epsg:4524', ['国家 2000 高斯 3° 带 第 36 带（带号）', 'CGCS2000 GK 3° zone 36']],
  ['epsg:4525', ['国家 2000 高斯 3° 带 第 37 带（带号）', 'CGCS2000 GK 3° zone 37']],
  ['epsg:4502', ['国家 2000 高斯 6° 带 中央经线 105°（无带号）', 'CGCS2000 GK 6° CM 105°E']],
  ['epsg:4494', ['国家 2000 高斯 6° 带 第 18 带（带号）', 'CGCS2000 GK 6° zone 18']],
] as const satisfies readonly (readonly [string, Pair])[];
export type Crs = (typeof CRS_CHOICES)[number][0] | (typeof GAUSS_KRUGER_CHOICES)[number][0];

export const PROBLEM_NAMES: Record<string, Pair> = {
  missing_required: ['缺少必填项', 'Missing'],
  unknown_category: ['类别不存在', 'Unknown category'],
  unknown_subtype: ['设施类型不存在', 'Unknown subtype'],
  invalid_geometry: ['坐标或图形无效', 'Invalid geometry'],
  outside_district: ['不在区县范围内', 'Outside the district'],
  duplicate_code: ['编码重复', 'Duplicate code'],
  invalid_value: ['取值无效', 'Invalid value'],
  unknown_reference: ['引用的对象不存在', 'Unknown reference'],
  rule_violation: ['不符合编辑规则', 'Breaks an editing rule'],
  deleted_record: ['记录已删除', 'Deleted record'],
  conflict: ['试导入后已被他人修改', 'Changed by someone after the dry run'],
};

export const pair = (language: Language, value: Pair) => value[language === 'zh' ? 0 : 1];
