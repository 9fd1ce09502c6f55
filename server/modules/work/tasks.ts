// The jobs of the work pool, by name. Each takes plain data (what structured cloning carries:
// objects, arrays, typed arrays, no functions or classes) and returns plain data or bytes. A job's
// module is loaded in the worker on its first use, so a thread that only renders labels never
// loads GDAL's helpers. Adding a job: a function here (its input and output types follow), and,
// when callers start it, a budget in budgets.ts for the route that calls runTask (pool.ts).
import type { AuditExportJob } from '../audit/audit.export.ts';
import type { GreedyJob } from '../coverage/greedy.task.ts';
import type { GdalExportJob } from '../exports/gdal.ts';
import type { PrepareJob } from '../imports/files/prepare.ts';
import type { RowBatchJob } from '../imports/files/row-reader.ts';
import type { LabelJob } from '../labels/labels.ts';

export const TASKS = {
  /** PNG or PDF labels, or an A4 sheet of them (pdfkit, sharp, qrcode, the CJK font). */
  'render-labels': async (job: LabelJob) => (await import('../labels/labels.ts')).renderLabels(job),
  /** Greedy site suggestions over the district's demand points. */
  'greedy-suggestions': async (job: GreedyJob) => (await import('../coverage/greedy.task.ts')).greedy(job),
  /** An upload made ready for GDAL: told apart, unzipped, decoded, its GeoJSON crs made safe. */
  'prepare-import-file': async (job: PrepareJob) =>
    (await import('../imports/files/prepare.ts')).prepareFile(job),
  /** The next batch of an import's rows from GDAL's GeoJSONSeq output. */
  'read-import-rows': async (job: RowBatchJob) =>
    (await import('../imports/files/row-reader.ts')).readRowBatch(job),
  /** A Shapefile, GeoPackage or XLSX export, read from the database and written by ogr2ogr. */
  'gdal-export': async (job: GdalExportJob) => (await import('../exports/gdal.ts')).gdalExportTask(job),
  /** The audit log (filtered) as an XLSX sheet with Chinese headers. */
  'audit-export': async (job: AuditExportJob) =>
    (await import('../audit/audit.export.ts')).auditXlsxTask(job),
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskInput<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;
