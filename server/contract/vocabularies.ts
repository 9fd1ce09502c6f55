// Every coded value the server, the client, the demo generator and the exports share, declared
// once with its Chinese and English label: facility categories and subtypes, boundary record
// vocabularies, dispute stages and their allowed changes, which changes need a reason, the life
// circles and the text limits. The database's CHECK constraints and facility_subtypes rows must
// say the same (tests/api/contract-vs-database.test.ts fails when they do not); a change here
// goes with a migration. Plain data, no server imports, so the client bundles it too.

export type { Codes, Lang, Term } from './terms.ts';
export { codesOf, labelPairs, termLabel, terms } from './terms.ts';

import { type Codes, codesOf, type Term, terms } from './terms.ts';

// --- Facilities ------------------------------------------------------------------------------------

export const FACILITY_CATEGORY_TERMS = terms([
  ['elderly_care', '养老服务', 'Elderly care'],
  ['funeral', '殡葬服务', 'Funeral'],
  ['community', '社区服务', 'Community'],
]);
export const FACILITY_CATEGORIES = codesOf(FACILITY_CATEGORY_TERMS);
export type FacilityCategory = Codes<typeof FACILITY_CATEGORY_TERMS>;

/** The service radius of each subtype is data (staff set it; the API serves it), not vocabulary. */
export interface SubtypeTerm extends Term {
  category: FacilityCategory;
  /** Map symbol size: 1 district-level … 4 village or home. */
  tier: 1 | 2 | 3 | 4;
  sortOrder: number;
}

type SubtypeRow = readonly [
  code: string,
  category: FacilityCategory,
  zh: string,
  en: string,
  tier: SubtypeTerm['tier'],
  sortOrder: number,
];
type SubtypeTerms<R extends readonly SubtypeRow[]> = {
  readonly [K in keyof R]: SubtypeTerm & { code: R[K][0] };
};
function subtypes<const R extends readonly SubtypeRow[]>(rows: R): SubtypeTerms<R> {
  const all = rows.map(([code, category, zh, en, tier, sortOrder]) => ({
    code,
    category,
    zh,
    en,
    tier,
    sortOrder,
  }));
  return all as unknown as SubtypeTerms<R>;
}

export const FACILITY_SUBTYPE_TERMS = subtypes([
  // [code, category, zh, en, tier, sortOrder]
  ['institution', 'elderly_care', '养老机构', 'Elderly-care institution', 1, 10],
  ['nursing_centre', 'elderly_care', '老年养护中心', 'Elderly nursing centre', 1, 11],
  ['care_home', 'elderly_care', '敬老院', 'Township care home', 2, 12],
  ['town_centre', 'elderly_care', '镇街养老服务中心', 'Town elderly-service centre', 2, 13],
  ['community_station', 'elderly_care', '社区养老服务站', 'Community elderly-care station', 3, 14],
  ['village_point', 'elderly_care', '农村互助养老点', 'Village mutual-aid point', 4, 15],
  ['canteen', 'elderly_care', '社区老年食堂', 'Elderly canteen', 3, 16],
  ['funeral_home', 'funeral', '殡仪馆', 'Funeral home', 1, 20],
  ['funeral_station', 'funeral', '殡仪服务站', 'Funeral service station', 2, 21],
  ['urban_public_cemetery', 'funeral', '城市公益性公墓', 'Urban public-welfare cemetery', 1, 22],
  ['commercial_cemetery', 'funeral', '经营性公墓', 'Commercial cemetery', 1, 23],
  ['rural_public_cemetery', 'funeral', '农村公益性公墓', 'Rural public cemetery', 2, 24],
  ['funeral_service_point', 'funeral', '治丧服务中心（点）', 'Funeral service point', 3, 25],
  ['ash_repository', 'funeral', '骨灰安放设施', 'Ash repository', 2, 26],
  ['community_centre', 'community', '城乡社区综合服务设施', 'Community service centre', 3, 30],
  ['social_work_station', 'community', '镇街社会工作站', 'Social-work station', 2, 31],
  ['minors_protection_station', 'community', '未成年人保护工作站', 'Minors-protection station', 2, 32],
  ['child_home', 'community', '儿童之家', "Children's home", 3, 33],
  ['rehab_home', 'community', '渝康家园', 'Mental-health rehab home', 2, 34],
  ['volunteer_point', 'community', '志愿服务站点', 'Volunteer point', 3, 35],
  ['marriage_registry', 'community', '婚姻登记处', 'Marriage registry', 1, 36],
  ['relief_station', 'community', '救助管理站', 'Relief station', 1, 37],
]);
export const FACILITY_SUBTYPES = codesOf(FACILITY_SUBTYPE_TERMS);
export type FacilitySubtype = Codes<typeof FACILITY_SUBTYPE_TERMS>;

