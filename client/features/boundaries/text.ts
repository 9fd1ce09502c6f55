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
import { type Language, translate } from '../../i18n/index.tsx';

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

/** A record field's label; a field the table does not know keeps its name. */
export function fieldLabel(field: string, language: Language): string {
  const pair = FIELD_LABELS[field];
  return pair ? pair[language === 'zh' ? 0 : 1] : field;
}

export function valueLabel(value: unknown, language: Language): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return translate(language, value ? 'boundaries.yes' : 'boundaries.no');
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
  if (Array.isArray(value)) return translate(language, 'boundaries.items', { n: value.length });
  return String(value);
}
