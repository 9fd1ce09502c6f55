// Facility statuses and the changes allowed between them (each change needs a reason). Plain data,
// shared with the client; server/contract/vocabularies.ts re-exports the terms.
import type { Term } from './vocabularies.ts';

export const FACILITY_STATUS_TERMS = [
  { code: 'operating', zh: '运营中', en: 'Operating' },
  { code: 'under_construction', zh: '在建', en: 'Under construction' },
  { code: 'planned', zh: '规划', en: 'Planned' },
  { code: 'closed', zh: '停办', en: 'Closed' },
] as const satisfies readonly Term[];
export type FacilityStatus = (typeof FACILITY_STATUS_TERMS)[number]['code'];
export const FACILITY_STATUSES: readonly FacilityStatus[] = FACILITY_STATUS_TERMS.map((t) => t.code);

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
