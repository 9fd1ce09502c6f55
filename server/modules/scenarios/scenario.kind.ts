// Saved coverage scenarios as a record kind: the same versions, If-Match and history as every
// record, written by planners. Their routes are their own (scenarios.routes.ts: responses add who
// saved them), so the generic record routes leave this kind out.
import type { KindDefinition } from '../records/kinds.ts';

export const SCENARIO_KIND: KindDefinition = {
  id: 'scenarios',
  table: 'scenarios',
  nameZh: '覆盖方案',
  nameEn: 'coverage scenario',
  writerRoles: ['planner'],
  tag: 'scenarios',
  reasonRequiredFor: [],
  districtExpr: 'r.district_code',
  ownRoutes: true,
  fields: {
    name: { column: 'name', type: 'text', required: true },
    districtCode: { column: 'district_code', type: 'text', required: true },
    params: { column: 'params', type: 'json', required: true },
    note: { column: 'note', type: 'text', default: null },
  },
};
