// One import, end to end: read the file as it streams in, check each row on its own, then check
// the rows against the database and (for commit modes) write them — all inside one transaction,
// so a dry run or a rejected commit leaves nothing behind, and a commit is all or nothing.
import type { Geometry } from 'geojson';
import type { Database } from '../../db/database.ts';
import type { Crs } from './coordinates.ts';
import { IMPORT_DEFINITIONS, type ImportCollectionId } from './import-collections.ts';
import {
  checkStaged,
  createRun,
  createStaging,
  loadAreas,
  loadLookups,
  locateStaged,
  STAGE_BATCH,
  type StagedRow,
  stageBatch,
  stagedPreview,
  stagedProblems,
  writeStaged,
} from './imports.repository.ts';
import type { EncodingChoice } from './readers/text.ts';
import { checkRow, type RowProblem } from './row-validation.ts';
import {
  type ImportFormat,
  openCsvSource,
  openGeoJsonSource,
  openShapefileSource,
  type Source,
} from './sources.ts';
import { StepTimer } from './step-timer.ts';

export type ImportMode = 'dry-run' | 'commit' | 'commit-valid';

export interface ImportRequest {
  collection: ImportCollectionId;
  mode: ImportMode;
  crs: Crs;
  encoding: EncodingChoice;
  district: string | null;
  format: ImportFormat;
  fileName: string;
  /** The file's bytes as they arrive. */
  chunks: AsyncIterable<Buffer>;
  /** Bytes read so far (the route counts them as the upload streams). */
  bytesRead: () => number;
  user: { id: number; name: string };
  /** Collects the time per step, when given. */
  timer?: StepTimer;
}

export interface ImportReport {
  importId: number | null;
  collection: ImportCollectionId;
  mode: ImportMode;
  format: ImportFormat;
  encoding: string | null;
  crs: Crs;
  fileName: string;
  committed: boolean;
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  inserted: number;
  updated: number;
  ignoredColumns: string[];
  /** Every problem, one per (row, field); a row may have several. Capped at MAX_PROBLEMS. */
  problems: RowProblem[];
  problemsTruncated: boolean;
  /** Valid rows in WGS84 for the map preview (first MAX_PREVIEW). */
  preview: { row: number; key: string; name: string | null; geometry: Geometry }[];
  message: string;
}

const MAX_PROBLEMS = 5000;
const MAX_PREVIEW = 5000;

/** Thrown inside the transaction to roll it back while keeping the report. */
class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rollback');
  }
}

function openSource(request: ImportRequest): Promise<Source> {
  const definition = IMPORT_DEFINITIONS[request.collection];
  if (request.format === 'csv') return openCsvSource(request.chunks, definition, request.encoding);
  if (request.format === 'geojson') return openGeoJsonSource(request.chunks, definition, request.encoding);
  return openShapefileSource(request.chunks, definition, request.encoding);
}

