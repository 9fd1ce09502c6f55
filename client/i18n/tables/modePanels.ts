// Words of the public mode panel: Chinese (the default) and English, read with t('modePanels.<key>').
import type { Messages } from '../messages.ts';

export const zh = {
  h: '史',
};

export const en: Messages<typeof zh> = {
  h: 'H',
};
