// What the dispute list, form and map agree on: stages and the moves between them, the choices of
// the form's selects, and the shape of parties and claim lines.
import type { BoundaryRecord } from './boundaryApi.ts';

export const STAGES = ['found', 'negotiating', 'reported', 'adjudicated'] as const;
/** The transitions the API enforces (server/modules/boundaries/kinds.ts TRANSITIONS.disputes). */
export const NEXT_STAGES: Record<string, string[]> = {
  found: ['negotiating', 'reported'],
  negotiating: ['reported'],
  reported: ['negotiating', 'adjudicated'],
  adjudicated: [],
};
export const CAUSES = ['land', 'forest', 'mineral', 'water', 'other'];
export const RISKS = ['low', 'medium', 'high'];

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
