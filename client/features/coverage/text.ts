// The coverage panel's words, Chinese first (plain Chinese, or English).
import {
  FACILITY_CATEGORY_TERMS,
  FACILITY_STATUS_TERMS,
  labelPairs,
} from '../../../server/contract/vocabularies.ts';
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export type TextKey = keyof typeof import('../../i18n/tables/coverage.ts').zh;

export const STATUS_LABELS: Record<string, Pair> = labelPairs(FACILITY_STATUS_TERMS);

export const CATEGORY_LABELS: Record<string, Pair> = labelPairs(FACILITY_CATEGORY_TERMS);

export const pick = (language: Language, pair: Pair | undefined, fallback = '') =>
  pair ? pair[language === 'zh' ? 0 : 1] : fallback;
