// The boundary statistics dashboard (public): district totals, bars by status / condition / stage,
// and a per-town table that sorts by any column and exports to CSV.
import { useState } from 'react';
import { toCsv } from '../../../server/contract/csv.ts';
import { LINE_STATUS_COLOURS, MARKER_CONDITION_COLOURS } from '../../../server/contract/map/palette.ts';
import { useApi } from '../../app/useApi.ts';
import { formatInteger, formatNumber, formatPercent } from '../../i18n/format.ts';
import { type MessageKey, translate, useI18n } from '../../i18n/index.tsx';
import { download } from '../../ui/download.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { boundaryApi, type Summary } from './boundaryApi.ts';
import { valueLabel } from './text.ts';

const STAGE_COLOURS: Record<string, string> = {
  found: '#f59e0b',
  negotiating: '#2563eb',
  reported: '#7c3aed',
  adjudicated: '#475467',
};

function Bars({
  values,
  colours,
  unit,
  onOpen,
}: {
  values: Record<string, number>;
  colours: Record<string, string>;
  unit?: string;
  /** A count that opens the list of what it counts (损坏 28 → those 28 markers). */
  onOpen?: (key: string) => void;
}) {
  const { language } = useI18n();
  const total = Object.values(values).reduce((a, b) => a + b, 0);
  return (
    <ul className="ba-bars">
      {Object.entries(values).map(([key, value]) => (
        <li key={key}>
          <span className="ba-bar-label">{valueLabel(key, language)}</span>
          <span className="ba-bar-track" aria-hidden="true">
            <span
              className="ba-bar-fill"
              style={{ width: `${total ? (value / total) * 100 : 0}%`, background: colours[key] }}
            />
          </span>
          {onOpen && value > 0 ? (
            <button
              type="button"
              className="ba-bar-value ba-link"
              data-testid={`count-${key}`}
              onClick={() => onOpen(key)}
            >
              {formatInteger(value)}
            </button>
          ) : (
            <span className="ba-bar-value">
              {unit ? formatNumber(value) : formatInteger(value)}
              {unit}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

type Column = {
  key: string;
  label: MessageKey;
  value: (s: Summary & { name: string }) => number | string;
  format?: (v: number) => string;
};
const COLUMNS: Column[] = [
  { key: 'name', label: 'boundaries.column_name', value: (s) => s.name },
  { key: 'km', label: 'boundaries.column_km', value: (s) => s.totalKm, format: formatNumber },
  { key: 'share', label: 'boundaries.column_share', value: (s) => s.delimitedShare, format: formatPercent },
  { key: 'markers', label: 'boundaries.column_markers', value: (s) => s.markerCount, format: formatInteger },
  {
    key: 'bad',
    label: 'boundaries.column_bad',
    value: (s) => s.markerCount - (s.markersByCondition.intact ?? 0),
    format: formatInteger,
  },
  {
    key: 'overdue',
    label: 'boundaries.column_overdue',
    value: (s) => s.inspectionsOverdue,
    format: formatInteger,
  },
  {
    key: 'soon',
    label: 'boundaries.column_soon',
    value: (s) => s.inspectionsDueWithin12Months,
    format: formatInteger,
  },
  {
    key: 'disputes',
    label: 'boundaries.column_disputes',
    value: (s) => s.openDisputes,
    format: formatInteger,
  },
];

function statsCsv(rows: (Summary & { name: string; code: string })[], language: 'zh' | 'en'): string {
  const head = ['code', ...COLUMNS.map((c) => translate(language, c.label))];
  return toCsv(
    head,
    rows.map((r) => [r.code, ...COLUMNS.map((c) => c.value(r))]),
  );
}

export function StatsDashboard({
  districtCode,
  onMarkers,
}: {
  districtCode: string;
  /** Opens the markers in a condition (the counts are links when given). */
  onMarkers?: (condition: string) => void;
}) {
  const { language, t } = useI18n();
  const stats = useApi(() => boundaryApi.stats(districtCode), [districtCode]);
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'overdue', desc: true });
  if (stats.error !== undefined) return <ErrorMessage error={stats.error} onRetry={stats.retry} />;
  if (!stats.data) return <p className="ba-muted">{t('boundaries.computing')}</p>;
  const d = stats.data.district;
  const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0]!;
  const rows = [...stats.data.towns].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
    return sort.desc ? -order : order;
  });
  const downloadCsv = () =>
    download(
      `boundary-stats-${stats.data?.code}-${stats.data?.asOf}.csv`,
      statsCsv(rows, language),
      'text/csv;charset=utf-8',
    );
  return (
    <section className="ba-stats" data-testid="boundary-stats">
      <div className="ba-kpis">
        <div className="ba-kpi">
          <span>{t('boundaries.lineLength')}</span>
          <strong>{formatNumber(d.totalKm)} km</strong>
        </div>
        <div className="ba-kpi">
          <span>{t('boundaries.delimited')}</span>
          <strong>{formatPercent(d.delimitedShare)}</strong>
        </div>
        <div className={`ba-kpi ${d.inspectionsOverdue ? 'ba-kpi-alert' : ''}`}>
          <span>{t('boundaries.inspectionsOverdue')}</span>
          <strong>{formatInteger(d.inspectionsOverdue)}</strong>
        </div>
        <div className="ba-kpi">
          <span>{t('boundaries.dueWithin12Months')}</span>
          <strong>{formatInteger(d.inspectionsDueWithin12Months)}</strong>
        </div>
        <div className="ba-kpi">
          <span>{t('boundaries.markers')}</span>
          <strong>{formatInteger(d.markerCount)}</strong>
        </div>
        <div className={`ba-kpi ${d.openDisputes ? 'ba-kpi-alert' : ''}`}>
          <span>{t('boundaries.openDisputes')}</span>
          <strong>{formatInteger(d.openDisputes)}</strong>
        </div>
      </div>
      <h4>{t('boundaries.lineLengthByStatus')}</h4>
      <Bars values={d.kmByStatus} colours={LINE_STATUS_COLOURS} unit=" km" />
      <h4>{t('boundaries.markersByCondition')}</h4>
      <Bars values={d.markersByCondition} colours={MARKER_CONDITION_COLOURS} onOpen={onMarkers} />
      <h4>{t('boundaries.openDisputesByStage')}</h4>
      <Bars values={d.openDisputesByStage} colours={STAGE_COLOURS} />
      <div className="ba-table-head">
        <h4>{t('boundaries.byTown')}</h4>
        <button type="button" className="ba-button ba-small" onClick={downloadCsv}>
          {t('boundaries.exportCsv')}
        </button>
      </div>
      <div className="ba-table-scroll">
        <table className="ba-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    onClick={() =>
                      setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : c.key !== 'name' })
                    }
                  >
                    {t(c.label)}
                    {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                {COLUMNS.map((c) => {
                  const v = c.value(r);
                  return <td key={c.key}>{typeof v === 'number' && c.format ? c.format(v) : v}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="ba-muted">
        {t('boundaries.asOf')} {stats.data.asOf} · {t('boundaries.aTownshipLineCounts')}
      </p>
    </section>
  );
}
