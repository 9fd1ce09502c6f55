// Labels for boundary fields and values, Chinese first (UX.md: plain Chinese, or English).
import { isMessageKey, type Language, translate } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export const VALUE_LABELS: Record<string, Pair> = {
  undelimited: ['未勘定', 'Undelimited'],
  delimiting: ['勘定中', 'Being delimited'],
  delimited: ['已勘定', 'Delimited'],
  disputed: ['争议', 'Disputed'],
  intact: ['完好', 'Intact'],
  damaged: ['损坏', 'Damaged'],
  missing: ['丢失', 'Missing'],
  displaced: ['移位', 'Displaced'],
  illegible: ['字迹不清', 'Illegible'],
  single: ['单立 (Q)', 'Single (Q)'],
  double: ['同号双立 (A/B)', 'Pair (A/B)'],
  triple: ['同号三立 (C/D/E)', 'Triple (C/D/E)'],
  granite: ['花岗岩', 'Granite'],
  concrete: ['混凝土', 'Concrete'],
  steel: ['钢质', 'Steel'],
  composite: ['复合材料', 'Composite'],
  other: ['其他', 'Other'],
  township: ['乡级', 'Township'],
  county: ['县级', 'County'],
  provincial: ['省级', 'Provincial'],
  planned: ['计划', 'Planned'],
  in_progress: ['进行中', 'In progress'],
  completed: ['已完成', 'Completed'],
  regular: ['五年例行', 'Regular (5-year)'],
  extra: ['专项', 'Extra'],
  found: ['发现', 'Found'],
  negotiating: ['协商', 'Negotiating'],
  reported: ['上报', 'Reported'],
  adjudicated: ['裁决', 'Adjudicated'],
  land: ['土地', 'Land'],
  forest: ['林地', 'Forest'],
  mineral: ['矿产', 'Minerals'],
  water: ['水资源', 'Water'],
  low: ['低', 'Low'],
  medium: ['中', 'Medium'],
  high: ['高', 'High'],
  create: ['创建', 'Created'],
  update: ['修改', 'Changed'],
  delete: ['删除', 'Deleted'],
  restore: ['恢复', 'Restored'],
};

/** A record field's label; a field the table does not know keeps its name. */
export function fieldLabel(field: string, language: Language): string {
  const key = `boundaries.field_${field}`;
  return isMessageKey(key) ? translate(language, key) : field;
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
