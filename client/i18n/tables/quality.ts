// Words of the data-quality panel: Chinese (the default) and English, read with t('quality.<key>').
import type { Messages } from '../messages.ts';

export const zh = {
  title: '数据质量',
  menuTitle: '数据质量',
  open: '检查数据质量…',
  menuNote: '镇街缝隙与重叠、代码嵌套、重名、界线与界桩位置',
  needsStaff: '检查数据质量需要工作人员账号登录',
  close: '关闭',
  recheck: '重新检查',
  checking: '正在检查…',
  clean: '未发现问题',
  checkedIn: '{time} 检查，用时 {ms} 毫秒',
  checks: '检查项',
  passed: '通过',
  listed: '仅列出前 {n} 条',
  showOnMap: '在地图上显示',
  thresholds: '小于 {area} m² 的缝隙与重叠不计；平均宽度小于 {sliver} m 的为细条（警告）',
};

export const en: Messages<typeof zh> = {
  title: 'Data quality',
  menuTitle: 'Data quality',
  open: 'Check data quality…',
  menuNote: 'Gaps and overlaps of towns, nesting codes, duplicate names, lines and markers',
  needsStaff: 'Sign in with a staff account to check data quality',
  close: 'Close',
  recheck: 'Check again',
  checking: 'Checking…',
  clean: 'No problems found',
  checkedIn: 'Checked {time} in {ms} ms',
  checks: 'Checks',
  passed: 'passed',
  listed: 'first {n} listed',
  showOnMap: 'Show on the map',
  thresholds:
    'Gaps and overlaps under {area} m² are ignored; pieces narrower than {sliver} m on average are slivers (warnings)',
};
