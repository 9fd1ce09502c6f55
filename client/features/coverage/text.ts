// The coverage panel's words, Chinese first (UX.md: plain Chinese, or English).
import type { Language } from '../../i18n/index.tsx';

type Pair = [zh: string, en: string];

export type TextKey = keyof typeof import('../../i18n/tables/coverage.ts').zh;

export const STATUS_LABELS: Record<string, Pair> = {
  operating: ['运营中', 'Operating'],
  under_construction: ['在建', 'Under construction'],
  planned: ['规划', 'Planned'],
};

export const CATEGORY_LABELS: Record<string, Pair> = {
  elderly_care: ['养老服务', 'Elderly care'],
  funeral: ['殡葬服务', 'Funeral'],
  community: ['社区服务', 'Community'],
};

export const pick = (language: Language, pair: Pair | undefined, fallback = '') =>
  pair ? pair[language === 'zh' ? 0 : 1] : fallback;
