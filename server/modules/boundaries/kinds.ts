// The four kinds of boundary record that staff edit — lines, markers, inspections, disputes — as
// data for the one record mechanism (server/modules/records/): table, camelCase field → column and
// type, which changes need a reason, the allowed status changes. Which fields anonymous callers may
// not see is declared in server/contract/staff-only.ts.
// Everything here is trusted code; request values are always bound as parameters.

import { REASON_REQUIRED_FOR, STATUS_FIELDS, TRANSITIONS } from '../../contract/vocabularies.ts';
import type { KindDefinition } from '../records/kinds.ts';

const BOUNDARY_WRITERS = ['boundary_editor'] as const;

export type BoundaryKindId = 'boundary-lines' | 'boundary-markers' | 'inspections' | 'disputes';
export const BOUNDARY_KIND_IDS: readonly BoundaryKindId[] = [
  'boundary-lines',
  'boundary-markers',
  'inspections',
  'disputes',
];

const LINE_NEXT_DUE = "(coalesce(r.last_inspection_date, r.agreement_date) + interval '5 years')::date";

export const BOUNDARY_KINDS: Record<BoundaryKindId, KindDefinition> = {
  'boundary-lines': {
    id: 'boundary-lines',
    writerRoles: BOUNDARY_WRITERS,
    tag: 'boundaries',
    transitions: TRANSITIONS['boundary-lines'],
    statusField: STATUS_FIELDS['boundary-lines'],
    reasonRequiredFor: REASON_REQUIRED_FOR['boundary-lines'],
    table: 'boundary_lines',
    nameZh: '界线',
    nameEn: 'boundary line',
    insertDefaults: { origin: 'manual' },
    districtExpr: 'r.district_code',
    fields: {
      code: { column: 'code', type: 'text', required: true },
      name: { column: 'name', type: 'text', required: true },
      level: { column: 'level', type: 'text', required: true },
      districtCode: { column: 'district_code', type: 'text', required: true },
      leftUnitCode: { column: 'left_unit_code', type: 'text', required: true },
      leftUnitName: { column: 'left_unit_name', type: 'text', required: true },
      rightUnitCode: { column: 'right_unit_code', type: 'text', required: true },
      rightUnitName: { column: 'right_unit_name', type: 'text', required: true },
      status: { column: 'status', type: 'text', required: true },
      agreementNumber: { column: 'agreement_number', type: 'text', default: null },
      approvingAuthority: { column: 'approving_authority', type: 'text', default: null },
      agreementDate: { column: 'agreement_date', type: 'date', default: null },
      description: { column: 'description', type: 'text', default: null },
      lastInspectionDate: { column: 'last_inspection_date', type: 'date', default: null },
      geometry: { column: 'geom', type: 'geometry', geometry: 'MultiLineString', required: true },
      origin: { column: 'origin', type: 'text', readOnly: true },
    },
    extras: {
      lengthKm: 'round((ST_Length(r.geom::geography) / 1000)::numeric, 3)',
      nextInspectionDue: LINE_NEXT_DUE,
      inspectionState: `CASE WHEN r.status NOT IN ('delimited', 'disputed') THEN 'not_applicable'
        WHEN ${LINE_NEXT_DUE} IS NULL OR ${LINE_NEXT_DUE} < current_date THEN 'overdue'
        WHEN ${LINE_NEXT_DUE} < current_date + interval '12 months' THEN 'due_soon' ELSE 'ok' END`,
      markerCount:
        '(SELECT count(*)::int FROM boundary_markers m WHERE m.line_id = r.id AND m.deleted_at IS NULL)',
    },
  },
  'boundary-markers': {
    id: 'boundary-markers',
    writerRoles: BOUNDARY_WRITERS,
    tag: 'boundaries',
    statusField: STATUS_FIELDS['boundary-markers'],
    reasonRequiredFor: REASON_REQUIRED_FOR['boundary-markers'],
    table: 'boundary_markers',
    nameZh: '界桩',
    nameEn: 'boundary marker',
    insertDefaults: { origin: 'manual' },
    districtExpr: '(SELECT l.district_code FROM boundary_lines l WHERE l.id = r.line_id)',
    fields: {
      lineId: { column: 'line_id', type: 'id', required: true },
      number: { column: 'number', type: 'text', required: true },
      markerType: { column: 'marker_type', type: 'text', required: true },
      material: { column: 'material', type: 'text', required: true },
      condition: { column: 'condition', type: 'text', required: true },
      geometry: { column: 'geom', type: 'geometry', geometry: 'Point', required: true },
      elevationM: { column: 'elevation_m', type: 'number', default: null },
      dateSet: { column: 'date_set', type: 'date', default: null },
      responsibleSide: { column: 'responsible_side', type: 'text', default: null },
      offLineException: { column: 'off_line_exception', type: 'boolean', default: false },
      note: { column: 'note', type: 'text', default: null },
      photoIds: { column: 'photo_ids', type: 'idArray', default: [] },
      /** Metres (GPS accuracy, 1 σ) of a position taken on a device; null when surveyed or drawn. */
      positionAccuracyM: { column: 'position_accuracy_m', type: 'number', default: null },
      origin: { column: 'origin', type: 'text', readOnly: true },
    },
    extras: {
      lineCode: '(SELECT l.code FROM boundary_lines l WHERE l.id = r.line_id)',
      lineName: '(SELECT l.name FROM boundary_lines l WHERE l.id = r.line_id)',
      distanceToLineM:
        '(SELECT round(ST_Distance(r.geom::geography, l.geom::geography)::numeric, 1) FROM boundary_lines l WHERE l.id = r.line_id)',
    },
  },
  inspections: {
    id: 'inspections',
    writerRoles: BOUNDARY_WRITERS,
    tag: 'boundaries',
    transitions: TRANSITIONS.inspections,
    statusField: STATUS_FIELDS.inspections,
    reasonRequiredFor: REASON_REQUIRED_FOR.inspections,
    table: 'boundary_inspections',
    nameZh: '联检',
    nameEn: 'inspection',
    districtExpr: '(SELECT l.district_code FROM boundary_lines l WHERE l.id = r.line_id)',
    fields: {
      lineId: { column: 'line_id', type: 'id', required: true },
      round: { column: 'round', type: 'integer', required: true },
      kind: { column: 'kind', type: 'text', default: 'regular' },
      status: { column: 'status', type: 'text', required: true },
      startDate: { column: 'start_date', type: 'date', required: true },
      endDate: { column: 'end_date', type: 'date', default: null },
      ourSidePeople: { column: 'our_side_people', type: 'json', default: [] },
      otherSidePeople: { column: 'other_side_people', type: 'json', default: [] },
      findings: { column: 'findings', type: 'json', default: [] },
      surveyNotes: { column: 'survey_notes', type: 'text', default: null },
      problems: { column: 'problems', type: 'text', default: null },
      settlement: { column: 'settlement', type: 'text', default: null },
      report: { column: 'report', type: 'text', default: null },
    },
    extras: {
      lineCode: '(SELECT l.code FROM boundary_lines l WHERE l.id = r.line_id)',
      lineName: '(SELECT l.name FROM boundary_lines l WHERE l.id = r.line_id)',
    },
  },
  disputes: {
    id: 'disputes',
    writerRoles: BOUNDARY_WRITERS,
    tag: 'boundaries',
    transitions: TRANSITIONS.disputes,
    statusField: STATUS_FIELDS.disputes,
    reasonRequiredFor: REASON_REQUIRED_FOR.disputes,
    table: 'boundary_disputes',
    nameZh: '争议',
    nameEn: 'dispute',
    districtExpr: 'r.district_code',
    fields: {
      title: { column: 'title', type: 'text', required: true },
      districtCode: { column: 'district_code', type: 'text', required: true },
      lineId: { column: 'line_id', type: 'id', default: null },
      parties: { column: 'parties', type: 'json', required: true },
      area: { column: 'area', type: 'geometry', geometry: 'MultiPolygon', default: null },
      claims: { column: 'claims', type: 'json', default: [] },
      causeType: { column: 'cause_type', type: 'text', required: true },
      cause: { column: 'cause', type: 'text', default: null },
      stage: { column: 'stage', type: 'text', required: true },
      riskLevel: { column: 'risk_level', type: 'text', required: true },
      documents: { column: 'documents', type: 'json', default: [] },
      discoveredOn: { column: 'discovered_on', type: 'date', required: true },
      resolvedOn: { column: 'resolved_on', type: 'date', default: null },
      resolution: { column: 'resolution', type: 'text', default: null },
    },
  },
};
