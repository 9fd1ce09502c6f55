// 地名查询 (public) mode: the district at a glance and its historical place names.
import { api } from '../../api/client.ts';
import { useApi } from '../../app/useApi.ts';
import { formatInteger, formatPercent } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/index.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import type { ModePanelProps } from '../modes.tsx';

const COUNTS: {
  key: 'towns' | 'villages' | 'facilities' | 'placeNames' | 'boundaryLines' | 'boundaryMarkers';
  label: MessageKey;
}[] = [
  { key: 'towns', label: 'count.towns' },
  { key: 'villages', label: 'count.villages' },
  { key: 'facilities', label: 'count.facilities' },
  { key: 'placeNames', label: 'count.placeNames' },
  { key: 'boundaryLines', label: 'count.boundaryLines' },
  { key: 'boundaryMarkers', label: 'count.boundaryMarkers' },
];

export function PublicPanel({ district, meta, select }: ModePanelProps) {
  const { t, pick } = useI18n();
  const code = district?.code;
  const historical = useApi(
    code
      ? (signal) =>
          // Only the historical names, filtered by the server (not every name of the district).
          api
            .items('place-names', { district: code, isHistorical: true, limit: 10000 }, signal)
            .then((fc) => fc.features)
      : null,
    [code],
  );
  if (!district) return <p className="muted">{t('overview.loading')}</p>;
  return (
    <div className="mode-panel" data-mode-panel="public">
      <h2 className="panel-title">
        {district.name} · {t('overview.title')}
      </h2>
      <div className="stat-grid">
        <div className="stat">
          <span className="stat-label">{t('overview.population')}</span>
          <span className="stat-value">
            {formatInteger(district.population)} <small>{t('unit.people')}</small>
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('overview.elderly')}</span>
          <span className="stat-value">
            {formatInteger(district.elderlyPopulation)} <small>{t('unit.people')}</small>
          </span>
          {district.population > 0 && (
            <span className="stat-note">
              {formatPercent(district.elderlyPopulation / district.population)}
            </span>
          )}
        </div>
      </div>
      <h3 className="section-title">{t('overview.layerCounts')}</h3>
      <dl className="count-list">
        {COUNTS.map((c) => (
          <div key={c.key}>
            <dt>{t(c.label)}</dt>
            <dd>{formatInteger(district[c.key])}</dd>
          </div>
        ))}
      </dl>
      <h3 className="section-title">
        <span className="badge badge-historical">{t('modePanels.h')}</span> {t('overview.historical')}
      </h3>
      {historical.error !== undefined && <ErrorMessage error={historical.error} onRetry={historical.retry} />}
      {historical.loading && <p className="muted">{t('overview.loading')}</p>}
      {historical.data && historical.data.length === 0 && (
        <p className="muted">{t('overview.historicalEmpty')}</p>
      )}
      {historical.data && historical.data.length > 0 && (
        <ul className="result-list">
          {historical.data.map((feature) => {
            const p = feature.properties ?? {};
            const category = meta?.placeNameCategories.find((c) => c.category === p.category);
            const label = Array.isArray(p.labelPoint) ? (p.labelPoint as [number, number]) : undefined;
            return (
              <li key={String(feature.id)}>
                <button
                  type="button"
                  className="result"
                  onClick={() => select({ collection: 'place-names', id: String(feature.id) }, label)}
                >
                  <span className="result-name historical-name">{String(p.name ?? '')}</span>
                  <span className="result-meta">
                    {[
                      category ? pick(category.nameZh, category.nameEn) : undefined,
                      p.townName ? String(p.townName) : undefined,
                      p.protectionList ? String(p.protectionList) : undefined,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
