// 规划指标: each plan target (docs/DOMAIN.md §3) as a card — value against target with a bar, met / not met,
// and the towns that fall short (click one to zoom to it when the coverage table knows its extent).
import { useApi } from '../../app/useApi.ts';
import { formatInteger, formatNumber, formatPercent } from '../../i18n/format.ts';
import { type Language, translate, useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { coverageApi, type Indicator } from './coverageApi.ts';

const SHOWN_TOWNS = 8;

function formatValue(value: number | null, unit: string, language: Language): string {
  if (value === null) return '—';
  if (unit === 'share') return formatPercent(value);
  if (unit === 'count') return `${formatInteger(value)}${translate(language, 'coverage.beds')}`;
  if (unit === 'm2_per_100_households')
    return `${formatNumber(value)}${translate(language, 'coverage.perHundredHouseholds')}`;
  return formatNumber(value);
}

export function IndicatorsView(props: {
  district: string;
  language: Language;
  onTown: (code: string) => void;
}) {
  const { district, language, onTown } = props;
  const { t } = useI18n();
  const state = useApi((signal) => coverageApi.indicators(district, signal), [district]);
  if (state.error !== undefined) return <ErrorMessage error={state.error} onRetry={state.retry} />;
  if (!state.data) return <p className="muted">{t('coverage.loading')}</p>;
  const { indicators, unsupported } = state.data;
  const withTarget = indicators.filter((i) => i.met !== null);
  const metCount = withTarget.filter((i) => i.met).length;
  return (
    <div className="cv-indicators" data-indicators="">
      <h3 className="section-title">
        {t('coverage.indicators')}
        <small data-met-summary="">
          {t('coverage.metOfTotal', {
            met: formatInteger(metCount),
            total: formatInteger(withTarget.length),
          })}
        </small>
      </h3>
      <ul className="cv-cards">
        {indicators.map((indicator) => (
          <IndicatorCard key={indicator.key} indicator={indicator} language={language} onTown={onTown} />
        ))}
      </ul>
      {unsupported.length > 0 && (
        <p className="muted">
          {t('coverage.unsupported')}：{unsupported.map((u) => u.nameZh).join('、')}
        </p>
      )}
    </div>
  );
}

function IndicatorCard({
  indicator,
  language,
  onTown,
}: {
  indicator: Indicator;
  language: Language;
  onTown: (code: string) => void;
}) {
  const { value, target, unit, met, comparison } = indicator;
  const { t } = useI18n();
  const state = met === null ? 'none' : met ? 'met' : 'unmet';
  // The bar shows value against the target (or against 100 % for shares without a target).
  const scale = Math.max(value ?? 0, target ?? 0, unit === 'share' ? 1 : 0) || 1;
  const towns = indicator.failingTowns;
  return (
    <li className={`cv-card cv-card-${state}`} data-indicator={indicator.key} data-met={state}>
      <div className="cv-card-head">
        <span className="cv-card-name">{language === 'zh' ? indicator.nameZh : indicator.nameEn}</span>
        <span className={`cv-badge cv-badge-${state}`}>
          {t(state === 'met' ? 'coverage.met' : state === 'unmet' ? 'coverage.unmet' : 'coverage.noTarget')}
        </span>
      </div>
      <div className="cv-card-figures">
        <span>
          {t('coverage.value')} <strong>{formatValue(value, unit, language)}</strong>
        </span>
        <span>
          {t('coverage.target')}{' '}
          {target === null
            ? '—'
            : `${comparison === '>=' ? '≥' : '≤'} ${formatValue(target, unit, language)}`}
        </span>
      </div>
      <div className="cv-gauge" aria-hidden="true">
        <span
          className={`cv-gauge-fill cv-gauge-${state}`}
          style={{ width: `${((value ?? 0) / scale) * 100}%` }}
        />
        {target !== null && (
          <span className="cv-gauge-target" style={{ left: `${(target / scale) * 100}%` }} />
        )}
      </div>
      {towns.length > 0 && (
        <p className="cv-failing">
          {t('coverage.failingTowns')}（{formatInteger(towns.length)}）：
          {towns.slice(0, SHOWN_TOWNS).map((t, i) => (
            <span key={t.code}>
              {i > 0 ? '、' : ''}
              <button type="button" className="link-button" onClick={() => onTown(t.code)}>
                {t.name}
              </button>
            </span>
          ))}
          {towns.length > SHOWN_TOWNS ? ` ${t('coverage.andMore')}` : ''}
        </p>
      )}
      <p className="cv-basis">{language === 'zh' ? indicator.basisZh : indicator.basis}</p>
    </li>
  );
}
