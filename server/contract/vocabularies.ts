// Every coded value the server, the client, the demo generator and the exports share, declared
// once with its Chinese and English label: facility categories and subtypes, boundary record
// vocabularies, dispute stages and their allowed changes, which changes need a reason, the life
// circles and the text limits. The database's CHECK constraints and facility_subtypes rows must
// say the same (tests/api/contract-vs-database.test.ts fails when they do not); a change here
// goes with a migration. Plain data, no server imports, so the client bundles it too.

export interface Term<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';
type Codes<V extends readonly Term[]> = V[number]['code'];

const codesOf = <V extends readonly Term[]>(terms: V): readonly Codes<V>[] => terms.map((t) => t.code);

/** The label of `code` in `lang`, or the code itself when the vocabulary does not know it. */
export function termLabel(terms: readonly Term[], code: string, lang: Lang): string {
  return terms.find((t) => t.code === code)?.[lang] ?? code;
}

/** A vocabulary as a code → [zh, en] table (the shape the client's label tables use). */
export const labelPairs = (terms: readonly Term[]): Record<string, [zh: string, en: string]> =>
  Object.fromEntries(terms.map((t) => [t.code, [t.zh, t.en]]));

// --- Facilities ------------------------------------------------------------------------------------

export const FACILITY_CATEGORY_TERMS = [
  { code: 'elderly_care', zh: '养老服务', en: 'Elderly care' },
  { code: 'funeral', zh: '殡葬服务', en: 'Funeral' },
  { code: 'community', zh: '社区服务', en: 'Community' },
] as const satisfies readonly Term[];
export const FACILITY_CATEGORIES = codesOf(FACILITY_CATEGORY_TERMS);
export type FacilityCategory = Codes<typeof FACILITY_CATEGORY_TERMS>;

/** The service radius of each subtype is data (staff set it; the API serves it), not vocabulary. */
export interface SubtypeTerm extends Term {
  category: FacilityCategory;
  /** Map symbol size: 1 district-level … 4 village or home. */
  tier: 1 | 2 | 3 | 4;
  sortOrder: number;
}

export const FACILITY_SUBTYPE_TERMS = [
  {
    code: 'institution',
    category: 'elderly_care',
    zh: '养老机构',
    en: 'Elderly-care institution',
    tier: 1,
    sortOrder: 10,
  },
  {
    code: 'nursing_centre',
    category: 'elderly_care',
    zh: '老年养护中心',
    en: 'Elderly nursing centre',
    tier: 1,
    sortOrder: 11,
  },
  {
    code: 'care_home',
    category: 'elderly_care',
    zh: '敬老院',
    en: 'Township care home',
    tier: 2,
    sortOrder: 12,
  },
  {
    code: 'town_centre',
    category: 'elderly_care',
    zh: '镇街养老服务中心',
    en: 'Town elderly-service centre',
    tier: 2,
    sortOrder: 13,
  },
  {
    code: 'community_station',
    category: 'elderly_care',
    zh: '社区养老服务站',
    en: 'Community elderly-care station',
    tier: 3,
    sortOrder: 14,
  },
  {
    code: 'village_point',
    category: 'elderly_care',
    zh: '农村互助养老点',
    en: 'Village mutual-aid point',
    tier: 4,
    sortOrder: 15,
  },
  {
    code: 'canteen',
    category: 'elderly_care',
    zh: '社区老年食堂',
    en: 'Elderly canteen',
    tier: 3,
    sortOrder: 16,
  },
  {
    code: 'funeral_home',
    category: 'funeral',
    zh: '殡仪馆',
    en: 'Funeral home',
    tier: 1,
    sortOrder: 20,
  },
  {
    code: 'funeral_station',
    category: 'funeral',
    zh: '殡仪服务站',
    en: 'Funeral service station',
    tier: 2,
    sortOrder: 21,
  },
  {
    code: 'urban_public_cemetery',
    category: 'funeral',
    zh: '城市公益性公墓',
    en: 'Urban public-welfare cemetery',
    tier: 1,
    sortOrder: 22,
  },
  {
    code: 'commercial_cemetery',
    category: 'funeral',
    zh: '经营性公墓',
    en: 'Commercial cemetery',
    tier: 1,
    sortOrder: 23,
  },
  {
    code: 'rural_public_cemetery',
    category: 'funeral',
    zh: '农村公益性公墓',
    en: 'Rural public cemetery',
    tier: 2,
    sortOrder: 24,
  },
  {
    code: 'funeral_service_point',
    category: 'funeral',
    zh: '治丧服务中心（点）',
    en: 'Funeral service point',
    tier: 3,
    sortOrder: 25,
  },
  {
    code: 'ash_repository',
    category: 'funeral',
    zh: '骨灰安放设施',
    en: 'Ash repository',
    tier: 2,
    sortOrder: 26,
  },
  {
    code: 'community_centre',
    category: 'community',
    zh: '城乡社区综合服务设施',
    en: 'Community service centre',
    tier: 3,
    sortOrder: 30,
  },
  {
    code: 'social_work_station',
    category: 'community',
    zh: '镇街社会工作站',
    en: 'Social-work station',
    tier: 2,
    sortOrder: 31,
  },
  {
    code: 'minors_protection_station',
    category: 'community',
    zh: '未成年人保护工作站',
    en: 'Minors-protection station',
    tier: 2,
    sortOrder: 32,
  },
  {
    code: 'child_home',
    category: 'community',
    zh: '儿童之家',
    en: "Children's home",
    tier: 3,
    sortOrder: 33,
  },
  {
    code: 'rehab_home',
    category: 'community',
    zh: '渝康家园',
    en: 'Mental-health rehab home',
    tier: 2,
    sortOrder: 34,
  },
  {
    code: 'volunteer_point',
    category: 'community',
    zh: '志愿服务站点',
    en: 'Volunteer point',
    tier: 3,
    sortOrder: 35,
  },
  {
    code: 'marriage_registry',
    category: 'community',
    zh: '婚姻登记处',
    en: 'Marriage registry',
    tier: 1,
    sortOrder: 36,
  },
  {
    code: 'relief_station',
    category: 'community',
    zh: '救助管理站',
    en: 'Relief station',
    tier: 1,
    sortOrder: 37,
  },
] as const satisfies readonly SubtypeTerm[];
export const FACILITY_SUBTYPES = codesOf(FACILITY_SUBTYPE_TERMS);
export type FacilitySubtype = Codes<typeof FACILITY_SUBTYPE_TERMS>;

