// Facility statuses and the changes allowed between them (each change needs a reason). Plain data,
// shared with the client.

export const FACILITY_STATUSES = ['planned', 'under_construction', 'operating', 'closed'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

export const FACILITY_STATUS_NAMES: Record<FacilityStatus, { zh: string; en: string }> = {
  planned: { zh: '规划', en: 'Planned' },
  under_construction: { zh: '在建', en: 'Under construction' },
  operating: { zh: '运营', en: 'Operating' },
  closed: { zh: '停办', en: 'Closed' },
};

/**
 * 规划 → 在建 → 运营 → 停办. A plan may be dropped (closed) or built at once (operating, for a
 * facility fitted into an existing building); a closed facility may reopen.
 */
export const FACILITY_TRANSITIONS: Record<FacilityStatus, readonly FacilityStatus[]> = {
  planned: ['under_construction', 'operating', 'closed'],
  under_construction: ['operating', 'planned', 'closed'],
  operating: ['closed'],
  closed: ['operating'],
};

export const FACILITY_OPERATORS = ['public', 'private', 'public_built_private_run'] as const;
