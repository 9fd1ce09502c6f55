// 界线管理 (boundaries) mode, for now: boundary lines by survey status and markers by condition.
// Boundary editing and inspections (issue 4) take this slot over through features/modes.tsx.
import { api } from '../../api/client.ts';
import type { BoundaryLineStatus, MarkerCondition } from '../../api/types.ts';
import { useApi } from '../../app/useApi.ts';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { formatInteger } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LINE_STATUSES, MARKER_CONDITIONS } from '../../map/layers.ts';
import { LINE_STATUS_COLOURS, MARKER_CONDITION_COLOURS } from '../../map/palette.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Swatch } from '../../ui/Swatch.tsx';
import type { ModePanelProps } from '../modes.tsx';

interface Summary {
  lines: Record<BoundaryLineStatus, number>;
  markers: Record<MarkerCondition, number>;
}

function BarRow({
  label,
  count,
  total,
  colour,
  swatch,
}: {
  label: string;
  count: number;
  total: number;
  colour: string;
  swatch: React.ReactNode;
}) {
  return (
    <li className="bar-row">
      {swatch}
      <span className="bar-label">{label}</span>
      <span className="bar-track" aria-hidden="true">
        <span
          className="bar-fill"
          style={{ width: `${total > 0 ? (count / total) * 100 : 0}%`, background: colour }}
        />
      </span>
      <span className="bar-count">{formatInteger(count)}</span>
    </li>
  );
}

export function BoundariesPanel({ district }: ModePanelProps) {
  const { t } = useI18n();
  const code = district?.code;
  const summary = useApi<Summary>(
    code
      ? async (signal) => {
          const [lineCounts, markers] = await Promise.all([
            Promise.all(
              LINE_STATUSES.map((status) =>
                api
                  .items('boundary-lines', { district: code, status, limit: 1 }, signal)
                  .then((fc) => fc.numberMatched),
              ),
            ),
            api.items('boundary-markers', { district: code, limit: 10000 }, signal),
          ]);
          const lines = Object.fromEntries(
            LINE_STATUSES.map((s, i) => [s, lineCounts[i] ?? 0]),
          ) as Summary['lines'];
          const markerCounts = Object.fromEntries(MARKER_CONDITIONS.map((c) => [c, 0])) as Summary['markers'];
          for (const f of markers.features) {
            const condition = f.properties?.condition as MarkerCondition;
            if (condition in markerCounts) markerCounts[condition] += 1;
          }
          return { lines, markers: markerCounts };
        }
      : null,
    [code],
  );
  const data = summary.data;
  const lineTotal = data ? Object.values(data.lines).reduce((a, b) => a + b, 0) : 0;
  const markerTotal = data ? Object.values(data.markers).reduce((a, b) => a + b, 0) : 0;
  return (
    <div className="mode-panel" data-mode-panel="boundaries">
      <h2 className="panel-title">
        {district?.name} · {t('boundaries.title')}
      </h2>
      <p className="muted">{t('boundaries.intro')}</p>
      {summary.error !== undefined && <ErrorMessage error={summary.error} onRetry={summary.retry} />}
      {summary.loading && <p className="muted">{t('overview.loading')}</p>}
      {data && (
        <>
          <h3 className="section-title">
            {t('boundaries.linesByStatus')}{' '}
            <small>
              {t('total')} {formatInteger(lineTotal)}
            </small>
          </h3>
          <ul className="bar-list" data-summary="lines">
            {LINE_STATUSES.map((s) => (
              <BarRow
                key={s}
                label={t(`line.${s}` as MessageKey)}
                count={data.lines[s]}
                total={lineTotal}
                colour={LINE_STATUS_COLOURS[s]}
                swatch={
                  <Swatch
                    swatch={{
                      kind: 'line',
                      colour: LINE_STATUS_COLOURS[s],
                      width: 3,
                      dashed: s === 'undelimited',
                    }}
                  />
                }
              />
            ))}
          </ul>
          <h3 className="section-title">
            {t('boundaries.markersByCondition')}{' '}
            <small>
              {t('total')} {formatInteger(markerTotal)}
            </small>
          </h3>
          <ul className="bar-list" data-summary="markers">
            {MARKER_CONDITIONS.map((c) => (
              <BarRow
                key={c}
                label={t(`marker.${c}` as MessageKey)}
                count={data.markers[c]}
                total={markerTotal}
                colour={MARKER_CONDITION_COLOURS[c]}
                swatch={
                  <Swatch
                    swatch={{
                      kind: 'circle',
                      colour: MARKER_CONDITION_COLOURS[c],
                      radius: 5,
                      hollow: c === 'missing',
                    }}
                  />
                }
              />
            ))}
          </ul>
        </>
      )}
      <p className="coming-soon">{t('boundaries.coming')}</p>
    </div>
  );
}
