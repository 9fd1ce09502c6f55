// The search box in the top bar. A placeholder until place-name search (issue 5) replaces it;
// `/` focuses it from anywhere (see App.tsx).
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

export const SEARCH_INPUT_ID = 'global-search';

export function SearchBox() {
  const { t } = useI18n();
  const [hint, setHint] = useState(false);
  return (
    <form
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        setHint(true);
      }}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z"
          fill="currentColor"
        />
      </svg>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchPlaceholder')}
        onBlur={() => setHint(false)}
      />
      <kbd>/</kbd>
      {hint && (
        <p className="popover search-hint" role="status">
          {t('searchComing')}
        </p>
      )}
    </form>
  );
}
