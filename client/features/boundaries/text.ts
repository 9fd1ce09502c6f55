// Labels for boundary fields and values, Chinese first (plain Chinese, or English).
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export const FIELD_LABELS: Record<string, Pair> = {
  code: ['编码', 'Code'],
  name: ['名称', 'Name'],
  level: ['级别', 'Level'],
  districtCode: ['区县', 'District'],
  leftUnitCode: ['左侧单位代码', 'Left unit code'],
  leftUnitName: ['左侧单位', 'Left unit'],
  rightUnitCode: ['右侧单位代码', 'Right unit code'],
  rightUnitName: ['右侧单位', 'Right unit'],
  status: ['状态', 'Status'],
  agreementNumber: ['协议书编号', 'Agreement no.'],
  approvingAuthority: ['批准机关', 'Approved by'],
  agreementDate: ['协议日期', 'Agreement date'],
  description: ['走向说明', 'Course description'],
  lastInspectionDate: ['上次联检', 'Last inspection'],
  geometry: ['位置', 'Location'],
  lineId: ['所属界线', 'Line'],
  number: ['界桩编号', 'Number'],
  markerType: ['类型', 'Type'],
  material: ['材质', 'Material'],
  condition: ['状况', 'Condition'],
  elevationM: ['高程 (m)', 'Elevation (m)'],
  dateSet: ['埋设日期', 'Date set'],
  responsibleSide: ['管护方', 'Responsible side'],
  offLineException: ['允许偏离界线 >50 m', 'Off-line exception'],
  note: ['备注', 'Note'],
  photoIds: ['照片', 'Photos'],
  round: ['轮次', 'Round'],
  kind: ['类别', 'Kind'],
  startDate: ['开始日期', 'Start date'],
  endDate: ['结束日期', 'End date'],
  ourSidePeople: ['我方人员', 'Our side'],
  otherSidePeople: ['对方人员', 'Other side'],
  findings: ['界桩检查', 'Marker findings'],
  surveyNotes: ['修测说明', 'Survey notes'],
  problems: ['发现问题', 'Problems'],
  settlement: ['处理结果', 'Settlement'],
  report: ['联检报告', 'Report'],
  deletedAt: ['删除', 'Deleted'],
  reason: ['修改理由', 'Reason'],
  title: ['争议名称', 'Title'],
  parties: ['争议各方', 'Parties'],
  area: ['争议区域', 'Disputed area'],
  claims: ['各方主张线', 'Claim lines'],
  causeType: ['争议资源', 'Resource'],
  cause: ['争议缘由', 'Cause'],
  stage: ['阶段', 'Stage'],
  riskLevel: ['风险等级', 'Risk level'],
  documents: ['文件', 'Documents'],
  discoveredOn: ['发现日期', 'Found on'],
  resolvedOn: ['解决日期', 'Resolved on'],
  resolution: ['裁决结果', 'Resolution'],
};

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
