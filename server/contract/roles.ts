// The staff roles and what each may write. Plain data, no server imports, so the client can use it;
// server/contract/vocabularies.ts re-exports the terms. `admin` passes every role check.
import { type Codes, codesOf, terms } from './terms.ts';

export const ROLE_TERMS = terms([
  ['admin', '管理员', 'Administrator'],
  ['boundary_editor', '界线编辑', 'Boundary editor'],
  ['planner', '规划人员', 'Planner'],
  ['viewer', '只读人员', 'Viewer'],
  ['place_name_editor', '地名编辑', 'Place-name editor'],
  ['place_name_approver', '地名审批', 'Place-name approver'],
]);
export const ROLES = codesOf(ROLE_TERMS);
export type Role = Codes<typeof ROLE_TERMS>;

/** Who writes the care map: facilities and village figures, one by one or by import. */
export const FACILITY_WRITERS = ['planner'] as const satisfies readonly Role[];
/** Who proposes and edits place names (an approver may too). */
export const PLACE_NAME_WRITERS = [
  'place_name_editor',
  'place_name_approver',
] as const satisfies readonly Role[];
/** Who approves, publishes and retires names and keeps the protection lists. */
export const PLACE_NAME_APPROVERS = ['place_name_approver'] as const satisfies readonly Role[];
