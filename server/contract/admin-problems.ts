// Problem codes of account administration (the same shape as PROBLEMS in problems.ts, which
// includes these): the account rules of server/modules/auth/user-admin.ts and the password policy
// of passwords.ts, in English and Chinese. Plain data, bundled by the client.

export const ADMIN_PROBLEMS = {
  username_format: {
    en: 'must be 2-40 characters: a-z 0-9 _ . - (starting with a letter or digit)',
    zh: '应为 2–40 个字符：小写字母、数字、_ . -（以字母或数字开头）',
  },
  user_exists: { en: 'user {username} exists already', zh: '用户 {username} 已存在' },
  no_such_user: { en: 'no user {username}', zh: '没有用户 {username}' },
  last_admin: {
    en: 'would leave no active administrator; make another user an administrator first',
    zh: '这样将没有可用的管理员，请先把其他用户设为管理员',
  },
  own_role: {
    en: 'cannot be changed on your own account (another administrator can)',
    zh: '不能修改自己的角色（可请其他管理员修改）',
  },
  own_disable: { en: 'you cannot disable your own account', zh: '不能停用自己的账户' },
  password_too_short: {
    en: 'needs at least {min} characters (has {length})',
    zh: '至少需要 {min} 个字符（现有 {length} 个）',
  },
  password_too_long: { en: 'may have at most {max} characters', zh: '最多 {max} 个字符' },
  password_has_username: { en: 'must not contain the username', zh: '不能包含用户名' },
  password_guessable: {
    en: 'is a common, easily guessed password; choose a longer passphrase',
    zh: '是常见、容易被猜到的密码，请换一个更长的密码短语',
  },
  audit_export_too_many: {
    en: '{count} entries match; narrow the export to at most {max} with the filters (user, action, kind, dates)',
    zh: '符合条件的记录有 {count} 条，请用筛选条件（用户、操作、对象、日期）缩小到 {max} 条以内',
  },
} as const;
