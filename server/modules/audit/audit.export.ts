// The audit log as a file: one row per entry with Chinese headers and labels, times in Beijing
// time. CSV streams on the event loop (like the data exports' CSV); XLSX is the work pool's
// 'audit-export' job: read with the worker's own connection and written by ogr2ogr (gdal.ts).
import type { AuditEntry, AuditFilters } from '../../contract/admin.schemas.ts';
import {
  type AuditDetails,
  auditActionLabel,
  auditKindLabel,
  auditSummary,
  beijingTime,
} from '../../contract/audit.ts';
import { CSV_BOM, csvLine } from '../../contract/csv.ts';
import { termLabel } from '../../contract/terms.ts';
import { ROLE_TERMS } from '../../contract/vocabularies.ts';
import type { Database } from '../../db/database.ts';
import { type GdalResult, gdalExport } from '../exports/gdal.ts';
import { workerDatabase } from '../work/worker-db.ts';
import { auditEntryBatches } from './audit.repository.ts';

/** XLSX holds about a million rows; a log that long is exported a month at a time. */
export const MAX_AUDIT_EXPORT = 100_000;

export const AUDIT_EXPORT_HEADERS = [
  '时间',
  '用户名',
  '姓名',
  '角色',
  '操作',
  '对象',
  '编号',
  '摘要',
  'IP 地址',
  '结果',
];

/** One entry as the export's row, in Chinese. */
export function exportRow(entry: AuditEntry): string[] {
  return [
    beijingTime(entry.at),
    entry.username ?? '',
    entry.displayName ?? '',
    entry.role ? termLabel(ROLE_TERMS, entry.role, 'zh') : '',
    auditActionLabel(entry.action, 'zh'),
    entry.kind ? auditKindLabel(entry.kind, 'zh') : '',
    entry.target ?? '',
    auditSummary({ action: entry.action, details: entry.details as AuditDetails }, 'zh'),
    entry.address ?? '',
    entry.status < 400 ? '成功' : `拒绝（${entry.status}）`,
  ];
}

export async function* auditCsvChunks(db: Database, filters: AuditFilters): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(AUDIT_EXPORT_HEADERS);
  for await (const batch of auditEntryBatches(db, filters))
    yield batch.map((e) => csvLine(exportRow(e))).join('');
}

async function* xlsxFeatures(batches: AsyncIterable<AuditEntry[]>) {
  for await (const batch of batches)
    yield batch.map((e) => {
      const row = exportRow(e);
      return {
        geometry: null,
        properties: Object.fromEntries(AUDIT_EXPORT_HEADERS.map((h, i) => [h, row[i]])),
      };
    });
}

/** What the work pool's 'audit-export' job gets. */
export interface AuditExportJob {
  /** The app's database: the worker reads with its own connection. */
  connection: string;
  filters: AuditFilters;
}

/** The job: the matching entries, newest first, as an XLSX sheet 审计日志. */
export function auditXlsxTask(job: AuditExportJob): Promise<GdalResult> {
  const batches = auditEntryBatches(workerDatabase(job.connection), job.filters);
  return gdalExport({ format: 'xlsx', layer: '审计日志', batches: xlsxFeatures(batches) });
}
