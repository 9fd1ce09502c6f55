// Words of the first-run guide: Chinese (the default) and English, read with t('firstRun.<key>').
import type { Messages } from '../messages.ts';

export const zh = {
  title: '开始使用',
  heading: '建立本区县的民政一张图',
  intro: '数据库里还没有区县数据。按下面的顺序操作，几分钟后地图上就是本区县。',
  step1: '创建管理员账号',
  step1Text: '在服务器上另开一个终端，进入项目目录运行下面的命令，按提示输入两次密码：',
  step2: '登录',
  step2Text: '用刚创建的账号登录。',
  signedInAs: '已登录：',
  step3: '按顺序导入数据',
  step3Text: '先导入区县轮廓，其余各项依次导入（镇街属于区县，村属于镇街）。每一步都先试导入检查，再写入。',
  formats:
    '格式：Shapefile 压缩包（含 GBK/CP936 编码的属性表、CGCS2000 高斯-克吕格投影）、GeoPackage、KML/KMZ、GeoJSON、CSV、XLSX。',
  import: '导入…',
  step4: '定期备份',
  step4Text: '备份写入 backups/ 目录；恢复用 npm run db:restore -- 备份文件。',
  reload: '已导入区县轮廓？刷新',
  readme: '详细说明见项目 README.md 的「Run it for your own district」一节。',
};

export const en: Messages<typeof zh> = {
  title: 'Getting started',
  heading: 'Put your district on the map',
  intro: 'The database holds no district yet. Follow these steps in order to see your own district here.',
  step1: 'Create an administrator',
  step1Text:
    'On the server, open a second terminal in the project folder, run this and type the password twice:',
  step2: 'Sign in',
  step2Text: 'Sign in with the account you just made.',
  signedInAs: 'Signed in as ',
  step3: 'Import your data, in this order',
  step3Text:
    'The district outline comes first; the rest follow (towns belong to the district, villages to towns). Each import is checked in a dry run before anything is written.',
  formats:
    'Formats: zipped Shapefile (GBK/CP936 attributes and CGCS2000 Gauss-Krüger projections included), GeoPackage, KML/KMZ, GeoJSON, CSV, XLSX.',
  import: 'Import…',
  step4: 'Back up regularly',
  step4Text: 'Backups go to backups/; restore one with npm run db:restore -- FILE.',
  reload: 'Imported the outline? Reload',
  readme: 'The full walk-through is the section "Run it for your own district" in the project README.md.',
};
