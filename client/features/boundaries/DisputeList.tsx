// The district's disputes in the boundary panel: open ones by default (stage, risk, line), the
// adjudicated ones on request, and the button that starts a new one.
import { useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import type { BoundaryRecord } from './boundaryApi.ts';
import { CLAIM_COLOURS } from './disputeLayer.ts';
import { isOpen } from './disputes.ts';
import { valueLabel } from './text.ts';

export function RiskBadge({ level }: { level: unknown }) {
  const { language, t } = useI18n();
  if (typeof level !== 'string') return null;
  return (
    <span className={`ba-risk ba-risk-${level}`}>
      {t('boundaries.risk')} {valueLabel(level, language)}
    </span>
  );
}

interface ListProps {
  disputes: BoundaryRecord[] | undefined;
  error: unknown;
  lineName: (id: unknown) => string;
  onOpen: (id: number) => void;
  onNew: (() => void) | null;
}

export function DisputeList({ disputes, error, lineName, onOpen, onNew }: ListProps) {
  const { language, t } = useI18n();
  const [showClosed, setShowClosed] = useState(false);
  const open = (disputes ?? []).filter(isOpen);
  const shown = showClosed ? (disputes ?? []) : open;
  return (
    <section className="ba-disputes" data-testid="dispute-list" aria-labelledby="ba-disputes-title">
      <header className="ba-section-head">
        <h3 id="ba-disputes-title">
          {t('boundaries.boundaryDisputes')} <span className="ba-muted">{disputes ? open.length : '…'}</span>
        </h3>
        {onNew && (
          <button type="button" className="ba-button ba-primary" onClick={onNew} data-testid="new-dispute">
            {t('boundaries.newDispute')}
          </button>
        )}
      </header>
      <p className="ba-legend">
        <span className="ba-legend-item">
          <span className="ba-hatch" aria-hidden="true" />
          {t('boundaries.disputedArea')}
        </span>
        <span className="ba-legend-item">
          <span className="ba-claim" style={{ borderColor: CLAIM_COLOURS[0] }} aria-hidden="true" />
          <span className="ba-claim" style={{ borderColor: CLAIM_COLOURS[1] }} aria-hidden="true" />
          {t('boundaries.claimLines')}
        </span>
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
      {disputes && shown.length === 0 && <p className="ba-muted">{t('boundaries.noOpenDisputes')}</p>}
      <ul className="ba-dispute-items">
        {shown.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              className="ba-dispute-item"
              onClick={() => onOpen(d.id)}
              data-testid="dispute-item"
              data-id={d.id}
              data-stage={String(d.stage)}
            >
              <span className="ba-dispute-title">
                {typeof d.title === 'string'
                  ? d.title
                  : `${t('boundaries.dispute')} #${d.id} · ${valueLabel(d.causeType, language)}`}
              </span>
              <span className="ba-dispute-meta">
                <span className={`ba-stage ba-stage-${String(d.stage)}`}>
                  {valueLabel(d.stage, language)}
                </span>
                <RiskBadge level={d.riskLevel} />
                <span className="ba-muted">{d.lineId ? lineName(d.lineId) : '—'}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {disputes && disputes.length > open.length && (
        <label className="ba-check ba-field">
          <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
          <span>{t('boundaries.showAdjudicated')}</span>
        </label>
      )}
    </section>
  );
}
