// The audit log's words, shared by the server (its CSV/XLSX export) and the admin page: what was
// done (AUDIT_ACTIONS, also the CHECK of audit_log.action), to which kind of thing (every record
// kind, import and export collection has a label here, checked by the compiler), and an entry's
// details as one short sentence in Chinese or English. Plain data and pure functions.
import type { ExportCollectionId } from './collections.ts';
import type { ImportCollectionId } from './import-collections.ts';
import type { KindId } from './record-kinds.ts';
import { ROLE_TERMS } from './roles.ts';
import { type Codes, codesOf, type Lang, termLabel, terms } from './terms.ts';

export const AUDIT_ACTION_TERMS = terms([
  ['auth.sign_in', '登录', 'Signed in'],
  ['auth.sign_in_failed', '登录失败', 'Sign-in failed'],
  ['auth.sign_out', '退出登录', 'Signed out'],
  ['user.create', '新增用户', 'User added'],
  ['user.update', '修改用户', 'User changed'],
  ['user.disable', '停用用户', 'User disabled'],
  ['user.enable', '启用用户', 'User enabled'],
  ['user.password_reset', '重置密码', 'Password reset'],
  ['user.sessions_revoke', '强制下线', 'Sessions ended'],
  ['user.unlock', '解除锁定', 'Account unlocked'],
  ['import.commit', '导入数据', 'Import committed'],
  ['import.undo', '撤销导入', 'Import undone'],
  ['export.download', '导出数据', 'Data exported'],
  ['record.delete', '删除记录', 'Record deleted'],
  ['record.restore', '恢复记录', 'Record restored'],
]);
export const AUDIT_ACTIONS = codesOf(AUDIT_ACTION_TERMS);
export type AuditAction = Codes<typeof AUDIT_ACTION_TERMS>;
export const isAuditAction = (value: string): value is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(value);

/** The things an entry concerns besides records and collections. */
export type AuditSubject = 'users' | 'audit-log';
export type AuditKind = KindId | ImportCollectionId | ExportCollectionId | AuditSubject;

/** Every kind an entry can name, labelled: a new record kind or collection does not compile until it has one. */
const KIND_LABELS: Record<AuditKind, readonly [zh: string, en: string]> = {
  'boundary-lines': ['行政区域界线', 'Boundary line'],
  'boundary-markers': ['界桩', 'Boundary marker'],
  inspections: ['联检记录', 'Joint inspection'],
  disputes: ['界线争议', 'Boundary dispute'],
  scenarios: ['覆盖方案', 'Coverage scenario'],
  facilities: ['民政设施', 'Facility'],
  'place-names': ['地名', 'Place name'],
  'village-figures': ['村（社区）人口', 'Village figures'],
  'vanished-names': ['消失地名', 'Vanished name'],
  districts: ['区县', 'District'],
  towns: ['镇街', 'Town'],
  villages: ['村（社区）', 'Village / community'],
  'village-statistics': ['村（社区）统计', 'Village statistics'],
  roads: ['道路', 'Roads'],
  users: ['用户', 'User'],
  'audit-log': ['审计日志', 'Audit log'],
};
export const AUDIT_KINDS = Object.keys(KIND_LABELS) as AuditKind[];

/** The audit log's times and date filters are Beijing time, the bureau's day. */
export const AUDIT_TIME_ZONE = 'Asia/Shanghai';
const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: AUDIT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
/** 2025-03-04 09:15:02, Beijing time. */
export const beijingTime = (at: string | Date): string => beijing.format(new Date(at));

export const auditActionLabel = (action: string, lang: Lang) => termLabel(AUDIT_ACTION_TERMS, action, lang);
export const auditKindLabel = (kind: string, lang: Lang): string =>
  KIND_LABELS[kind as AuditKind]?.[lang === 'zh' ? 0 : 1] ?? kind;

/** What the details of an entry may hold (each action uses a few). */
export interface AuditDetails {
  /** A refused sign-in: wrong_credentials, account_locked, rate_limited. */
  refusal?: string;
  role?: string;
  displayName?: string;
  changes?: { field: string; before: unknown; after: unknown }[];
  sessionsEnded?: number;
  failuresCleared?: number;
  generated?: boolean;
  mode?: string;
  fileName?: string;
  inserted?: number;
  updated?: number;
  rowsInvalid?: number;
  /** The import run an undo made. */
  undoRun?: number;
  removed?: number;
  restored?: number;
  format?: string;
  filters?: Record<string, string>;
  reason?: string;
  version?: number;
  /** Done from the command line (npm run user:…), not through the app. */
  via?: 'cli';
}

