// The labels of record fields, Chinese and English, for forms, tables, history and problem
// messages ("修改理由 is required" must read 必须填写修改理由). Plain data: the client bundles it.

export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  code: { zh: '编码', en: 'Code' },
  name: { zh: '名称', en: 'Name' },
  level: { zh: '级别', en: 'Level' },
  districtCode: { zh: '区县', en: 'District' },
  leftUnitCode: { zh: '左侧单位代码', en: 'Left unit code' },
  leftUnitName: { zh: '左侧单位', en: 'Left unit' },
  rightUnitCode: { zh: '右侧单位代码', en: 'Right unit code' },
  rightUnitName: { zh: '右侧单位', en: 'Right unit' },
  status: { zh: '状态', en: 'Status' },
  agreementNumber: { zh: '协议书编号', en: 'Agreement no.' },
  approvingAuthority: { zh: '批准机关', en: 'Approved by' },
  agreementDate: { zh: '协议日期', en: 'Agreement date' },
  description: { zh: '走向说明', en: 'Course description' },
  lastInspectionDate: { zh: '上次联检', en: 'Last inspection' },
  geometry: { zh: '位置', en: 'Location' },
  lineId: { zh: '所属界线', en: 'Line' },
  number: { zh: '界桩编号', en: 'Number' },
  markerType: { zh: '类型', en: 'Type' },
  material: { zh: '材质', en: 'Material' },
  condition: { zh: '状况', en: 'Condition' },
  elevationM: { zh: '高程 (m)', en: 'Elevation (m)' },
  dateSet: { zh: '埋设日期', en: 'Date set' },
  responsibleSide: { zh: '管护方', en: 'Responsible side' },
  offLineException: { zh: '允许偏离界线 >50 m', en: 'Off-line exception' },
  note: { zh: '备注', en: 'Note' },
  photoIds: { zh: '照片', en: 'Photos' },
  round: { zh: '轮次', en: 'Round' },
  kind: { zh: '类别', en: 'Kind' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
  ourSidePeople: { zh: '我方人员', en: 'Our side' },
  otherSidePeople: { zh: '对方人员', en: 'Other side' },
  findings: { zh: '界桩检查', en: 'Marker findings' },
  surveyNotes: { zh: '修测说明', en: 'Survey notes' },
  problems: { zh: '发现问题', en: 'Problems' },
  settlement: { zh: '处理结果', en: 'Settlement' },
  report: { zh: '联检报告', en: 'Report' },
  deletedAt: { zh: '删除', en: 'Deleted' },
  reason: { zh: '修改理由', en: 'Reason' },
  title: { zh: '争议名称', en: 'Title' },
  parties: { zh: '争议各方', en: 'Parties' },
  area: { zh: '争议区域', en: 'Disputed area' },
  claims: { zh: '各方主张线', en: 'Claim lines' },
  causeType: { zh: '争议资源', en: 'Resource' },
  cause: { zh: '争议缘由', en: 'Cause' },
  stage: { zh: '阶段', en: 'Stage' },
  riskLevel: { zh: '风险等级', en: 'Risk level' },
  documents: { zh: '文件', en: 'Documents' },
  discoveredOn: { zh: '发现日期', en: 'Found on' },
  resolvedOn: { zh: '解决日期', en: 'Resolved on' },
  resolution: { zh: '裁决结果', en: 'Resolution' },
};

/** A field's label; `findings[2].note` is labelled by its last name (note). */
export function fieldLabel(field: string, lang: 'zh' | 'en'): string {
  const name = field
    .replace(/^body\./, '')
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');
  return FIELD_LABELS[name]?.[lang] ?? field;
}
