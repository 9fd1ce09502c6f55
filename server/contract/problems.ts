// The catalogue of problem codes in error details: every detail the server sends is
// {field, problem, code, params}, where `problem` is the English text for API clients and the
// client renders `code` + `params` in Chinese or English with renderProblem. The English template
// declares a code's parameters (TypeScript then makes every server call pass exactly those); the
// Chinese one may use fewer, never others (tests/unit/problems.test.ts). Parameters named in
// `codes` are vocabulary codes and `fields` are field names: both are shown by their labels.
// Plain data and pure functions: the client bundles this file.

import { ADMIN_PROBLEMS } from './admin-problems.ts';
import { fieldLabel } from './field-labels.ts';
import { PLACE_NAME_STATUS_TERMS } from './place-name-statuses.ts';
import { RECORD_PROBLEMS } from './record-problems.ts';
import {
  DISPUTE_CAUSE_TERMS,
  DISPUTE_STAGE_TERMS,
  FACILITY_CATEGORY_TERMS,
  FACILITY_OPERATOR_TERMS,
  FACILITY_STATUS_TERMS,
  INSPECTION_KIND_TERMS,
  INSPECTION_STATUS_TERMS,
  type Lang,
  LINE_LEVEL_TERMS,
  LINE_STATUS_TERMS,
  MARKER_CONDITION_TERMS,
  MARKER_MATERIAL_TERMS,
  MARKER_TYPE_TERMS,
  RISK_LEVEL_TERMS,
  ROLE_TERMS,
  type Term,
  terms,
} from './vocabularies.ts';

interface Template {
  en: string;
  zh: string;
  /** Parameters holding vocabulary codes (one code or a list), shown by their labels. */
  codes?: readonly string[];
  /** Parameters holding field names (one or a list), shown by their labels. */
  fields?: readonly string[];
}

