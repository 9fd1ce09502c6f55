// Words of record forms shared by every feature: Chinese (the default) and English, read with t('form.<key>').
import type { Messages } from '../messages.ts';

export const zh = {
  notSaved: '未保存：请修正标出的 {n} 处问题。',
  saved: '已保存',
  saving: '保存中…',
  save: '保存',
};

export const en: Messages<typeof zh> = {
  notSaved: 'Not saved: please fix the {n} problem(s) marked.',
  saved: 'Saved',
  saving: 'Saving…',
  save: 'Save',
};
