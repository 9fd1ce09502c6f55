// The columns of an export, per collection and format. Every export carries the same properties
// (the OGC API collection's, without database ids and, for anonymous callers, without staff-only
// fields); each format names them so the import maps them back to the same field:
// - GeoJSON, CSV, GeoPackage: the field names (code, name, nursingBeds …).
// - Shapefile: dBASE allows 10 characters, so longer names are cut to 10 the way GDAL does it
//   (nursingBeds → nursingBed); long texts are left out (see SHAPEFILE_LEFT_OUT).
// - XLSX: Chinese headers, the import's own Chinese aliases (编码, 名称, 类型 …), geometry as 经度/纬度
//   for points and WKT for shapes.
// The record's key is its code (boundary markers: lineCode + number), never a database id.

import { IMPORT_DEFINITIONS, type ImportCollectionId } from '../../contract/import-collections.ts';
import { isRecordKind, isStaffOnlyField } from '../../contract/staff-only.ts';
import type { CollectionDefinition } from '../features/collections.ts';

/** Never exported: database ids. The import's `id` alias means code, so an id column would be read as one. */
const DATABASE_IDS = new Set(['id', 'lineId']);

/**
 * Left out of Shapefiles: texts that may be longer than a dBASE field's 254 bytes (84 Chinese
 * characters). GDAL would cut them, and re-importing the Shapefile would store the cut text.
 */
const SHAPEFILE_LEFT_OUT = new Set([
  'nameOrigin',
  'nameMeaning',
  'nameHistory',
  'description',
  'formerNames',
  'note',
]);

/** Chinese headers of the properties the import does not read (or of collections it does not import). */
const CHINESE_LABELS: Record<string, string> = {
  code: '编码',
  name: '名称',
  kind: '类型',
  districtCode: '区县编码',
  districtName: '区县名称',
  townCode: '镇街编码',
  townName: '镇街名称',
  villageName: '村社区名称',
  areaKm2: '面积（平方公里）',
  seat: '驻地',
  geomOrigin: '图形来源',
  populationOrigin: '人口来源',
  subtypeName: '类型名称',
  tier: '层级',
  origin: '记录来源',
  categoryName: '类别名称',
  labelPoint: '注记点',
  protectionList: '保护名录',
  protectionBatch: '保护批次',
  protectionYear: '保护年份',
  approvedBy: '批准机关',
  approvedDate: '批准日期',
  approvalDocument: '批准文号',
  formerNames: '曾用名',
  level: '级别',
  leftUnitCode: '左侧单位编码',
  leftUnitName: '左侧单位',
  rightUnitCode: '右侧单位编码',
  rightUnitName: '右侧单位',
  status: '状态',
  agreementNumber: '协议书编号',
  approvingAuthority: '协议批准机关',
  agreementDate: '协议日期',
  description: '说明',
  lastInspectionDate: '最近联检日期',
  nextInspectionDue: '下次联检日期',
  lengthKm: '长度（公里）',
  markerCount: '界桩数',
  version: '版本',
  lineName: '界线名称',
  offLineException: '允许偏离界线',
};

export interface ExportColumn {
  /** The property (field) name, as in GeoJSON, CSV and GeoPackage. */
  field: string;
  /** Its SQL expression (from the collection definition). */
  expr: string;
  /** Shapefile (dBASE) field name, at most 10 characters; null when left out of Shapefiles. */
  shapefile: string | null;
  /** XLSX header. */
  chinese: string;
}

const hasHanzi = (text: string) => /[\u3400-\u9fff]/.test(text);

function chineseHeader(collection: string, field: string): string {
  const imported = IMPORT_DEFINITIONS[collection as ImportCollectionId]?.fields[field];
  const alias = imported?.aliases.find(hasHanzi);
  if (alias) return alias;
  const label = CHINESE_LABELS[field];
  if (!label) throw new Error(`export column ${collection}.${field} has no Chinese header`);
  return label;
}

/** The columns a caller gets, in the collection's order. */
export function exportColumns(def: CollectionDefinition, staff: boolean): ExportColumn[] {
  const taken = new Set<string>();
  const columns: ExportColumn[] = [];
  for (const [field, expr] of Object.entries(def.properties)) {
    if (DATABASE_IDS.has(field)) continue;
    // Shapefile names are given to every column, staff-only included, so they never depend on the caller.
    let shapefile: string | null = null;
    if (!SHAPEFILE_LEFT_OUT.has(field)) {
      shapefile = field.slice(0, 10);
      for (let n = 1; taken.has(shapefile.toLowerCase()); n++)
        shapefile = `${field.slice(0, 10 - String(n).length)}${n}`;
      taken.add(shapefile.toLowerCase());
    }
    // The one declaration of what is staff-only (server/contract/staff-only.ts), as on every read.
    if (!staff && (!isRecordKind(def.id) || isStaffOnlyField(def.id, field))) continue;
    columns.push({ field, expr, shapefile, chinese: chineseHeader(def.id, field) });
  }
  return columns;
}

/** The columns' SQL expressions, for featureBatches. */
export const selectedProperties = (columns: ExportColumn[]) =>
  Object.fromEntries(columns.map((c) => [c.field, c.expr]));