// Facility statuses (with closed) and their steps: server/contract/facility-statuses.ts.
export { FACILITY_STATUS_TERMS, FACILITY_STATUSES, type FacilityStatus } from './facility-statuses.ts';

export const FACILITY_OPERATOR_TERMS = terms([
  ['public', '公办', 'Public'],
  ['private', '民办', 'Private'],
  ['public_built_private_run', '公建民营', 'Public-built, privately run'],
]);
export const FACILITY_OPERATORS = codesOf(FACILITY_OPERATOR_TERMS);
export type FacilityOperator = Codes<typeof FACILITY_OPERATOR_TERMS>;

/** Life circles (GB 50180-2018): walking time → radius in metres. */
export const LIFE_CIRCLES = { '5min': 300, '10min': 500, '15min': 1000 } as const;
export type LifeCircle = keyof typeof LIFE_CIRCLES;

// --- Boundary records (docs/DOMAIN.md §5) ------------------------------------------------------

export const LINE_LEVEL_TERMS = terms([
  ['provincial', '省级', 'Provincial'],
  ['county', '县级', 'County'],
  ['township', '乡级', 'Township'],
]);
export const LINE_STATUS_TERMS = terms([
  ['undelimited', '未勘定', 'Undelimited'],
  ['delimiting', '勘定中', 'Being delimited'],
  ['delimited', '已勘定', 'Delimited'],
  ['disputed', '争议', 'Disputed'],
]);
export const MARKER_TYPE_TERMS = terms([
  ['single', '单立 (Q)', 'Single (Q)'],
  ['double', '同号双立 (A/B)', 'Pair (A/B)'],
  ['triple', '同号三立 (C/D/E)', 'Triple (C/D/E)'],
]);
export const MARKER_MATERIAL_TERMS = terms([
  ['granite', '花岗岩', 'Granite'],
  ['concrete', '混凝土', 'Concrete'],
  ['steel', '钢质', 'Steel'],
  ['composite', '复合材料', 'Composite'],
  ['other', '其他', 'Other'],
]);
export const MARKER_CONDITION_TERMS = terms([
  ['intact', '完好', 'Intact'],
  ['damaged', '损坏', 'Damaged'],
  ['missing', '丢失', 'Missing'],
  ['displaced', '移位', 'Displaced'],
  ['illegible', '字迹不清', 'Illegible'],
]);
export const INSPECTION_KIND_TERMS = terms([
  ['regular', '五年例行', 'Regular (5-year)'],
  ['extra', '专项', 'Extra'],
]);
export const INSPECTION_STATUS_TERMS = terms([
  ['planned', '计划', 'Planned'],
  ['in_progress', '进行中', 'In progress'],
  ['completed', '已完成', 'Completed'],
]);
export const DISPUTE_CAUSE_TERMS = terms([
  ['land', '土地', 'Land'],
  ['forest', '林地', 'Forest'],
  ['mineral', '矿产', 'Minerals'],
  ['water', '水资源', 'Water'],
  ['other', '其他', 'Other'],
]);
export const DISPUTE_STAGE_TERMS = terms([
  ['found', '发现', 'Found'],
  ['negotiating', '协商', 'Negotiating'],
  ['reported', '上报', 'Reported'],
  ['adjudicated', '裁决', 'Adjudicated'],
]);
export const RISK_LEVEL_TERMS = terms([
  ['low', '低', 'Low'],
  ['medium', '中', 'Medium'],
  ['high', '高', 'High'],
]);

