// Labels for boundary fields and values, Chinese first (plain Chinese, or English).
import { FIELD_LABELS as CONTRACT_FIELD_LABELS } from '../../../server/contract/field-labels.ts';
import {
  DISPUTE_CAUSE_TERMS,
  DISPUTE_STAGE_TERMS,
  INSPECTION_KIND_TERMS,
  INSPECTION_STATUS_TERMS,
  LINE_LEVEL_TERMS,
  LINE_STATUS_TERMS,
  labelPairs,
  MARKER_CONDITION_TERMS,
  MARKER_MATERIAL_TERMS,
  MARKER_TYPE_TERMS,
  RISK_LEVEL_TERMS,
} from '../../../server/contract/vocabularies.ts';
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export const FIELD_LABELS: Record<string, Pair> = Object.fromEntries(
  Object.entries(CONTRACT_FIELD_LABELS).map(([field, l]) => [field, [l.zh, l.en]]),
);

export const VALUE_LABELS: Record<string, Pair> = {
  ...labelPairs(LINE_STATUS_TERMS),
  ...labelPairs(MARKER_CONDITION_TERMS),
  ...labelPairs(MARKER_TYPE_TERMS),
  ...labelPairs(MARKER_MATERIAL_TERMS),
  ...labelPairs(LINE_LEVEL_TERMS),
  ...labelPairs(INSPECTION_STATUS_TERMS),
  ...labelPairs(INSPECTION_KIND_TERMS),
  ...labelPairs(DISPUTE_STAGE_TERMS),
  ...labelPairs(DISPUTE_CAUSE_TERMS),
  ...labelPairs(RISK_LEVEL_TERMS),
  create: ['创建', 'Created'],
  update: ['修改', 'Changed'],
  delete: ['删除', 'Deleted'],
  restore: ['恢复', 'Restored'],
};

export function fieldLabel(field: string, language: Language): string {
  const pair = FIELD_LABELS[field];
  return pair ? pair[language === 'zh' ? 0 : 1] : field;
}

export function valueLabel(value: unknown, language: Language): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean')
    return value ? (language === 'zh' ? '是' : 'yes') : language === 'zh' ? '否' : 'no';
  if (typeof value === 'string') {
    const pair = VALUE_LABELS[value];
    return pair ? pair[language === 'zh' ? 0 : 1] : value;
  }
  if (typeof value === 'object' && value !== null && 'type' in value && 'coordinates' in value) {
    const g = value as { type: string; coordinates: unknown };
    if (g.type === 'Point') {
      const [lon, lat] = g.coordinates as [number, number];
      return `${lon.toFixed(6)}, ${lat.toFixed(6)}`;
    }
    return g.type;
  }
  if (Array.isArray(value)) return language === 'zh' ? `${value.length} 项` : `${value.length} item(s)`;
  return String(value);
}

/** "Say it in the user's language": t(['中文', 'English']). */
export const pick = (language: Language, pair: Pair) => pair[language === 'zh' ? 0 : 1];
