// What the dispute list, form and map agree on: stages and the moves between them, the choices of
// the form's selects, and the shape of parties and claim lines.
import {
  DISPUTE_CAUSES,
  DISPUTE_STAGES,
  RISK_LEVELS,
  TRANSITIONS,
} from '../../../server/contract/vocabularies.ts';
import type { BoundaryRecord } from './boundaryApi.ts';

export const STAGES = DISPUTE_STAGES;
export const NEXT_STAGES: Record<string, readonly string[]> = TRANSITIONS.disputes;
export const CAUSES = DISPUTE_CAUSES;
export const RISKS = RISK_LEVELS;

export const isOpen = (d: BoundaryRecord) => d.stage !== 'adjudicated' && !d.deletedAt;

export const today = () => new Date().toISOString().slice(0, 10);

export interface Party {
  name: string;
  unitCode?: string | null;
}
export interface Claim {
  party: string;
  geometry: GeoJSON.Geometry;
  note?: string | null;
}

/** The fields the dispute form shows (a problem with any other one is listed under the form). */
export const FORM_FIELDS = [
  'title',
  'parties',
  'causeType',
  'cause',
  'stage',
  'riskLevel',
  'lineId',
  'discoveredOn',
  'resolvedOn',
  'resolution',
  'area',
  'claims',
  'reason',
];
export const shownInForm = (field: string) =>
  FORM_FIELDS.some((f) => field === f || field.startsWith(`${f}[`) || field.startsWith(`${f}.`));