export const LINE_LEVELS = codesOf(LINE_LEVEL_TERMS);
export const LINE_STATUSES = codesOf(LINE_STATUS_TERMS);
export const MARKER_TYPES = codesOf(MARKER_TYPE_TERMS);
export const MARKER_MATERIALS = codesOf(MARKER_MATERIAL_TERMS);
export const MARKER_CONDITIONS = codesOf(MARKER_CONDITION_TERMS);
export const INSPECTION_KINDS = codesOf(INSPECTION_KIND_TERMS);
export const INSPECTION_STATUSES = codesOf(INSPECTION_STATUS_TERMS);
export const DISPUTE_CAUSES = codesOf(DISPUTE_CAUSE_TERMS);
export const DISPUTE_STAGES = codesOf(DISPUTE_STAGE_TERMS);
export const RISK_LEVELS = codesOf(RISK_LEVEL_TERMS);
export type LineLevel = Codes<typeof LINE_LEVEL_TERMS>;
export type LineStatus = Codes<typeof LINE_STATUS_TERMS>;
export type MarkerType = Codes<typeof MARKER_TYPE_TERMS>;
export type MarkerMaterial = Codes<typeof MARKER_MATERIAL_TERMS>;
export type InspectionKind = Codes<typeof INSPECTION_KIND_TERMS>;
export type InspectionStatus = Codes<typeof INSPECTION_STATUS_TERMS>;
export type DisputeCause = Codes<typeof DISPUTE_CAUSE_TERMS>;
export type RiskLevel = Codes<typeof RISK_LEVEL_TERMS>;
export type MarkerCondition = Codes<typeof MARKER_CONDITION_TERMS>;
export type DisputeStage = Codes<typeof DISPUTE_STAGE_TERMS>;

/** Marker number letter per type: 单立 Q; 同号双立 A/B; 同号三立 C/D/E. */
export const MARKER_LETTERS: Record<Codes<typeof MARKER_TYPE_TERMS>, string> = {
  single: 'Q',
  double: 'AB',
  triple: 'CDE',
};

/**
 * Allowed status changes. Lines: 未勘定 → 勘定中 → 已勘定, and a line may fall into or come out
 * of 争议; an agreed line is re-surveyed (勘定中) rather than reset to 未勘定. Inspections go
 * forward only. Disputes move 发现 → 协商 → 上报 → 裁决; a reported dispute may be sent back
 * for more negotiation, and one found may be reported straight away.
 */
export const TRANSITIONS = {
  'boundary-lines': {
    undelimited: ['delimiting', 'disputed'],
    delimiting: ['delimited', 'disputed', 'undelimited'],
    delimited: ['delimiting', 'disputed'],
    disputed: ['delimiting', 'delimited'],
  },
  inspections: {
    planned: ['in_progress', 'completed'],
    in_progress: ['completed'],
    completed: [],
  },
  disputes: {
    found: ['negotiating', 'reported'],
    negotiating: ['reported'],
    reported: ['negotiating', 'adjudicated'],
    adjudicated: [],
  },
} as const satisfies {
  'boundary-lines': Record<Codes<typeof LINE_STATUS_TERMS>, readonly Codes<typeof LINE_STATUS_TERMS>[]>;
  inspections: Record<
    Codes<typeof INSPECTION_STATUS_TERMS>,
    readonly Codes<typeof INSPECTION_STATUS_TERMS>[]
  >;
  disputes: Record<Codes<typeof DISPUTE_STAGE_TERMS>, readonly Codes<typeof DISPUTE_STAGE_TERMS>[]>;
};

/** The field whose changes follow TRANSITIONS, per kind of boundary record. */
export const STATUS_FIELDS = {
  'boundary-lines': 'status',
  'boundary-markers': 'condition',
  inspections: 'status',
  disputes: 'stage',
} as const;

/** Changing any of these fields needs a reason (a status change, or moving a marker). */
export const REASON_REQUIRED_FOR = {
  'boundary-lines': ['status'],
  'boundary-markers': ['condition', 'geometry'],
  inspections: ['status'],
  disputes: ['stage'],
} as const satisfies Record<keyof typeof STATUS_FIELDS, readonly string[]>;

// --- Accounts ---------------------------------------------------------------------------------------

// The roles (with the place-name editor and approver): server/contract/roles.ts.
export { ROLE_TERMS, ROLES, type Role } from './roles.ts';

// --- Text and list limits --------------------------------------------------------------------------

/** Limits in characters (code points) or items, the same in route schemas, validation and forms. */
export const LIMITS = {
  /** The reason given for a change, a delete or a restore. */
  reasonChars: 500,
  /** Photos attached to one marker. */
  photoIds: 20,
  /** A free note (marker, finding, claim line). */
  noteChars: 2000,
  /** Longer free texts (course description, survey notes, cause, resolution). */
  longTextChars: 5000,
  /** An inspection report. */
  reportChars: 20000,
} as const;
