// The data-quality panel's words, Chinese first (plain Chinese, or English). The problems'
// own messages come from the server in both languages.
import type { QualityCheck, Severity } from '../../../server/contract/quality.schemas.ts';

type Words = { zh: string; en: string };

export type TextKey = keyof typeof import('../../i18n/tables/quality.ts').zh;

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
