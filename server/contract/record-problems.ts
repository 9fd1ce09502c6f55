// Problem codes of the facility, village-figure, place-name and vanished-name records (the same
// shape as PROBLEMS in problems.ts, which includes these). Plain data, bundled by the client.

export const RECORD_PROBLEMS = {
  starts_as: { en: 'a new record starts as {status}', zh: '新记录的状态为“{status}”', codes: ['status'] },
  code_in_use: { en: 'is already used by record {id}', zh: '已被记录 {id} 使用' },
  outside_every_district: {
    en: 'lies outside every district (more than {tolerance} m beyond their outlines)',
    zh: '不在任何区县范围内（超出边界 {tolerance} 米以上）',
  },
  subtype_category: {
    en: '{subtype} belongs to {category}, not {given}',
    zh: '“{subtype}”属于“{category}”，不是“{given}”',
    codes: ['subtype', 'category', 'given'],
  },
  nursing_beds_over_beds: {
    en: 'must not exceed beds (nursing beds are part of the beds)',
    zh: '不能多于床位数（护理型床位属于床位）',
  },
  elderly_over_population: { en: 'must not exceed population', zh: '不能多于常住人口' },
  village_code_format: { en: 'must be a 12-digit village code', zh: '必须是 12 位村（社区）代码' },
  unknown_village: { en: 'no village {code}', zh: '没有代码为 {code} 的村（社区）' },
  figures_exist: {
    en: 'village {code} already has figures for {year} (record {id}); edit those',
    zh: '村（社区）{code} 已有 {year} 年的数据（记录 {id}），请修改该记录',
  },
  pinyin_format: {
    en: 'must be pinyin in Latin letters with tone marks, e.g. Lóngshuǐ Zhèn',
    zh: '应为带声调的拉丁字母拼写',
  },
  retired_needs_valid_to: {
    en: 'is required for a retired name (until when it was used)',
    zh: '更名或注销的地名须填写使用截止日期',
  },
  approval_required: {
    en: 'is required to set the status to {status} (approving authority, date and document number)',
    zh: '转为“{status}”须填写批准机关、批准日期和批准文号',
    codes: ['status'],
  },
  name_decided: {
    en: 'cannot change once {status}: retire the name and propose the new one',
    zh: '地名已“{status}”，不能直接修改：请办理更名并申报新地名',
    codes: ['status'],
  },
  unknown_category: { en: 'no place-name category {category}', zh: '没有地名类别“{category}”' },
  period_required: {
    en: 'give the period the name was in use (periodFrom and/or periodTo)',
    zh: '请填写地名使用的年代（起止至少一项）',
  },
  unknown_town: { en: 'no town {code}', zh: '没有代码为 {code} 的镇街' },
  town_in_other_district: { en: 'is in another district', zh: '属于其他区县' },
  not_publishable: {
    en: 'no published or historical place name {id}',
    zh: '没有已公告或历史地名 {id}',
  },
} as const;
