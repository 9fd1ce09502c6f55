// One import, end to end. The upload is already on disk (spooled by the route, no transaction
// open while it arrived); GDAL reads it in a child process while each row is checked on its own,
// then the rows are checked against the database and (for commit modes) written — inside one
// transaction, so a dry run or a rejected commit leaves nothing behind, and a commit is all or
// nothing. Boundary lines and markers go through the same validation and history as editing one.
import { sql } from 'kysely';
import { IMPORT_DEFINITIONS, type ImportCollectionId } from '../../contract/import-collections.ts';
import type { ImportMode, ImportReport } from '../../contract/imports.schemas.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { checkQuality } from '../quality/quality.repository.ts';
import { applyBoundaryRows } from './boundary-rows.ts';
import type { CrsChoice } from './coordinates.ts';
import type { EncodingChoice } from './files/encoding.ts';
import type { SpooledFile } from './files/spool.ts';
import {
  checkStaged,
  createRun,
  createStaging,
  fingerprints,
  flagConflicts,
  loadAreas,
  loadLookups,
  loadPreview,
  locateStaged,
  lockTouched,
  STAGE_BATCH,
  type StagedRow,
  savePreview,
  stageBatch,
  stagedDistrict,
  stagedPreview,
  stagedProblems,
  writeStaged,
} from './imports.repository.ts';
import { checkRow, type RowProblem } from './row-validation.ts';
import { openSource } from './sources.ts';
import { StepTimer } from './step-timer.ts';

export type { ImportMode };

export interface ImportRequest {
  collection: ImportCollectionId;
  mode: ImportMode;
  crs: CrsChoice;
  encoding: EncodingChoice;
  district: string | null;
  file: SpooledFile;
  /** For a commit: the dry run of the same file whose view of the records the commit must match. */
  preview: string | null;
  /** The importer saw the dry run's overlapping towns and commits them anyway. */
  confirmOverlaps?: boolean;
  user: { id: number; name: string };
  /** Collects the time per step, when given. */
  timer?: StepTimer;
}

export type { ImportReport };

const MAX_PROBLEMS = 5000;
const MAX_PREVIEW = 5000;

/** Thrown inside the transaction to roll it back while keeping the report. */
class Rollback extends Error {
  constructor(
    readonly report: ImportReport,
    readonly seen?: Map<string, string | null>,
  ) {
    super('rollback');
  }
}

async function requirePreview(db: Database, request: ImportRequest) {
  if (!request.preview)
    throw new AppError(
      400,
      'bad_request',
      'body.preview: run a dry run of this file first and send its previewId as preview',
      [
        {
          field: 'body.preview',
          problem: 'is required for a commit: the previewId of the dry run of this file',
        },
      ],
    );
  const preview = /^[0-9a-f-]{36}$/.test(request.preview) ? await loadPreview(db, request.preview) : null;
  if (!preview || preview.userId !== request.user.id || preview.collection !== request.collection)
    throw new AppError(
      409,
      'conflict',
      'That dry run is unknown or expired (dry runs are kept for a day); run the dry run again.',
      [{ field: 'body.preview', problem: 'no such dry run of yours for this collection' }],
    );
  if (preview.sha256 !== request.file.sha256)
    throw new AppError(
      409,
      'conflict',
      'The file is not the one that was dry-run; run the dry run of this file again.',
      [{ field: 'body.file', problem: 'differs from the file of the dry run' }],
    );
  return preview;
}

/** Layers whose import changes the shape of the district, checked by the data-quality rules. */
const QUALITY_LAYERS = new Set<ImportCollectionId>([
  'districts',
  'towns',
  'villages',
  'boundary-lines',
  'boundary-markers',
]);

/** Of the rows that passed every check: records new to the database, and ones that exist. */
async function expectedCounts(trx: Database, seen: Map<string, string | null>) {
  const { rows } = await sql<{
    key: string;
  }>`SELECT key FROM import_staging WHERE problem_code IS NULL`.execute(trx);
  let toInsert = 0;
  for (const { key } of rows) if ((seen.get(key) ?? null) === null) toInsert += 1;
  return { toInsert, toUpdate: rows.length - toInsert };
}

const anotherImport = () =>
  new AppError(
    409,
    'conflict',
    'Another import into this district is running; try again when it has finished.',
  );

