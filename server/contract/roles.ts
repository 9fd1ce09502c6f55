// The staff roles and what each may write. Plain data, no server imports, so the client can use it;
// server/contract/vocabularies.ts re-exports the terms. `admin` passes every role check.
import type { Term } from './vocabularies.ts';

export const ROLE_TERMS = [
  { code: 'admin', zh: '管理员', en: 'Administrator' },
  { code: 'boundary_editor', zh: '界线编辑', en: 'Boundary editor' },
  { code: 'planner', zh: '规划人员', en: 'Planner' },
  { code: 'viewer', zh: '只读人员', en: 'Viewer' },
  { code: 'place_name_editor', zh: '地名编辑', en: 'Place-name editor' },
  { code: 'place_name_approver', zh: '地名审批', en: 'Place-name approver' },
] as const satisfies readonly Term[];
export type Role = (typeof ROLE_TERMS)[number]['code'];
export const ROLES: readonly Role[] = ROLE_TERMS.map((t) => t.code);

/** Who writes the care map: facilities and village figures, one by one or by import. */
export const FACILITY_WRITERS = ['planner'] as const satisfies readonly Role[];
/** Who proposes and edits place names (an approver may too). */
export const PLACE_NAME_WRITERS = [
  'place_name_editor',
  'place_name_approver',
] as const satisfies readonly Role[];
/** Who approves, publishes and retires names and keeps the protection lists. */
export const PLACE_NAME_APPROVERS = ['place_name_approver'] as const satisfies readonly Role[];
