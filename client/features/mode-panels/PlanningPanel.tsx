// 规划分析 (planning) mode, for now: facilities by category and status, and elderly-care beds.
// The coverage analysis (issue 3) takes this slot over through features/modes.tsx.
import { api } from '../../api/client.ts';
import type { FacilityCategory } from '../../api/types.ts';
import { useApi } from '../../app/useApi.ts';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { formatInteger, formatPercent } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import type { ModePanelProps } from '../modes.tsx';

const CATEGORIES: FacilityCategory[] = ['elderly_care', 'funeral', 'community'];
const STATUSES = ['operating', 'under_construction', 'planned'] as const;

interface Summary {
  counts: Record<FacilityCategory, Record<(typeof STATUSES)[number], number>>;
  beds: number;
  nursingBeds: number;
}

export function PlanningPanel({ district }: ModePanelProps) {
  const { t } = useI18n();
  const code = district?.code;
  const summary = useApi<Summary>(
    code
      ? async (signal) => {
          const fc = await api.items('facilities', { district: code, limit: 10000 }, signal);
          const counts = Object.fromEntries(
            CATEGORIES.map((c) => [c, { operating: 0, under_construction: 0, planned: 0 }]),
          ) as Summary['counts'];
          let beds = 0;
          let nursingBeds = 0;
          for (const f of fc.features) {
            const p = f.properties ?? {};
            const row = counts[p.category as FacilityCategory];
            const status = p.status as (typeof STATUSES)[number];
            if (row && status in row) row[status] += 1;
            if (p.category === 'elderly_care' && p.status === 'operating') {
              beds += Number(p.beds ?? 0);
              nursingBeds += Number(p.nursingBeds ?? 0);
            }
          }
          return { counts, beds, nursingBeds };
        }
      : null,
    [code],
  );
  return (
    <div className="mode-panel" data-mode-panel="planning">
      <h2 className="panel-title">
        {district?.name} · {t('planning.title')}
      </h2>
      <p className="muted">{t('planning.intro')}</p>
      {summary.error !== undefined && <ErrorMessage error={summary.error} onRetry={summary.retry} />}
      {summary.loading && <p className="muted">{t('overview.loading')}</p>}
      {summary.data && (
        <>
          <h3 className="section-title">{t('planning.byCategory')}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col" />
                {STATUSES.map((s) => (
                  <th key={s} scope="col" className="num">
                    {t(`status.${s}` as MessageKey)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.map((c) => (
                <tr key={c}>
                  <th scope="row">{t(`category.${c}` as MessageKey)}</th>
                  {STATUSES.map((s) => (
                    <td key={s} className="num">
                      {formatInteger(summary.data?.counts[c][s] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="stat-grid">
            <div className="stat">
              <span className="stat-label">{t('planning.beds')}</span>
              <span className="stat-value">
                {formatInteger(summary.data.beds)} <small>{t('unit.beds')}</small>
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('planning.nursingShare')}</span>
              <span className="stat-value">
                {summary.data.beds > 0 ? formatPercent(summary.data.nursingBeds / summary.data.beds) : '—'}
              </span>
            </div>
          </div>
        </>
      )}
      <p className="coming-soon">{t('planning.coming')}</p>
    </div>
  );
}
