// The import/export words, Chinese first (plain Chinese, or English).
import {
  IMPORT_COLLECTIONS,
  type ImportCollectionId,
} from '../../../server/modules/imports/import-collections.ts';
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

const TEXT = {
  data: ['数据', 'Data'],
  dataMenu: ['导入、导出与打印地图', 'Import, export and map printing'],
  importTitle: ['导入数据', 'Import data'],
  importNeedsStaff: ['导入需要工作人员账号登录', 'Sign in with a staff account to import'],
  signIn: ['登录', 'Sign in'],
  file: ['文件', 'File'],
  fileHint: [
    'Shapefile 压缩包（.zip）、GeoPackage、KML/KMZ、GeoJSON、Excel（.xlsx）或 CSV（经纬度、X/Y、WKT 列），不超过 50 MB',
    'Zipped Shapefile, GeoPackage, KML/KMZ, GeoJSON, Excel (.xlsx) or CSV (lon/lat, X/Y or WKT columns), up to 50 MB',
  ],
  gaussKruger: ['高斯-克吕格投影坐标（X/Y）', 'Gauss-Krüger X/Y'],
  warnings: ['提示', 'Notes'],
  expected: [
    '有效行中：新增 {insert} 条，更新已有记录 {update} 条',
    'Of the valid rows: {insert} new records, {update} updates of existing ones',
  ],
  undo: ['撤销本次导入', 'Undo this import'],
  undoConfirm: [
    '撤销导入 #{id}？新增的记录将删除，修改的记录恢复到导入前的版本。',
    'Undo import #{id}? Added records are removed and changed ones go back to their version before it.',
  ],
  undone: ['已撤销：删除 {removed} 条，恢复 {restored} 条', 'Undone: {removed} removed, {restored} restored'],
  qualityAfter: [
    '数据质量（导入后）：{errors} 个错误，{warnings} 个警告',
    'Data quality after this import: {errors} errors, {warnings} warnings',
  ],
  confirmOverlaps: [
    '我已看到 {n} 处镇街重叠，仍要导入',
    'I have seen the {n} town overlaps and import anyway',
  ],
  reassigned: [
    '已替换示例镇街 {towns} 个，重新归属村（社区）{villages} 个、设施 {facilities} 个、地名 {placeNames} 个',
    '{towns} demo towns replaced; {villages} villages, {facilities} facilities and {placeNames} place names re-assigned',
  ],
  collection: ['导入到', 'Import into'],
  crs: ['坐标系', 'Coordinate system'],
  crsNote: [
    '从高德、腾讯（GCJ-02）或百度（BD-09）地图取的坐标与真实位置偏差约 100–700 米，请选对来源以便换算。',
    'Points taken from Amap/Tencent (GCJ-02) or Baidu (BD-09) are offset 100–700 m; pick the source so they are converted.',
  ],
  encoding: ['文字编码', 'Text encoding'],
  encodingAuto: ['自动识别', 'Detect'],
  check: ['检查文件（试导入）', 'Check file (dry run)'],
  uploading: ['正在上传', 'Uploading'],
  processing: ['正在检查各行…', 'Checking rows…'],
  committing: ['正在导入…', 'Importing…'],
  report: ['检查结果', 'Report'],
  rowsRead: ['读取行数', 'Rows read'],
  rowsValid: ['有效', 'Valid'],
  rowsInvalid: ['有问题', 'With problems'],
  row: ['行号', 'Row'],
  key: ['编码', 'Code'],
  name: ['名称', 'Name'],
  field: ['字段', 'Field'],
  problem: ['问题', 'Problem'],
  ok: ['可导入', 'OK'],
  shown: ['仅显示前 {n} 行', 'Showing the first {n} rows'],
  problemsTruncated: ['问题过多，仅列出前 5,000 条', 'Too many problems: the first 5,000 are listed'],
  ignoredColumns: ['未使用的列', 'Columns not used'],
  previewNote: [
    '地图上以洋红圆圈预览有效行（尚未写入）',
    'Valid rows are previewed on the map as magenta rings (not yet saved)',
  ],
  commitAll: ['全部导入', 'Import all'],
  commitAllDisabled: [
    '有问题的行需先修正，或选择仅导入有效行',
    'Fix the rows with problems first, or import the valid rows only',
  ],
  commitValid: ['仅导入有效行', 'Import valid rows only'],
  done: ['导入完成', 'Imported'],
  inserted: ['新增', 'added'],
  updated: ['更新', 'updated'],
  leftOut: ['未导入', 'left out'],
  nothingWritten: ['未写入任何数据', 'Nothing was written'],
  again: ['再导入一个文件', 'Import another file'],
  close: ['关闭', 'Close'],
  tooLarge: ['文件不能超过 50 MB', 'The file must not be larger than 50 MB'],
  chooseFile: ['请选择要导入的文件', 'Choose a file to import'],
  forbidden: ['当前账号无权导入数据', 'This account may not import data'],
  signedOut: ['登录已失效，请重新登录', 'Your session has ended; please sign in again'],
  network: ['网络中断，请重试', 'The network failed; please try again'],
  failed: ['导入失败', 'Import failed'],
  exportTitle: ['导出数据', 'Export data'],
  exportScope: ['范围', 'Scope'],
  allTowns: ['全区县', 'Whole district'],
  onlyView: ['仅当前地图范围', 'Current map view only'],
  exportFormats: [
    'Excel：中文表头的表格；GPKG：GeoPackage 地理数据包；SHP：Shapefile 压缩包（含 .prj 与 UTF-8 .cpg）',
    'Excel: workbook with Chinese headers; GPKG: GeoPackage; SHP: zipped Shapefile (with .prj and UTF-8 .cpg)',
  ],
  exportNote: [
    'CSV 为带 BOM 的 UTF-8，编码写成 ="…" 以保留为文本；Excel 表格为中文表头；GeoPackage 与 Shapefile 坐标系为 CGCS2000（EPSG:4490）。',
    'CSV is UTF-8 with BOM, codes written as ="…" to stay text; Excel has Chinese headers; GeoPackage and Shapefile are in CGCS2000 (EPSG:4490).',
  ],
  pngTitle: ['地图图片', 'Map image'],
  pngButton: ['导出当前地图为 PNG', 'Save the map view as PNG'],
  pngWorking: ['正在生成图片…', 'Drawing the image…'],
  pngFailed: ['无法生成图片', 'Could not draw the image'],
  legend: ['图例', 'Legend'],
  demoNote: ['示例数据，仅供演示，不作为权威依据', 'Demo data, for demonstration only'],
  madeOn: ['制图日期', 'Made on'],
  preview: ['导入预览', 'Import preview'],
  layersShown: ['图层', 'layers'],
} satisfies Record<string, Pair>;

export type TextKey = keyof typeof TEXT;

export function tx(language: Language, key: TextKey, values?: Record<string, string | number>): string {
  let text = TEXT[key][language === 'zh' ? 0 : 1];
  for (const [name, value] of Object.entries(values ?? {})) text = text.replace(`{${name}}`, String(value));
  return text;
}

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
};

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