const WORDS = {
  refusal: {
    wrong_credentials: ['用户名或密码错误', 'wrong username or password'],
    account_locked: ['账户已锁定', 'account locked'],
    rate_limited: ['尝试次数过多', 'too many attempts'],
  },
  field: { role: ['角色', 'role'], displayName: ['姓名', 'name'] },
  mode: { commit: ['全部导入', 'commit'], 'commit-valid': ['仅导入有效行', 'valid rows only'] },
  role: ['角色', 'role'],
  sessionsEnded: ['结束会话 {n} 个', '{n} session(s) ended'],
  failuresCleared: ['清除失败记录 {n} 条', '{n} failed sign-in(s) cleared'],
  generated: ['密码由系统生成', 'password generated'],
  chosen: ['密码由管理员设置', 'password set by an administrator'],
  counts: ['新增 {inserted}，更新 {updated}', '{inserted} added, {updated} updated'],
  invalid: ['无效行 {n}', '{n} invalid row(s)'],
  undo: ['删除 {removed}，恢复 {restored}', '{removed} removed, {restored} restored'],
  version: ['恢复到第 {n} 版', 'back to version {n}'],
  reason: ['理由：{text}', 'reason: {text}'],
  via: ['命令行', 'command line'],
  filter: {
    district: ['区县', 'district'],
    town: ['镇街', 'town'],
    category: ['类别', 'category'],
    bbox: ['范围', 'extent'],
    user: ['用户', 'user'],
    action: ['操作', 'action'],
    kind: ['对象', 'kind'],
    from: ['起', 'from'],
    to: ['止', 'to'],
  },
} as const;

const pick = (pair: readonly [string, string], lang: Lang) => pair[lang === 'zh' ? 0 : 1];
const fill = (pair: readonly [string, string], lang: Lang, params: Record<string, unknown>) =>
  pick(pair, lang).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

function shown(field: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'role') return termLabel(ROLE_TERMS, String(value), lang);
  return String(value);
}

/** An entry's details as a short sentence in `lang` (the action and kind are columns of their own). */
export function auditSummary(entry: { action: string; details: AuditDetails }, lang: Lang): string {
  const d = entry.details;
  const parts: string[] = [];
  const refusal = d.refusal as keyof typeof WORDS.refusal | undefined;
  if (refusal && WORDS.refusal[refusal]) parts.push(pick(WORDS.refusal[refusal], lang));
  if (entry.action === 'user.create' && d.role)
    parts.push(`${pick(WORDS.role, lang)}${lang === 'zh' ? '：' : ': '}${shown('role', d.role, lang)}`);
  for (const change of d.changes ?? []) {
    const label = WORDS.field[change.field as keyof typeof WORDS.field];
    const name = label ? pick(label, lang) : change.field;
    const colon = lang === 'zh' ? '：' : ': ';
    parts.push(
      `${name}${colon}${shown(change.field, change.before, lang)} → ${shown(change.field, change.after, lang)}`,
    );
  }
  if (d.generated !== undefined) parts.push(pick(d.generated ? WORDS.generated : WORDS.chosen, lang));
  if (d.mode && d.mode in WORDS.mode) parts.push(pick(WORDS.mode[d.mode as keyof typeof WORDS.mode], lang));
  if (d.fileName) parts.push(d.fileName);
  if (d.inserted !== undefined || d.updated !== undefined)
    parts.push(fill(WORDS.counts, lang, { inserted: d.inserted ?? 0, updated: d.updated ?? 0 }));
  if (d.rowsInvalid) parts.push(fill(WORDS.invalid, lang, { n: d.rowsInvalid }));
  if (d.removed !== undefined || d.restored !== undefined)
    parts.push(fill(WORDS.undo, lang, { removed: d.removed ?? 0, restored: d.restored ?? 0 }));
  if (d.format) parts.push(d.format.toUpperCase());
  for (const [name, value] of Object.entries(d.filters ?? {})) {
    const label = WORDS.filter[name as keyof typeof WORDS.filter];
    const text =
      name === 'action'
        ? auditActionLabel(value, lang)
        : name === 'kind'
          ? auditKindLabel(value, lang)
          : value;
    parts.push(`${label ? pick(label, lang) : name} ${text}`);
  }
  if (d.version !== undefined) parts.push(fill(WORDS.version, lang, { n: d.version }));
  if (d.sessionsEnded) parts.push(fill(WORDS.sessionsEnded, lang, { n: d.sessionsEnded }));
  if (d.failuresCleared) parts.push(fill(WORDS.failuresCleared, lang, { n: d.failuresCleared }));
  if (d.reason) parts.push(fill(WORDS.reason, lang, { text: d.reason }));
  if (d.via === 'cli') parts.push(pick(WORDS.via, lang));
  return parts.join(lang === 'zh' ? '；' : '; ');
}
