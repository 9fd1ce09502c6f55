// Facilities and village figures as record kinds (server/modules/records/kinds.ts): the fields as
// the OGC items show them, camelCase. A facility's district, town and village are worked out from
// its position (facility.validation.ts), never taken from the request.
import { FACILITY_TRANSITIONS } from '../../contract/facility-statuses.ts';
import { FACILITY_WRITERS } from '../../contract/roles.ts';
import type { KindDefinition } from '../records/kinds.ts';

export const FACILITY_KIND: KindDefinition = {
  id: 'facilities',
  table: 'facility_records',
  nameZh: '设施',
  nameEn: 'facility',
  writerRoles: FACILITY_WRITERS,
  tag: 'facilities',
  statusField: 'status',
  transitions: FACILITY_TRANSITIONS,
  reasonRequiredFor: ['status'],
  insertDefaults: { origin: 'manual' },
  districtExpr: 'r.district_code',
  listFilters: { status: 'r.status', category: 'r.category', subtype: 'r.subtype', town: 'r.town_code' },
  fields: {
    code: { column: 'code', type: 'text', default: null },
    name: { column: 'name', type: 'text', required: true },
    category: { column: 'category', type: 'text', default: null },
    subtype: { column: 'subtype', type: 'text', required: true },
    address: { column: 'address', type: 'text', default: null },
    operator: { column: 'operator', type: 'text', required: true },
    status: { column: 'status', type: 'text', required: true },
    beds: { column: 'beds', type: 'integer', default: null },
    nursingBeds: { column: 'nursing_beds', type: 'integer', default: null },
    floorAreaM2: { column: 'floor_area_m2', type: 'number', default: null },
    openedYear: { column: 'opened_year', type: 'integer', default: null },
    phone: { column: 'phone', type: 'text', default: null },
    geometry: { column: 'geom', type: 'geometry', geometry: 'Point', required: true },
    districtCode: { column: 'district_code', type: 'text', derived: true },
    townCode: { column: 'town_code', type: 'text', derived: true },
    villageCode: { column: 'village_code', type: 'text', derived: true },
    origin: { column: 'origin', type: 'text', readOnly: true },
  },
  extras: {
    subtypeName: '(SELECT s.name_zh FROM facility_subtypes s WHERE s.subtype = r.subtype)',
    tier: '(SELECT s.tier FROM facility_subtypes s WHERE s.subtype = r.subtype)',
    townName: '(SELECT t.name FROM towns t WHERE t.code = r.town_code)',
    villageName: '(SELECT v.name FROM villages v WHERE v.code = r.village_code)',
  },
};

export const VILLAGE_FIGURES_KIND: KindDefinition = {
  id: 'village-figures',
  table: 'village_figures',
  nameZh: '村（社区）人口',
  nameEn: 'village figures',
  writerRoles: FACILITY_WRITERS,
  tag: 'villages',
  reasonRequiredFor: ['population', 'elderlyPopulation', 'households'],
  insertDefaults: { origin: 'manual' },
  districtExpr: '(SELECT v.district_code FROM villages v WHERE v.code = r.village_code)',
  listFilters: { village: 'r.village_code', year: 'r.year::text' },
  fields: {
    villageCode: { column: 'village_code', type: 'text', required: true },
    year: { column: 'year', type: 'integer', required: true },
    population: { column: 'population', type: 'integer', required: true },
    elderlyPopulation: { column: 'elderly_population', type: 'integer', required: true },
    households: { column: 'households', type: 'integer', required: true },
    source: { column: 'source', type: 'text', default: null },
    origin: { column: 'origin', type: 'text', readOnly: true },
  },
  extras: {
    villageName: '(SELECT v.name FROM villages v WHERE v.code = r.village_code)',
  },
};
