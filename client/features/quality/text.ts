// The data-quality panel's words, Chinese first (plain Chinese, or English). The problems'
// own messages come from the server in both languages.
import type { QualityCheck, Severity } from '../../../server/modules/quality/quality.schemas.ts';
import type { Language } from '../../i18n/index.tsx';

type Words = { zh: string; en: string };

const TEXT = {
  title: { zh: '数据质量', en: 'Data quality' },
  menuTitle: { zh: '数据质量', en: 'Data quality' },
  open: { zh: '检查数据质量…', en: 'Check data quality…' },
  menuNote: {
    zh: '镇街缝隙与重叠、代码嵌套、重名、界线与界桩位置',
    en: 'Gaps and overlaps of towns, nesting codes, duplicate names, lines and markers',
  },
  needsStaff: {
    zh: '检查数据质量需要工作人员账号登录',
    en: 'Sign in with a staff account to check data quality',
  },
  signIn: { zh: '登录', en: 'Sign in' },
  close: { zh: '关闭', en: 'Close' },
  recheck: { zh: '重新检查', en: 'Check again' },
  checking: { zh: '正在检查…', en: 'Checking…' },
  failed: { zh: '检查失败', en: 'The check failed' },
  clean: { zh: '未发现问题', en: 'No problems found' },
  checkedIn: { zh: '{time} 检查，用时 {ms} 毫秒', en: 'Checked {time} in {ms} ms' },
  checks: { zh: '检查项', en: 'Checks' },
  passed: { zh: '通过', en: 'passed' },
  listed: { zh: '仅列出前 {n} 条', en: 'first {n} listed' },
  showOnMap: { zh: '在地图上显示', en: 'Show on the map' },
  area: { zh: '面积', en: 'Area' },
  distance: { zh: '距离', en: 'Distance' },
  thresholds: {
    zh: '小于 {area} m² 的缝隙与重叠不计；平均宽度小于 {sliver} m 的为细条（警告）',
    en: 'Gaps and overlaps under {area} m² are ignored; pieces narrower than {sliver} m on average are slivers (warnings)',
  },
} satisfies Record<string, Words>;

export type TextKey = keyof typeof TEXT;

export function qualityText(language: Language, key: TextKey, values: Record<string, string | number> = {}) {
  return TEXT[key][language].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export const SEVERITY_NAMES: Record<Severity, Words> = {
  error: { zh: '错误', en: 'Errors' },
  warning: { zh: '警告', en: 'Warnings' },
  info: { zh: '提示', en: 'Notes' },
};

export const CHECK_NAMES: Record<QualityCheck, Words> = {
  town_gap: { zh: '镇街间缝隙', en: 'Gaps between towns' },
  town_overlap: { zh: '镇街重叠', en: 'Overlapping towns' },
  town_outside_district: { zh: '超出区县界', en: 'Beyond the district outline' },
  outside_own_town: { zh: '不在所属镇街内', en: 'Outside their own town' },
  code_not_nested: { zh: '区划代码不嵌套', en: 'Codes that do not nest' },
  duplicate_name: { zh: '重名', en: 'Duplicate names' },
  duplicate_marker_number: { zh: '界桩编号重复', en: 'Marker numbers used twice' },
  line_off_edge: { zh: '界线偏离镇街边界', en: 'Lines off the towns’ edge' },
  marker_off_line: { zh: '界桩偏离界线', en: 'Markers off their line' },
};