// Facility statuses (with closed) and their steps: server/contract/facility-statuses.ts.
export { FACILITY_STATUS_TERMS, FACILITY_STATUSES, type FacilityStatus } from './facility-statuses.ts';

export const FACILITY_OPERATOR_TERMS = [
  { code: 'public', zh: '公办', en: 'Public' },
  { code: 'private', zh: '民办', en: 'Private' },
  { code: 'public_built_private_run', zh: '公建民营', en: 'Public-built, privately run' },
] as const satisfies readonly Term[];
export const FACILITY_OPERATORS = codesOf(FACILITY_OPERATOR_TERMS);
export type FacilityOperator = Codes<typeof FACILITY_OPERATOR_TERMS>;

/** Life circles (GB 50180-2018): walking time → radius in metres. */
export const LIFE_CIRCLES = { '5min': 300, '10min': 500, '15min': 1000 } as const;
export type LifeCircle = keyof typeof LIFE_CIRCLES;

// --- Boundary records (docs/DOMAIN.md §5) ------------------------------------------------------

export const LINE_LEVEL_TERMS = [
  { code: 'provincial', zh: '省级', en: 'Provincial' },
  { code: 'county', zh: '县级', en: 'County' },
  { code: 'township', zh: '乡级', en: 'Township' },
] as const satisfies readonly Term[];
export const LINE_STATUS_TERMS = [
  { code: 'undelimited', zh: '未勘定', en: 'Undelimited' },
  { code: 'delimiting', zh: '勘定中', en: 'Being delimited' },
  { code: 'delimited', zh: '已勘定', en: 'Delimited' },
  { code: 'disputed', zh: '争议', en: 'Disputed' },
] as const satisfies readonly Term[];
export const MARKER_TYPE_TERMS = [
  { code: 'single', zh: '单立 (Q)', en: 'Single (Q)' },
  { code: 'double', zh: '同号双立 (A/B)', en: 'Pair (A/B)' },
  { code: 'triple', zh: '同号三立 (C/D/E)', en: 'Triple (C/D/E)' },
] as const satisfies readonly Term[];
export const MARKER_MATERIAL_TERMS = [
  { code: 'granite', zh: '花岗岩', en: 'Granite' },
  { code: 'concrete', zh: '混凝土', en: 'Concrete' },
  { code: 'steel', zh: '钢质', en: 'Steel' },
  { code: 'composite', zh: '复合材料', en: 'Composite' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies readonly Term[];
export const MARKER_CONDITION_TERMS = [
  { code: 'intact', zh: '完好', en: 'Intact' },
  { code: 'damaged', zh: '损坏', en: 'Damaged' },
  { code: 'missing', zh: '丢失', en: 'Missing' },
  { code: 'displaced', zh: '移位', en: 'Displaced' },
  { code: 'illegible', zh: '字迹不清', en: 'Illegible' },
] as const satisfies readonly Term[];
export const INSPECTION_KIND_TERMS = [
  { code: 'regular', zh: '五年例行', en: 'Regular (5-year)' },
  { code: 'extra', zh: '专项', en: 'Extra' },
] as const satisfies readonly Term[];
export const INSPECTION_STATUS_TERMS = [
  { code: 'planned', zh: '计划', en: 'Planned' },
  { code: 'in_progress', zh: '进行中', en: 'In progress' },
  { code: 'completed', zh: '已完成', en: 'Completed' },
] as const satisfies readonly Term[];
export const DISPUTE_CAUSE_TERMS = [
  { code: 'land', zh: '土地', en: 'Land' },
  { code: 'forest', zh: '林地', en: 'Forest' },
  { code: 'mineral', zh: '矿产', en: 'Minerals' },
  { code: 'water', zh: '水资源', en: 'Water' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const satisfies readonly Term[];
export const DISPUTE_STAGE_TERMS = [
  { code: 'found', zh: '发现', en: 'Found' },
  { code: 'negotiating', zh: '协商', en: 'Negotiating' },
  { code: 'reported', zh: '上报', en: 'Reported' },
  { code: 'adjudicated', zh: '裁决', en: 'Adjudicated' },
] as const satisfies readonly Term[];
export const RISK_LEVEL_TERMS = [
  { code: 'low', zh: '低', en: 'Low' },
  { code: 'medium', zh: '中', en: 'Medium' },
  { code: 'high', zh: '高', en: 'High' },
] as const satisfies readonly Term[];

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
