// GET /api/boundaries/stats: per town and for the district — line length by status, share
// delimited, markers by condition, inspections overdue / due within 12 months, open disputes by
// stage. A township line borders two towns and counts for both; the district counts it once.
import { sql } from 'kysely';
import { DISPUTE_STAGES, LINE_STATUSES, MARKER_CONDITIONS } from '../../contract/vocabularies.ts';
import type { Database } from '../../db/database.ts';

type Counts<K extends string> = Record<K, number>;

export interface BoundarySummary {
  lineCount: number;
  totalKm: number;
  kmByStatus: Counts<(typeof LINE_STATUSES)[number]>;
  /** Delimited (已勘定) length / total length, 0..1. */
  delimitedShare: number;
  markerCount: number;
  markersByCondition: Counts<(typeof MARKER_CONDITIONS)[number]>;
  /** Delimited or disputed lines whose joint inspection (every 5 years) is past due, or never done. */
  inspectionsOverdue: number;
  inspectionsDueWithin12Months: number;
  openDisputes: number;
  openDisputesByStage: Counts<(typeof DISPUTE_STAGES)[number]>;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Counts<K>;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function emptySummary(): BoundarySummary {
  return {
    lineCount: 0,
    totalKm: 0,
    kmByStatus: zeros(LINE_STATUSES),
    delimitedShare: 0,
    markerCount: 0,
    markersByCondition: zeros(MARKER_CONDITIONS),
    inspectionsOverdue: 0,
    inspectionsDueWithin12Months: 0,
    openDisputes: 0,
    openDisputesByStage: zeros(DISPUTE_STAGES),
  };
}

export async function boundaryStats(db: Database, district: string) {
  // `unit` is a town code, or the district code for the district-wide figures.
  const lineUnits = sql`
    WITH lines AS (
      SELECT l.id, l.status, l.left_unit_code, l.right_unit_code, ST_Length(l.geom::geography) / 1000 AS km,
             (coalesce(l.last_inspection_date, l.agreement_date) + interval '5 years')::date AS next_due
      FROM boundary_lines l WHERE l.district_code = ${district} AND l.deleted_at IS NULL
    ), line_units AS (
      SELECT t.code AS unit, l.* FROM lines l JOIN towns t ON t.district_code = ${district}
        AND t.code IN (l.left_unit_code, l.right_unit_code)
      UNION ALL
      SELECT ${district}::text AS unit, l.* FROM lines l
    )`;
  const [lines, markers, disputes, towns] = await Promise.all([
    sql<{
      unit: string;
      status: string;
      n: number;
      km: number;
      overdue: number;
      due_soon: number;
    }>`${lineUnits}
      SELECT unit, status, count(*)::int AS n, sum(km)::float8 AS km,
        count(*) FILTER (WHERE status IN ('delimited', 'disputed') AND (next_due IS NULL OR next_due < current_date))::int AS overdue,
        count(*) FILTER (WHERE status IN ('delimited', 'disputed') AND next_due >= current_date
          AND next_due < current_date + interval '12 months')::int AS due_soon
      FROM line_units GROUP BY unit, status`.execute(db),
    sql<{ unit: string; condition: string; n: number }>`${lineUnits}
      SELECT lu.unit, m.condition, count(*)::int AS n
      FROM line_units lu JOIN boundary_markers m ON m.line_id = lu.id AND m.deleted_at IS NULL
      GROUP BY lu.unit, m.condition`.execute(db),
    sql<{ unit: string; stage: string; n: number }>`
      WITH open AS (
        SELECT d.id, d.stage, d.line_id, d.area FROM boundary_disputes d
        WHERE d.district_code = ${district} AND d.deleted_at IS NULL AND d.resolved_on IS NULL
      ), dispute_units AS (
        SELECT DISTINCT t.code AS unit, o.id, o.stage
        FROM open o JOIN towns t ON t.district_code = ${district}
        LEFT JOIN boundary_lines l ON l.id = o.line_id
        WHERE t.code IN (l.left_unit_code, l.right_unit_code) OR (o.area IS NOT NULL AND ST_Intersects(o.area, t.geom))
        UNION ALL
        SELECT ${district}::text, o.id, o.stage FROM open o
      )
      SELECT unit, stage, count(*)::int AS n FROM dispute_units GROUP BY unit, stage`.execute(db),
    db
      .selectFrom('towns')
      .select(['code', 'name', 'kind'])
      .where('district_code', '=', district)
      .orderBy('code')
      .execute(),
  ]);

  const summaries = new Map<string, BoundarySummary>([[district, emptySummary()]]);
  for (const t of towns) summaries.set(t.code, emptySummary());
  const of = (unit: string) => summaries.get(unit);
  for (const r of lines.rows) {
    const s = of(r.unit);
    if (!s) continue;
    s.lineCount += r.n;
    s.kmByStatus[r.status as keyof BoundarySummary['kmByStatus']] += r.km;
    s.totalKm += r.km;
    s.inspectionsOverdue += r.overdue;
    s.inspectionsDueWithin12Months += r.due_soon;
  }
  for (const r of markers.rows) {
    const s = of(r.unit);
    if (!s) continue;
    s.markersByCondition[r.condition as keyof BoundarySummary['markersByCondition']] += r.n;
    s.markerCount += r.n;
  }
  for (const r of disputes.rows) {
    const s = of(r.unit);
    if (!s) continue;
    s.openDisputesByStage[r.stage as keyof BoundarySummary['openDisputesByStage']] += r.n;
    s.openDisputes += r.n;
  }
  for (const s of summaries.values()) {
    s.delimitedShare = s.totalKm > 0 ? round(s.kmByStatus.delimited / s.totalKm, 4) : 0;
    s.totalKm = round(s.totalKm, 2);
    for (const k of LINE_STATUSES) s.kmByStatus[k] = round(s.kmByStatus[k], 2);
  }
  return {
    district: summaries.get(district)!,
    towns: towns.map((t) => ({ code: t.code, name: t.name, kind: t.kind, ...summaries.get(t.code)! })),
  };
}
