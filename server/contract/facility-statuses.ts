// Facility statuses and the changes allowed between them (each change needs a reason). Plain data,
// shared with the client; server/contract/vocabularies.ts re-exports the terms.
import { type Codes, codesOf, terms } from './terms.ts';

export const FACILITY_STATUS_TERMS = terms([
  ['operating', '运营中', 'Operating'],
  ['under_construction', '在建', 'Under construction'],
  ['planned', '规划', 'Planned'],
  ['closed', '停办', 'Closed'],
]);
export const FACILITY_STATUSES = codesOf(FACILITY_STATUS_TERMS);
export type FacilityStatus = Codes<typeof FACILITY_STATUS_TERMS>;

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
