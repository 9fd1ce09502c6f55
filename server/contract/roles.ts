// The staff roles and what each may write. Plain data, no server imports, so the client can use it.
// `admin` passes every role check.

export const ROLES = [
  'admin',
  'boundary_editor',
  'planner',
  'viewer',
  'place_name_editor',
  'place_name_approver',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'Administrator' },
  boundary_editor: { zh: '界线编辑', en: 'Boundary editor' },
  planner: { zh: '规划人员', en: 'Planner' },
  viewer: { zh: '只读人员', en: 'Viewer' },
  place_name_editor: { zh: '地名编辑', en: 'Place-name editor' },
  place_name_approver: { zh: '地名审批', en: 'Place-name approver' },
};

/** Who writes the care map: facilities and village figures, one by one or by import. */
export const FACILITY_WRITERS = ['planner'] as const satisfies readonly Role[];
/** Who proposes and edits place names (an approver may too). */
export const PLACE_NAME_WRITERS = [
  'place_name_editor',
  'place_name_approver',
] as const satisfies readonly Role[];
/** Who approves, publishes and retires names and keeps the protection lists. */
export const PLACE_NAME_APPROVERS = ['place_name_approver'] as const satisfies readonly Role[];