export async function runImport(db: Database, request: ImportRequest): Promise<ImportReport> {
  const startedAt = new Date();
  const timer = request.timer ?? new StepTimer();
  const definition = IMPORT_DEFINITIONS[request.collection];
  const lookups = await loadLookups(db, request.file.name);
  const areas = await loadAreas(db);
  // A commit names the dry run it follows: same user, collection and file.
  const dryRun = request.mode === 'dry-run' ? null : await requirePreview(db, request);
  const source = await openSource(request.file, definition, { encoding: request.encoding, crs: request.crs });

  const keyField = request.collection === 'boundary-markers' ? 'number' : 'code';
  const geometryField = source.format === 'csv' || source.format === 'xlsx' ? 'lon/lat' : 'geometry';
  const fileName = request.file.name;
  const base = {
    collection: request.collection,
    mode: request.mode,
    format: source.format,
    encoding: source.encoding,
    crs: source.crs,
    fileName,
    ignoredColumns: source.ignoredColumns,
    warnings: source.warnings,
  };

  const runInfo = (rowsRead: number, rowsValid: number, rowsInvalid: number, problems: RowProblem[]) => ({
    collection: request.collection,
    mode: request.mode as 'commit' | 'commit-valid',
    format: source.format,
    fileName,
    fileBytes: request.file.bytes,
    encoding: source.encoding,
    crs: source.crs,
    district: request.district,
    user: request.user,
    startedAt,
    rowsRead,
    rowsValid,
    rowsInvalid,
    problems,
  });

  try {
    return await db.transaction().execute(async (trx) => {
      // Imports into one district wait for nobody: a second one at the same time is refused.
      const { rows: locked } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(
        hashtext(${`import:${request.district ?? 'any'}`})) AS ok`.execute(trx);
      if (!locked[0]?.ok) throw anotherImport();
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
        const result = checkRow(definition, sourceRow, source.offset, lookups);
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
      // What the records look like now; a commit compares with what its dry run saw.
      if (dryRun) await lockTouched(trx, request.collection);
      const seen = await fingerprints(trx, request.collection);
      if (dryRun)
        await flagConflicts(
          trx,
          [...seen].filter(([key, now]) => (dryRun.seen[key] ?? null) !== now).map(([key]) => key),
        );
      // Lines and markers: the rules of editing one record (the 50 m rule, status transitions …).
      const reason = `导入 ${fileName}`;
      if (request.collection === 'boundary-lines' || request.collection === 'boundary-markers')
        await applyBoundaryRows(trx, request.collection, { reason, user: request.user, write: false });
      const problems = [...rowProblems, ...(await stagedProblems(trx))].sort((a, b) => a.row - b.row);
      const invalidRows = new Set(problems.map((p) => p.row)).size;
      const rowsValid = rowsRead - invalidRows;
      const preview = await stagedPreview(trx, MAX_PREVIEW);
      timer.lap('check');
      const report: ImportReport = {
        ...base,
        importId: null,
        previewId: null,
        committed: false,
        rowsRead,
        rowsValid,
        rowsInvalid: invalidRows,
        inserted: 0,
        updated: 0,
        ...(await expectedCounts(trx, seen)),
        problems: problems.slice(0, MAX_PROBLEMS),
        problemsTruncated: problems.length > MAX_PROBLEMS,
        preview,
        message: '',
      };
      if (request.mode === 'dry-run') {
        report.message = `Dry run: ${rowsValid} of ${rowsRead} rows are valid; nothing was written.`;
        // What the district would look like: the valid rows written, checked, then rolled back.
        if (QUALITY_LAYERS.has(request.collection) && rowsValid > 0) {
          const runId = await createRun(trx, {
            ...runInfo(rowsRead, rowsValid, invalidRows, problems),
            mode: 'commit-valid',
          });
          await writeStaged(trx, request.collection, runId, source.fields, `导入 ${fileName}`, request.user);
          // Looked up once written: a new district outline is only there now.
          const district = request.district ?? (await stagedDistrict(trx));
          if (district) report.quality = await checkQuality(trx, district);
          timer.lap('quality');
        }
        throw new Rollback(report, seen);
      }
      if (request.mode === 'commit' && invalidRows > 0) {
        report.message = `Nothing was written: ${invalidRows} of ${rowsRead} rows have problems. Fix them, or import the valid rows only.`;
        throw new Rollback(report);
      }
      if (rowsValid === 0) {
        report.message = 'Nothing was written: the file has no valid rows.';
        throw new Rollback(report);
      }
      const district = request.district ?? (await stagedDistrict(trx));
      const runId = await createRun(trx, {
        ...runInfo(rowsRead, rowsValid, invalidRows, problems),
        district,
      });
      const counts = await writeStaged(
        trx,
        request.collection,
        runId,
        source.fields,
        `导入 #${runId}: ${fileName}`,
        request.user,
        timer,
      );
      const committed: ImportReport = {
        ...report,
        importId: runId,
        committed: true,
        ...counts,
        warnings: [...report.warnings, ...(counts.warnings ?? [])],
        message: `Import #${runId}: ${counts.inserted} added, ${counts.updated} updated${invalidRows ? `, ${invalidRows} rows left out` : ''}.`,
      };
      if (QUALITY_LAYERS.has(request.collection)) {
        // A new district outline is only there once written.
        const checked = district ?? (await stagedDistrict(trx));
        if (checked) committed.quality = await checkQuality(trx, checked);
        // Overlapping towns are written only when the importer said so, having seen them.
        const overlaps = committed.quality?.checks.find((c) => c.check === 'town_overlap')?.error ?? 0;
        if (request.collection === 'towns' && overlaps > 0 && !request.confirmOverlaps) {
          throw new Rollback({
            ...report,
            quality: committed.quality,
            message: `Nothing was written: ${overlaps} town overlaps. Look at them in the report, fix the file, or commit again confirming the overlaps.`,
          });
        }
      }
      return committed;
    });
  } catch (error) {
    if (error instanceof Rollback) {
      // Kept after the rollback: what the dry run saw, for its commit to compare with.
      if (error.seen)
        error.report.previewId = await savePreview(db, {
          userId: request.user.id,
          collection: request.collection,
          sha256: request.file.sha256,
          seen: error.seen,
        });
      return error.report;
    }
    throw error;
  }
}
