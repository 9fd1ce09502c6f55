// The top bar: product name, district switcher, search, mode tabs, language, log-in, demo badge.
import type { ReactNode } from 'react';
import type { District } from '../api/types.ts';
import type { Mode } from '../app/url.ts';
import { MODES } from '../app/url.ts';
import { LoginButton } from '../features/auth/LoginButton.tsx';
import { MODE_PANELS } from '../features/modes.tsx';
import { useI18n } from '../i18n/index.tsx';
import { DemoBadge } from './DemoBadge.tsx';
import { SearchBox } from './SearchBox.tsx';

interface Props {
  districts: District[] | undefined;
  districtCode: string;
  onDistrictChange: (code: string) => void;
  mode: Mode;
  onModeChange: (mode: Mode) => void;
  demoData: boolean;
  /** Extra buttons before the language toggle (e.g. the 数据 import/export menu). */
  actions?: ReactNode;
}

export function TopBar({
  districts,
  districtCode,
  onDistrictChange,
  mode,
  onModeChange,
  demoData,
  actions,
}: Props) {
  const { t, language, setLanguage } = useI18n();
  return (
    <header className={`top-bar ${districts?.length === 0 ? 'has-no-district' : ''}`}>
      <div className="brand">
        <span className="brand-seal" aria-hidden="true">
          民
        </span>
        <span className="brand-text">
          <span className="brand-name">{t('productName')}</span>
          <span className="brand-sub">{t('productNameEn')}</span>
        </span>
      </div>
      {demoData && <DemoBadge />}
      {/* A database with no district yet (the first-run guide is showing) has nothing to pick. */}
      {districts?.length !== 0 && (
        <label className="district-switcher">
          <span className="visually-hidden">{t('district')}</span>
          <select
            value={districtCode}
            onChange={(e) => onDistrictChange(e.target.value)}
            data-testid="district-switcher"
          >
            {(districts ?? []).map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
            {!districts && <option value={districtCode}>…</option>}
          </select>
        </label>
      )}
      <SearchBox district={districtCode} />
      <nav className="mode-tabs" aria-label={t('mode.label')}>
        {MODES.map((m) => (
          <button
            key={m}
            type="button"
            className="mode-tab"
            aria-pressed={m === mode}
            data-mode={m}
            onClick={() => onModeChange(m)}
          >
            {t(MODE_PANELS[m].label)}
          </button>
        ))}
      </nav>
      <div className="top-actions">
        {actions}
        <button
          type="button"
          className="lang-toggle"
          onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
          aria-label={t('language')}
          title={t('language')}
        >
          <span className={language === 'zh' ? 'is-active' : ''}>中文</span>
          <span className={language === 'en' ? 'is-active' : ''}>EN</span>
        </button>
        <LoginButton />
      </div>
    </header>
  );
}
