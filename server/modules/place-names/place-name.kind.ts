// Place names and vanished names (消失地名) as record kinds (server/modules/records/kinds.ts). A
// place name's fields are named as GET /api/place-names/{id} shows them (origin = 来历, meaning =
// 含义, history = 沿革, approval {by, date, document}, aliases = former names and aliases); its
// district, town and village are worked out from its geometry. Proposals start as `proposed` and
// move through the naming workflow (server/contract/place-name-statuses.ts); anonymous callers
// see published and retired names only.
import {
  PLACE_NAME_STEP_ROLES,
  PLACE_NAME_TRANSITIONS,
  PUBLIC_PLACE_NAME_STATUSES,
} from '../../contract/place-name-statuses.ts';
import { PLACE_NAME_WRITERS } from '../../contract/roles.ts';
import type { KindDefinition } from '../records/kinds.ts';

const ALIASES_SQL = `(SELECT coalesce(json_agg(json_build_object('name', a.name, 'kind', a.kind,
  'validFrom', a.valid_from, 'validTo', a.valid_to, 'note', a.note) ORDER BY a.valid_from NULLS FIRST, a.id), '[]'::json)
  FROM place_name_aliases a WHERE a.place_name_id = r.id)`;

export const PLACE_NAME_KIND: KindDefinition = {
  id: 'place-names',
  table: 'place_name_records',
  nameZh: '地名',
  nameEn: 'place name',
  writerRoles: PLACE_NAME_WRITERS,
  tag: 'place-names',
  statusField: 'status',
  transitions: PLACE_NAME_TRANSITIONS,
  statusRoles: PLACE_NAME_STEP_ROLES,
  initialStatus: 'proposed',
  reasonRequiredFor: ['status', 'name'],
  insertDefaults: { origin: 'manual' },
  districtExpr: 'r.district_code',
  publicWhere: `r.status IN (${PUBLIC_PLACE_NAME_STATUSES.map((s) => `'${s}'`).join(', ')})`,
  listFilters: { status: 'r.status', town: 'r.town_code', category: 'r.category' },
  // GET /api/place-names/{id} is the place-name module's record (place-names.routes.ts).
  skipRoutes: ['getOne'],
  fields: {
    code: { column: 'code', type: 'text', default: null },
    name: { column: 'name', type: 'text', required: true },
    pinyin: { column: 'pinyin', type: 'text', default: null },
    pinyinOverridden: { column: 'pinyin_overridden', type: 'boolean', default: false },
    category: { column: 'category', type: 'text', required: true },
    geometry: { column: 'geom', type: 'geometry', geometry: 'Any', required: true },
    origin: { column: 'name_origin', type: 'text', default: null },
    meaning: { column: 'name_meaning', type: 'text', default: null },
    history: { column: 'name_history', type: 'text', default: null },
    aliases: {
      column: 'aliases',
      type: 'json',
      default: [],
      readSql: ALIASES_SQL,
      writeChild: 'place-name-aliases',
    },
    isHistorical: { column: 'is_historical', type: 'boolean', default: false },
    approval: {
      column: 'approval',
      type: 'composite',
      default: { by: null, date: null, document: null },
      parts: {
        by: { column: 'approved_by', type: 'text' },
        date: { column: 'approved_date', type: 'date' },
        document: { column: 'approval_document', type: 'text' },
      },
    },
    status: { column: 'status', type: 'text', required: true },
    validFrom: { column: 'valid_from', type: 'date', default: null },
    validTo: { column: 'valid_to', type: 'date', default: null },
    source: { column: 'source', type: 'text', default: '手工录入' },
    districtCode: { column: 'district_code', type: 'text', derived: true },
    townCode: { column: 'town_code', type: 'text', derived: true },
    villageCode: { column: 'village_code', type: 'text', derived: true },
    dataOrigin: { column: 'origin', type: 'text', readOnly: true },
    // Kept by the protection lists (protection-lists.routes.ts): the earliest list the name is on.
    protection: {
      column: 'protection',
      type: 'composite',
      derived: true,
      parts: {
        list: { column: 'protection_list', type: 'text' },
        batch: { column: 'protection_batch', type: 'integer' },
        year: { column: 'protection_year', type: 'integer' },
      },
    },
  },
  extras: {
    categoryName: '(SELECT c.name_zh FROM place_name_categories c WHERE c.category = r.category)',
    districtName: '(SELECT d.name FROM districts d WHERE d.code = r.district_code)',
    townName: '(SELECT t.name FROM towns t WHERE t.code = r.town_code)',
  },
};

export const VANISHED_NAME_KIND: KindDefinition = {
  id: 'vanished-names',
  table: 'vanished_names',
  nameZh: '消失地名',
  nameEn: 'vanished name',
  writerRoles: PLACE_NAME_WRITERS,
  tag: 'place-names',
  reasonRequiredFor: [],
  districtExpr: 'r.district_code',
  listFilters: { town: 'r.town_code' },
  fields: {
    name: { column: 'name', type: 'text', required: true },
    pinyin: { column: 'pinyin', type: 'text', default: null },
    districtCode: { column: 'district_code', type: 'text', required: true },
    townCode: { column: 'town_code', type: 'text', default: null },
    place: { column: 'place', type: 'text', required: true },
    geometry: { column: 'geom', type: 'geometry', geometry: 'Point', default: null },
    periodFrom: { column: 'period_from', type: 'text', default: null },
    periodTo: { column: 'period_to', type: 'text', default: null },
    cause: { column: 'cause', type: 'text', default: null },
    note: { column: 'note', type: 'text', default: null },
    dataOrigin: { column: 'origin', type: 'text', readOnly: true },
  },
  extras: {
    districtName: '(SELECT d.name FROM districts d WHERE d.code = r.district_code)',
    townName: '(SELECT t.name FROM towns t WHERE t.code = r.town_code)',
  },
};
