// Language state for the whole client: zh-CN by default, English on request (remembered locally).
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { isMessageKey, type Language, type MessageKey, type MessageParams, translate } from './messages.ts';

export type { Language, MessageKey, MessageParams };
export { isMessageKey, translate };

const STORAGE_KEY = 'civic-atlas.language';

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  /** The UI text of `key` in the current language (client/i18n/messages.ts). */
  t: (key: MessageKey, params?: MessageParams) => string;
  /** Picks the Chinese or English variant of a name that comes with the data (e.g. from /api/meta). */
  pick: (nameZh: string, nameEn: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(() => {
    return {
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      pick: (nameZh, nameEn) => (language === 'zh' ? nameZh : nameEn),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