export const PROBLEMS = {
  ...RECORD_PROBLEMS,
  ...ADMIN_PROBLEMS,
  // Shapes and formats
  required: { en: 'is required', zh: '必须填写' },
  not_text: { en: 'must be text', zh: '必须是文字' },
  not_boolean: { en: 'must be true or false', zh: '必须是“是”或“否”' },
  not_a_list: { en: 'must be a list', zh: '必须是列表' },
  unknown_field: { en: 'is not a known field', zh: '不是可识别的字段' },
  bad_shape: { en: 'must be {shape}', zh: '格式应为 {shape}' },
  too_long: { en: 'must be at most {max} characters', zh: '最多 {max} 个字符' },
  too_short: { en: 'must be at least {min} characters', zh: '至少 {min} 个字符' },
  too_many: { en: 'may hold at most {max} items', zh: '最多 {max} 项' },
  too_few: { en: 'needs at least {min} items', zh: '至少需要 {min} 项' },
  wrong_type: { en: 'must be {type}', zh: '应为{type}', codes: ['type'] },
  too_small: { en: 'must be >= {min}', zh: '不能小于 {min}' },
  too_large: { en: 'must be <= {max}', zh: '不能大于 {max}' },
  bad_format: { en: 'must match format "{format}"', zh: '格式不正确' },
  bad_pattern: { en: 'must match pattern "{pattern}"', zh: '格式不正确' },
  // Any other schema rule: the validator's English text, which the Chinese message leaves out.
  schema_invalid: { en: '{message}', zh: '不符合要求' },
  not_in_vocabulary: { en: 'must be one of {allowed}', zh: '必须是以下之一：{allowed}', codes: ['allowed'] },
  duplicate_item: { en: 'appears twice', zh: '重复出现' },
  out_of_range: { en: 'must be between {min} and {max}', zh: '必须在 {min} 到 {max} 之间' },
  whole_number_range: { en: 'must be a whole number {min}–{max}', zh: '必须是 {min}–{max} 的整数' },
  not_a_phone: { en: 'must be a phone number', zh: '必须是电话号码' },
  district_code_format: { en: 'must be a 6-digit district code', zh: '必须是 6 位区县代码' },
  photo_id_list: { en: 'must be a list of photo ids', zh: '必须是照片编号列表' },
  // Dates
  not_a_date: { en: 'must be a date YYYY-MM-DD', zh: '必须是日期（年-月-日）' },
  date_too_early: { en: 'must not be before {earliest}', zh: '不能早于 {earliest}' },
  date_too_late: { en: 'must not be after {latest}', zh: '不能晚于 {latest}' },
  date_in_future: { en: 'must not be in the future', zh: '不能是将来的日期' },
  date_before: { en: 'must not be before {other}', zh: '不能早于{other}', fields: ['other'] },
  // Geometry
  geometry_type: { en: 'must be a GeoJSON {allowed}', zh: '必须是 GeoJSON {allowed}' },
  geometry_wrong_type: {
    en: 'must be a GeoJSON {allowed}, not {given}',
    zh: '必须是 GeoJSON {allowed}，而不是 {given}',
  },
  geometry_coordinates: {
    en: 'has missing or out-of-range coordinates (longitude −180..180, latitude −90..90)',
    zh: '坐标缺失或超出范围（经度 −180..180，纬度 −90..90）',
  },
  geometry_line_points: { en: 'needs at least two points per line', zh: '每条线至少需要两个点' },
  geometry_ring: {
    en: 'has a ring that is not closed or has fewer than four points',
    zh: '有未闭合或少于四个点的环',
  },
  geometry_unreadable: { en: 'is not a geometry PostGIS can read', zh: '无法读取的几何图形' },
  geometry_empty: { en: 'is empty', zh: '是空的几何图形' },
  // The reason is PostGIS's English text: the Chinese message leaves it out.
  geometry_invalid: { en: 'is not a valid geometry: {reason}', zh: '不是有效的几何图形（如自相交）' },
  outside_district: {
    en: 'lies outside the district ({distance} m beyond its outline)',
    zh: '超出区县范围（在边界外 {distance} 米）',
  },
  // References and uniqueness
  unknown_district: { en: 'no district {code}', zh: '没有代码为 {code} 的区县' },
  unknown_line: { en: 'no boundary line {id}', zh: '没有编号为 {id} 的界线' },
  missing_photos: { en: 'refers to photos that do not exist: {ids}', zh: '引用了不存在的照片：{ids}' },
  line_code_in_use: { en: 'is already used by line {id}', zh: '已被界线 {id} 使用' },
  marker_number_in_use: {
    en: 'line {line} already has marker {number} (id {id})',
    zh: '界线 {line} 已有编号为 {number} 的界桩（{id}）',
  },
  inspection_round_in_use: {
    en: 'line {line} already has an inspection for round {round} (id {id})',
    zh: '界线 {line} 已有第 {round} 轮联检（{id}）',
  },
  line_in_other_district: { en: 'line {id} is in another district', zh: '界线 {id} 属于其他区县' },
  marker_not_on_line: { en: 'marker {marker} is not on line {line}', zh: '界桩 {marker} 不在界线 {line} 上' },
  // Rules of the records
  transition_not_allowed: {
    en: 'cannot change from {from} to {to}; allowed: {allowed}',
    zh: '不能从“{from}”改为“{to}”；可改为：{allowed}',
    codes: ['from', 'to', 'allowed'],
  },
  transition_from_final: {
    en: 'cannot change from {from} to {to}; allowed: none (final)',
    zh: '“{from}”是最终状态，不能改为“{to}”',
    codes: ['from', 'to'],
  },
  reason_required: {
    en: 'is required when changing {fields} (say why)',
    zh: '修改{fields}时必须说明理由',
    fields: ['fields'],
  },
  units_must_differ: {
    en: 'must differ from leftUnitCode: a line separates two units',
    zh: '必须与左侧单位不同：界线分隔两个单位',
  },
  required_when_delimited: { en: 'is required when the status is delimited', zh: '已勘定的界线必须填写' },
  marker_number_format: {
    en: 'must be 3 digits and a type letter, e.g. 001Q, 002A (single Q; pair A/B; triple C/D/E)',
    zh: '应为 3 位数字加类型字母，如 001Q、002A（单立 Q；同号双立 A/B；同号三立 C/D/E）',
  },
  marker_number_zero: { en: 'numbering starts at 001', zh: '编号从 001 开始' },
  marker_letter: {
    en: "a {type} marker's letter must be {letters}, not {given}",
    zh: '{type}界桩的字母应为 {letters}，而不是 {given}',
    codes: ['type'],
  },
  marker_off_line: {
    en: 'is {distance} m from its line; a marker must stand within {max} m unless marked as an exception (offLineException)',
    zh: '距所属界线 {distance} 米；界桩须在 {max} 米以内，除非标为允许偏离',
  },
  people_required: {
    en: 'needs at least one person for a completed inspection',
    zh: '已完成的联检至少需要一名人员',
  },
  claim_party_unknown: { en: 'must name one of the parties', zh: '必须是争议方之一' },
  claim_party_twice: { en: 'has a claim line already', zh: '已有主张线' },
  // Query strings
  bbox_four_numbers: { en: 'must be four numbers west,south,east,north', zh: '应为四个数：西,南,东,北' },
  bbox_finite: {
    en: 'must be four finite numbers west,south,east,north',
    zh: '应为四个有限的数：西,南,东,北',
  },
  longitudes_range: { en: 'longitudes must be within -180..180', zh: '经度须在 -180..180 之间' },
  latitudes_range: { en: 'latitudes must be within -90..90', zh: '纬度须在 -90..90 之间' },
  bbox_order: { en: 'west must be < east and south < north', zh: '西须小于东，南须小于北' },
  lon_lat: { en: 'must be two numbers lon,lat', zh: '应为两个数：经度,纬度' },
  longitude_range: { en: 'longitude must be within -180..180', zh: '经度须在 -180..180 之间' },
  latitude_range: { en: 'latitude must be within -90..90', zh: '纬度须在 -90..90 之间' },
  control_characters: { en: 'must not contain control characters', zh: '不能含控制字符' },
  empty_text: { en: 'must not be empty', zh: '不能为空' },
  search_needs_letter: { en: 'must contain at least one letter or character', zh: '至少要有一个字或字母' },
  // Filters (CQL2)
  filter_too_deep: {
    en: 'nests deeper than {max} levels (NOT, AND, OR, parentheses); write it flatter',
    zh: '嵌套超过 {max} 层（非、与、或、括号），请简化筛选条件',
  },
  outside_crs_domain: {
    en: 'has coordinates outside the area where {crs} is defined, so they cannot be transformed; check the numbers and their order',
    zh: '坐标超出 {crs} 的适用范围，无法转换；请检查数值及其顺序',
  },
  // Coverage
  radius_twice: {
    en: 'give either lifeCircle or radiusMeters, not both',
    zh: '生活圈和自定义半径只能选一个',
  },
  radius_missing: {
    en: 'is required (one of {allowed}) unless radiusMeters is given',
    zh: '必须选择生活圈（{allowed}）或填写半径',
  },
  unknown_subtype: { en: "'{subtype}' is not a facility subtype", zh: '“{subtype}”不是设施类型' },
  subtype_needed_for_default_radius: {
    en: "is required when lifeCircle is 'default' and the selection is not exactly one subtype",
    zh: '按各类型默认半径计算且未只选一种类型时，必须指定类型',
  },
  // Walking network
  no_walking_network: {
    en: 'district {district} has no walking network: import its roads first (npm run roads:import, or the roads import)',
    zh: '区县 {district} 还没有步行路网，请先导入道路',
  },
  // Records
  reason_required_to_delete: { en: 'is required to delete (say why)', zh: '删除时必须说明理由' },
  deleted_line: { en: 'no boundary line {id} (deleted)', zh: '界线 {id} 已删除' },
  if_match_format: { en: 'must be the ETag of the record, e.g. "3"', zh: '应为记录的 ETag，如 "3"' },
  photo_empty: { en: 'is empty', zh: '是空文件' },
  photo_not_image: {
    en: 'is not a JPEG or PNG image (checked from its content, whatever its name says)',
    zh: '不是 JPEG 或 PNG 图片（按文件内容判断）',
  },
  photo_unreadable: { en: 'starts like an image but cannot be read as one', zh: '看似图片但无法读取' },
  // Field kit: base maps, offline packages, sync
  tile_format: { en: "this base map's tiles are .{format}", zh: '本底图的瓦片格式为 .{format}' },
  tile_out_of_range: {
    en: 'x and y must be below {size} at zoom {z}',
    zh: '第 {z} 级的 x、y 必须小于 {size}',
  },
  one_area: { en: 'name exactly one area: district, town or line', zh: '请只指定一个区域：区县、镇街或界线' },
  base_version_ahead: {
    en: 'is newer than the record (version {version})',
    zh: '比记录当前的版本（{version}）还新',
  },
  conflict_choice_needed: { en: 'choose theirs or mine', zh: '请选择用他人的还是我的' },
  not_in_conflict: { en: 'is not a field of this conflict', zh: '不是此冲突中的字段' },
  // Sign-in and roles (the error's own detail: field "session" or "body")
  sign_in_required: { en: 'Please sign in first', zh: '请先登录' },
  role_required: {
    en: 'needs the role {roles}; you are signed in as {role}',
    zh: '需要“{roles}”角色；您当前是“{role}”',
    codes: ['roles', 'role'],
  },
  wrong_credentials: { en: 'Wrong username or password', zh: '用户名或密码错误' },
  account_locked: {
    en: 'is locked after too many failed sign-ins until {until}; an administrator can unlock it sooner',
    zh: '因多次登录失败已锁定至 {until}，可请管理员解锁',
  },
  too_many_sign_ins: {
    en: 'Too many failed sign-ins; try again in {minutes} min',
    zh: '登录失败次数过多，请 {minutes} 分钟后再试',
  },
} as const satisfies Record<string, Template>;

