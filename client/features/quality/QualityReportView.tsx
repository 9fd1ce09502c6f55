// A data-quality report as a list: problems grouped by severity with counts, then every check with
// its count (or 通过). Clicking a problem frames it on the map and draws its geometry in the
// 'quality-highlight' overlay. Used by the 数据质量 panel and by the import dialog after a dry run:
//   <QualityReportView report={report} />
import { useEffect, useState } from 'react';
import type { Severity } from '../../../server/contract/quality.schemas.ts';
import { formatDistance, formatInteger, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMapController } from '../../map/context.tsx';
import type { QualityProblem, QualityReport } from './qualityApi.ts';
import { CHECK_NAMES, SEVERITY_NAMES } from './text.ts';
import './quality.css';

/** The overlay's source and layer prefix on the map (layers `quality-highlight-fill|halo|line|point`). */
export const QUALITY_OVERLAY = 'quality-highlight';
/** Most serious first, as the server sorts (a value here: nothing of the server is bundled). */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
/** Bright blue on a white halo: no map layer uses it, and it reads on fills, lines and labels. */
const HIGHLIGHT = '#1570ef';

interface Props {
  report: QualityReport;
  /** Told after a problem is shown on the map (the panel folds its sheet on a phone). */
  onShow?: (problem: QualityProblem) => void;
}

export function formatArea(m2: number): string {
  return m2 < 1e6 ? `${formatInteger(m2)} m²` : `${formatNumber(m2 / 1e6)} km²`;
}

export function QualityReportView({ report, onShow }: Props) {
  const mapController = useMapController();
  const { language, t } = useI18n();
  const [selected, setSelected] = useState<string | null>(null);

  // A new report (or leaving) takes the old highlight away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `report` is the trigger, not an input.
  useEffect(() => {
    setSelected(null);
    mapController?.setOverlay(QUALITY_OVERLAY, null, { colour: HIGHLIGHT });
    return () => mapController?.setOverlay(QUALITY_OVERLAY, null, { colour: HIGHLIGHT });
  }, [report, mapController]);

  const show = (problem: QualityProblem) => {
    const controller = mapController;
    setSelected(problem.id);
    if (!controller) return;
    controller.setOverlay(
      QUALITY_OVERLAY,
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: problem.id, check: problem.check, severity: problem.severity },
            geometry: problem.geometry,
          },
        ],
      },
      { colour: HIGHLIGHT, halo: true, fillOpacity: 0.3 },
    );
    controller.frame(problem.geometry);
    onShow?.(problem);
  };

  const bySeverity = (severity: Severity) => report.problems.filter((p) => p.severity === severity);
  const total = report.counts.error + report.counts.warning + report.counts.info;

  return (
    <div className="qa-report" data-testid="quality-report">
      <ul className="qa-summary" aria-label={t('quality.title')}>
        {SEVERITIES.map((severity) => (
          <li key={severity} className={`qa-chip qa-${severity}`} data-testid={`quality-count-${severity}`}>
            <span>{SEVERITY_NAMES[severity][language]}</span>
            <strong>{formatInteger(report.counts[severity])}</strong>
          </li>
        ))}
      </ul>
      {total === 0 && <p className="qa-clean">✓ {t('quality.clean')}</p>}
      {SEVERITIES.map((severity) => {
        const problems = bySeverity(severity);
        if (problems.length === 0) return null;
        return (
          <section key={severity} className="qa-group" data-severity={severity}>
            <h3 className="section-title">
              <span className={`qa-dot qa-${severity}`} aria-hidden="true" />
              {SEVERITY_NAMES[severity][language]}
              <small>{formatInteger(report.counts[severity])}</small>
            </h3>
            <ul className="qa-list">
              {problems.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="qa-row"
                    aria-pressed={selected === p.id}
                    title={t('quality.showOnMap')}
                    data-testid="quality-problem"
                    data-id={p.id}
                    data-check={p.check}
                    data-severity={p.severity}
                    onClick={() => show(p)}
                  >
                    <span className="qa-row-head">
                      <span className="qa-check">{CHECK_NAMES[p.check][language]}</span>
                      {p.areaM2 !== undefined && <span className="qa-measure">{formatArea(p.areaM2)}</span>}
                      {p.areaM2 === undefined && p.distanceM !== undefined && (
                        <span className="qa-measure">{formatDistance(p.distanceM)}</span>
                      )}
                    </span>
                    <span className="qa-message">{p.message[language]}</span>
                    <span className="qa-codes">{p.codes.join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <h3 className="section-title">{t('quality.checks')}</h3>
      <table className="table qa-checks">
        <tbody>
          {report.checks.map((c) => (
            <tr key={c.check} data-check={c.check}>
              <th scope="row">{CHECK_NAMES[c.check][language]}</th>
              <td>
                {c.total === 0 ? (
                  <span className="qa-passed">✓ {t('quality.passed')}</span>
                ) : (
                  <span>
                    {SEVERITIES.filter((s) => c[s] > 0)
                      .map((s) => `${SEVERITY_NAMES[s][language]} ${formatInteger(c[s])}`)
                      .join(' · ')}
                    {c.listed < c.total && (
                      <small> ({t('quality.listed', { n: formatInteger(c.listed) })})</small>
                    )}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted qa-note">
        {t('quality.thresholds', {
          area: report.thresholds.minAreaM2,
          sliver: report.thresholds.sliverWidthM,
        })}
      </p>
    </div>
  );
}
