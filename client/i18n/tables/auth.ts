// Words of signing in and out: Chinese (the default) and English, read with t('auth.<key>').
import type { Messages } from '../messages.ts';

export const zh = {
  role_admin: '管理员',
  role_boundary_editor: '界线编辑',
  role_planner: '规划',
  role_viewer: '只读',
  role_place_name_editor: '地名编辑',
  role_place_name_approver: '地名审批',
  signOut: '退出',
  signIn: '登录',
  wrongUsernameOrPassword: '用户名或密码错误',
  tooManyFailedAttempts: '登录失败次数过多，请稍后再试',
  couldNotSignIn: '无法登录，请检查网络',
  username: '用户名',
  password: '密码',
  cancel: '取消',
  signingIn: '登录中…',
};

export const en: Messages<typeof zh> = {
  role_admin: 'admin',
  role_boundary_editor: 'boundary_editor',
  role_planner: 'planner',
  role_viewer: 'viewer',
  role_place_name_editor: 'place_name_editor',
  role_place_name_approver: 'place_name_approver',
  signOut: 'Sign out',
  signIn: 'Sign in',
  wrongUsernameOrPassword: 'Wrong username or password',
  tooManyFailedAttempts: 'Too many failed attempts; try again later',
  couldNotSignIn: 'Could not sign in; check the connection',
  username: 'Username',
  password: 'Password',
  cancel: 'Cancel',
  signingIn: 'Signing in…',
};
