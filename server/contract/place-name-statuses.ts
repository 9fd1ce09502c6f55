// The place-naming workflow (申报 → 审核 → 批准 → 公告; 更名/注销) as data: statuses, the allowed
// steps, and who may take each step. Plain data, shared with the client.
import { PLACE_NAME_APPROVERS, PLACE_NAME_WRITERS, type Role } from './roles.ts';
import type { Term } from './terms.ts';

export const PLACE_NAME_STATUS_TERMS = [
  { code: 'proposed', zh: '申报', en: 'Proposed' },
  { code: 'reviewing', zh: '审核', en: 'Under review' },
  { code: 'approved', zh: '批准', en: 'Approved' },
  { code: 'published', zh: '公告', en: 'Published' },
  { code: 'retired', zh: '更名/注销', en: 'Retired' },
] as const satisfies readonly Term[];
export type PlaceNameStatus = (typeof PLACE_NAME_STATUS_TERMS)[number]['code'];
export const PLACE_NAME_STATUSES: readonly PlaceNameStatus[] = PLACE_NAME_STATUS_TERMS.map((t) => t.code);

/** What the public sees: published names and retired (historical) ones. */
export const PUBLIC_PLACE_NAME_STATUSES: readonly PlaceNameStatus[] = ['published', 'retired'];

/** A review may send a proposal back; an approval not yet published may go back to review. */
export const PLACE_NAME_TRANSITIONS: Record<PlaceNameStatus, readonly PlaceNameStatus[]> = {
  proposed: ['reviewing'],
  reviewing: ['proposed', 'approved'],
  approved: ['reviewing', 'published'],
  published: ['retired'],
  retired: [],
};

/** Who may move a name into each status: editors submit, approvers decide. */
export const PLACE_NAME_STEP_ROLES: Record<PlaceNameStatus, readonly Role[]> = {
  proposed: PLACE_NAME_APPROVERS,
  reviewing: PLACE_NAME_WRITERS,
  approved: PLACE_NAME_APPROVERS,
  published: PLACE_NAME_APPROVERS,
  retired: PLACE_NAME_APPROVERS,
};
