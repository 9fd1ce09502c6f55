// Boundary lines and markers from an import go through the one edit mechanism of the boundary
// records (records.service.ts): a row is a create or a PATCH with the import as its reason, checked
// by the same rules (the 50 m marker rule, status transitions, delimited lines need an agreement)
// and, on commit, written as a new version with its history row. A rule a row breaks is that
// row's problem in the report, in a dry run as in a commit.
import type { Geometry } from 'geojson';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { KINDS } from '../records/kinds.ts';
import { loadRecord, type RecordSnapshot } from '../records/records.repository.ts';
import { checkAndWriteInTransaction } from '../records/records.service.ts';

interface StagedBoundaryRow {
  row_no: number;
  key: string;
  attrs: Record<string, unknown>;
  geometry: Geometry;
  line_id: string | null;
  district_code: string | null;
  existing_id: string | null;
  deleted_id: string | null;
}

const asMulti = (geometry: Geometry): Geometry =>
  geometry.type === 'LineString'
    ? { type: 'MultiLineString', coordinates: [geometry.coordinates] }
    : geometry;

/** The fields of a staged row, named as the boundary record kinds name them. */
function givenFields(
  collection: 'boundary-lines' | 'boundary-markers',
  row: StagedBoundaryRow,
): Record<string, unknown> {
  const a = row.attrs;
  if (collection === 'boundary-lines')
    return {
      code: a.code,
      name: a.name,
      level: a.level,
      districtCode: a.districtCode ?? row.district_code,
      leftUnitCode: a.leftUnitCode,
      leftUnitName: a.leftUnitName,
      rightUnitCode: a.rightUnitCode,
      rightUnitName: a.rightUnitName,
      status: a.status,
      agreementNumber: a.agreementNumber,
      approvingAuthority: a.approvingAuthority,
      agreementDate: a.agreementDate,
      description: a.description,
      geometry: asMulti(row.geometry),
    };
  return {
    lineId: row.line_id === null ? undefined : Number(row.line_id),
    number: a.number,
    markerType: a.markerType,
    material: a.material,
    condition: a.condition,
    elevationM: a.elevationM,
    dateSet: a.dateSet,
    responsibleSide: a.responsibleSide,
    note: a.note,
    geometry: row.geometry,
  };
}

export async function applyBoundaryRows(
  trx: Database,
  collection: 'boundary-lines' | 'boundary-markers',
  how: { reason: string; user: { id: number; name: string }; write: boolean; runId?: number },
): Promise<{ inserted: number; updated: number }> {
  const kind = KINDS[collection];
  const match =
    collection === 'boundary-lines'
      ? sql`r.code = s.key`
      : sql`r.line_id = s.line_id AND r.number = s.attrs->>'number'`;
  const { rows } =
    await sql<StagedBoundaryRow>`SELECT s.row_no, s.key, s.attrs, ST_AsGeoJSON(s.geom, 9)::json AS geometry,
      s.line_id, s.district_code,
      (SELECT r.id FROM ${sql.table(kind.table)} r WHERE ${match} AND r.deleted_at IS NULL) AS existing_id,
      (SELECT r.id FROM ${sql.table(kind.table)} r WHERE ${match} AND r.deleted_at IS NOT NULL LIMIT 1) AS deleted_id
    FROM import_staging s WHERE s.problem_code IS NULL ORDER BY s.row_no`.execute(trx);
  let inserted = 0;
  let updated = 0;
  for (const row of rows) {
    const flag = (field: string, code: string, problem: string) =>
      sql`UPDATE import_staging SET problem_field = ${field}, problem_code = ${code}, problem = ${problem}
        WHERE row_no = ${row.row_no}`.execute(trx);
    if (row.existing_id === null && row.deleted_id !== null) {
      await flag(
        collection === 'boundary-lines' ? 'code' : 'number',
        'deleted_record',
        `${row.key} was deleted (record ${row.deleted_id}); restore it in the editor instead of importing it again`,
      );
      continue;
    }
    let existing: RecordSnapshot | undefined;
    if (row.existing_id !== null)
      existing = (await loadRecord(trx, kind, Number(row.existing_id), { forUpdate: how.write }))?.record;
    const result = await checkAndWriteInTransaction(trx, kind, existing, givenFields(collection, row), {
      reason: how.reason,
      actor: how.user,
      write: how.write,
    });
    if (Array.isArray(result)) {
      const first = result[0]!;
      await flag(
        first.field.replace(/^body\./, ''),
        'rule_violation',
        result.map((d) => `${d.field.replace(/^body\./, '')} ${d.problem}`).join('; '),
      );
      continue;
    }
    if (result.action === 'create') inserted += 1;
    else if (result.action === 'update') updated += 1;
    if (how.write && how.runId !== undefined && result.action !== 'unchanged')
      await sql`INSERT INTO import_changes (run_id, collection, record_key, row_number, action)
        VALUES (${how.runId}, ${collection}, ${row.key}, ${row.row_no}, ${result.action})`.execute(trx);
  }
  return { inserted, updated };
}