export type ProblemCode = keyof typeof PROBLEMS;

/** The {name} placeholders of a template, as a type. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;
export type ParamValue = string | number | readonly (string | number)[];
export type ProblemParams<C extends ProblemCode> = Record<
  Placeholders<(typeof PROBLEMS)[C]['en']>,
  ParamValue
>;

/** The parameters argument of a code: none when its template has no placeholder. */
export type ProblemArgs<C extends ProblemCode> = [Placeholders<(typeof PROBLEMS)[C]['en']>] extends [never]
  ? []
  : [params: ProblemParams<C>];

export interface ProblemDetail {
  /** Where: body.findings[2].note, query.bbox. */
  field: string;
  /** What, in English, for API clients. */
  problem: string;
  code?: ProblemCode | string;
  params?: Record<string, ParamValue>;
}

/** The placeholders a template uses, e.g. ['max'] for 'must be at most {max} characters'. */
export const placeholders = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

// Boundary vocabularies first: problem parameters hold boundary record codes.
const ALL_TERMS: readonly Term[] = [
  LINE_STATUS_TERMS,
  LINE_LEVEL_TERMS,
  MARKER_CONDITION_TERMS,
  MARKER_TYPE_TERMS,
  MARKER_MATERIAL_TERMS,
  INSPECTION_STATUS_TERMS,
  INSPECTION_KIND_TERMS,
  DISPUTE_STAGE_TERMS,
  DISPUTE_CAUSE_TERMS,
  RISK_LEVEL_TERMS,
  FACILITY_CATEGORY_TERMS,
  FACILITY_STATUS_TERMS,
  FACILITY_OPERATOR_TERMS,
  ROLE_TERMS,
  PLACE_NAME_STATUS_TERMS,
  // JSON types, as schema errors name them.
  terms([
    ['string', '文字', 'string'],
    ['integer', '整数', 'integer'],
    ['number', '数字', 'number'],
    ['boolean', '是或否', 'boolean'],
    ['array', '列表', 'array'],
    ['object', '对象', 'object'],
    ['null', '空值', 'null'],
  ]),
].flat();
const codeLabel = (code: string, lang: Lang) => ALL_TERMS.find((t) => t.code === code)?.[lang] ?? code;