export async function runImport(db: Database, request: ImportRequest): Promise<ImportReport> {
  const startedAt = new Date();
  const timer = request.timer ?? new StepTimer();
  const definition = IMPORT_DEFINITIONS[request.collection];
  const lookups = await loadLookups(db, request.fileName);
  const areas = await loadAreas(db);
  const source = await openSource(request);

  const keyField = request.collection === 'boundary-markers' ? 'number' : 'code';
  const geometryField = source.format === 'csv' ? 'lon/lat' : 'geometry';
  const base = {
    collection: request.collection,
    mode: request.mode,
    format: source.format,
    encoding: source.encoding,
    crs: request.crs,
    fileName: request.fileName,
    ignoredColumns: source.ignoredColumns,
  };

  try {
    return await db.transaction().execute(async (trx) => {
      timer.lap('read');
      await createStaging(trx);
      timer.lap('stage');
      // Per-row checks while the file streams in; checked rows go to the staging table in batches,
      // one batch in flight while the next is read and checked (the database and the parser work
      // at the same time). Codes repeated within the file are found here and dropped at the end.
      const rowProblems: RowProblem[] = [];
      const firstRowOfKey = new Map<string, number>();
      const duplicateKeys = new Set<string>();
      const laterDuplicates: { row: number; key: string }[] = [];
      let rowsRead = 0;
      let validateMs = 0;
      let stageMs = 0;
      let locateMs = 0;
      let batch: StagedRow[] = [];
      let inFlight: Promise<void> | null = null;
      let stageError: unknown = null;
      const waitForStage = async () => {
        const started = performance.now();
        if (inFlight) await inFlight;
        inFlight = null;
        stageMs += performance.now() - started;
        if (stageError) throw stageError;
      };
      const send = async () => {
        await waitForStage();
        if (batch.length === 0) return;
        // The rejection is kept and rethrown by waitForStage, so it is never left unhandled.
        inFlight = stageBatch(trx, batch).catch((error: unknown) => {
          stageError = error;
        });
        batch = [];
      };
      for await (const sourceRow of source.rows) {
        rowsRead += 1;
        const checkStarted = performance.now();
        const result = checkRow(definition, sourceRow, request.crs, lookups);
        validateMs += performance.now() - checkStarted;
        if ('problems' in result) {
          rowProblems.push(...result.problems);
          continue;
        }
        const first = firstRowOfKey.get(result.ok.key);
        if (first !== undefined) {
          duplicateKeys.add(result.ok.key);
          laterDuplicates.push({ row: result.ok.row, key: result.ok.key });
          continue;
        }
        firstRowOfKey.set(result.ok.key, result.ok.row);
        const staged: StagedRow = result.ok;
        if (staged.geometry.type === 'Point') {
          const locateStarted = performance.now();
          const [x, y] = staged.geometry.coordinates as [number, number];
          staged.district = areas.districts.locate(x, y);
          staged.town = areas.towns.locate(x, y);
          locateMs += performance.now() - locateStarted;
        }
        batch.push(staged);
        if (batch.length >= STAGE_BATCH) await send();
      }
      await send();
      await waitForStage();
      timer.lap('read');
      timer.add('read', -validateMs - stageMs - locateMs);
      timer.add('validate', validateMs);
      timer.add('stage', stageMs);
      timer.add('locate', locateMs);

      // Which of two rows with one code is right is not ours to guess: all of them are left out.
      for (const key of duplicateKeys)
        rowProblems.push({
          row: firstRowOfKey.get(key)!,
          field: keyField,
          code: 'duplicate_code',
          problem: `${key} appears again later in the file`,
        });
      for (const { row, key } of laterDuplicates)
        rowProblems.push({
          row,
          field: keyField,
          code: 'duplicate_code',
          problem: `${key} already appears on row ${firstRowOfKey.get(key)!}`,
        });
      await locateStaged(trx, [...duplicateKeys], timer);
      await checkStaged(trx, request.collection, { district: request.district, geometryField });
      const problems = [...rowProblems, ...(await stagedProblems(trx))].sort((a, b) => a.row - b.row);
      const invalidRows = new Set(problems.map((p) => p.row)).size;
      const rowsValid = rowsRead - invalidRows;
      const preview = await stagedPreview(trx, MAX_PREVIEW);
      timer.lap('check');
      const report: ImportReport = {
        ...base,
        importId: null,
        committed: false,
        rowsRead,
        rowsValid,
        rowsInvalid: invalidRows,
        inserted: 0,
        updated: 0,
        problems: problems.slice(0, MAX_PROBLEMS),
        problemsTruncated: problems.length > MAX_PROBLEMS,
        preview,
        message: '',
      };
      if (request.mode === 'dry-run') {
        report.message = `Dry run: ${rowsValid} of ${rowsRead} rows are valid; nothing was written.`;
        throw new Rollback(report);
      }
      if (request.mode === 'commit' && invalidRows > 0) {
        report.message = `Nothing was written: ${invalidRows} of ${rowsRead} rows have problems. Fix them, or import the valid rows only.`;
        throw new Rollback(report);
      }
      if (rowsValid === 0) {
        report.message = 'Nothing was written: the file has no valid rows.';
        throw new Rollback(report);
      }
      const runId = await createRun(trx, {
        collection: request.collection,
        mode: request.mode,
        format: source.format,
        fileName: request.fileName,
        fileBytes: request.bytesRead(),
        encoding: source.encoding,
        crs: request.crs,
        district: request.district,
        user: request.user,
        startedAt,
        rowsRead,
        rowsValid,
        rowsInvalid: invalidRows,
        problems,
      });
      const counts = await writeStaged(
        trx,
        request.collection,
        runId,
        source.fields,
        `导入 #${runId}: ${request.fileName}`,
        request.user,
        timer,
      );
      return {
        ...report,
        importId: runId,
        committed: true,
        ...counts,
        message: `Import #${runId}: ${counts.inserted} added, ${counts.updated} updated${invalidRows ? `, ${invalidRows} rows left out` : ''}.`,
      };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
}