/** `labelled`: codes and field names by their labels (for people), or as sent (for API clients). */
function fill(template: Template, lang: Lang, params: Record<string, ParamValue>, labelled: boolean): string {
  return template[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    const items = Array.isArray(value) ? value : [value];
    const shown = items.map((item) => {
      const text = String(item);
      if (labelled && template.codes?.includes(name)) return codeLabel(text, lang);
      if (labelled && template.fields?.includes(name)) return fieldLabel(text, lang);
      return text;
    });
    if (shown.length === 0) return lang === 'zh' ? '无' : 'none';
    return shown.join(lang === 'zh' ? '、' : ', ');
  });
}

/** One detail: the code, its parameters and the English problem text. */
export function problemDetail<C extends ProblemCode>(
  field: string,
  code: C,
  ...args: ProblemArgs<C>
): ProblemDetail & { code: C } {
  const params = args[0] as Record<string, ParamValue> | undefined;
  const p = params ?? {};
  return {
    field,
    problem: fill(PROBLEMS[code], 'en', p, false),
    code,
    ...(params ? { params: p } : {}),
  };
}

/** A detail in the reader's language; a detail without a known code keeps its English text. */
export function renderProblem(detail: ProblemDetail, lang: Lang): string {
  const template = detail.code ? (PROBLEMS as Record<string, Template>)[detail.code] : undefined;
  if (!template) return detail.problem;
  return fill(template, lang, detail.params ?? {}, true);
}
